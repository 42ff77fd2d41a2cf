import type { Browser, Runtime, WebNavigation, WebRequest } from 'webextension-polyfill';
import type { Site } from '../config/schema';
import { findSiteForUrl, urlMatchesHosts } from '../config/hosts';
import { createRateLimiter } from '../detect/rate-limit';
import type { OverrideEngine } from '../overrides/engine';
import type { DocumentStore } from '../overrides/documents';
import { carriedBy } from '../transports/registry';
import type { ChildHello, ToChildScript } from '../overrides/page/channel';
import { OVERRIDE_STATE_KEY, changedGroups, type OverrideState } from '../overrides/state';
import type { PageReply } from '../detect/page-protocol';
import type { SiteRequests } from './navigation';

export interface ChildrenDeps {
  engine: OverrideEngine;
  sites(): Promise<Site[]>;
  documents: DocumentStore;
  /** Where webRequest listeners are added: heard for the sites' hosts only (navigation.ts). */
  requests: SiteRequests;
}

/** How long a window.open child waits on about:blank for the page's "navigate it" at most. */
const CLAIM_WAIT_MS = 5_000;
/** A child's first document may be re-sent (GET only, once) this long after it opened. */
const RETRY_WINDOW_MS = 30_000;
const MAX_URL = 8_192;

/**
 * Tabs opened from a tab under test, under test from their first request:
 * - the opener is webNavigation's `sourceTabId` (the tab whose page opened it), never
 *   `tabs.Tab.openerTabId` (Chrome's active tab, wrong for a page in a background tab);
 * - the child-tab content script hands the background the new tabs the tester opens; they are
 *   created on about:blank, inherit, and only then go to their URL (`child/open`); a page's
 *   `window.open` child waits on about:blank the same way (`child/window`);
 * - every top-level request is checked as sent (`onSendHeaders`): whether the override header
 *   or cookie was on it is recorded per tab, and a child whose first GET went without anyway
 *   (opened in a way nothing can intercept: the context menu, a drag) is loaded again, once.
 * A page can only act on its own tab's children, with its own tab's overrides, on its own site.
 */
export function registerChildren(browser: Browser, deps: ChildrenDeps) {
  const { engine } = deps;
  /** Children opened on about:blank by a page (window.open), per source tab, not yet claimed. */
  const blank = new Map<number, { tabId: number; at: number }[]>();
  const waiting = new Map<number, (() => void)[]>();
  /** Children and when they opened: their first GET may be loaded again once. */
  const children = new Map<number, number>();
  const retried = new Set<number>();
  /** Tabs Flagtab opened itself: never claimed as a page's window.open child. */
  const own = new Set<number>();
  const limiter = createRateLimiter({ perSecond: 5, burst: 30, now: Date.now });

  function childOpened(tabId: number, sourceTabId: number, url: string | undefined) {
    children.set(tabId, Date.now());
    if (children.size > 200) children.delete(children.keys().next().value!);
    return engine.tabCreated({ id: tabId, openerTabId: sourceTabId, pendingUrl: url });
  }

  /** A page opened a new tab or window (webNavigation.onCreatedNavigationTarget, see navigation.ts). */
  function createdTarget(d: WebNavigation.OnCreatedNavigationTargetDetailsType) {
    if (own.has(d.tabId)) return; // opened by Flagtab, and already under test
    void childOpened(d.tabId, d.sourceTabId, d.url);
    if (d.url === 'about:blank' || d.url === '') {
      const list = blank.get(d.sourceTabId) ?? [];
      list.push({ tabId: d.tabId, at: Date.now() });
      blank.set(d.sourceTabId, list.slice(-20));
      for (const wake of waiting.get(d.sourceTabId) ?? []) wake();
      waiting.delete(d.sourceTabId);
    }
  }

  /** The oldest unclaimed about:blank child of `sourceTabId`, waiting a little for it to be reported. */
  async function claimBlankChild(sourceTabId: number): Promise<number | undefined> {
    const deadline = Date.now() + CLAIM_WAIT_MS;
    for (;;) {
      const list = (blank.get(sourceTabId) ?? []).filter((c) => Date.now() - c.at < CLAIM_WAIT_MS * 2 && !own.has(c.tabId));
      const first = list.shift();
      blank.set(sourceTabId, list);
      if (first) return first.tabId;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiting.set(sourceTabId, [...(waiting.get(sourceTabId) ?? []), () => { clearTimeout(timer); resolve(); }]);
      });
    }
  }

  const onSendHeaders = (d: WebRequest.OnSendHeadersDetailsType) => void documentSent(d);
  // Chrome shows Cookie only with extraHeaders; Firefox shows it anyway and refuses the word.
  deps.requests.add(browser.webRequest.onSendHeaders, onSendHeaders, { types: ['main_frame'] }, ['requestHeaders', 'extraHeaders'], ['requestHeaders']);

  async function documentSent(d: WebRequest.OnSendHeadersDetailsType) {
    if (d.tabId < 0) return;
    const site = findSiteForUrl(await deps.sites(), d.url);
    const carried = site ? carriedBy(site.transports, d.requestHeaders, d.url) : false;
    await deps.documents.record(d.tabId, { url: d.url, method: d.method, carried, at: d.timeStamp });
    // Queued behind any inheritance already under way, so a child's own overrides are seen.
    const overridden = site ? Object.keys((await engine.getTab(d.tabId))[site.id]?.values ?? {}).length > 0 : false;
    const openedAt = children.get(d.tabId);
    if (site && overridden && !carried && d.method === 'GET' && openedAt !== undefined && Date.now() - openedAt < RETRY_WINDOW_MS && !retried.has(d.tabId)) {
      // Its rule is in now: the same GET again carries them (a POST is never sent again).
      retried.add(d.tabId);
      await browser.tabs.update(d.tabId, { url: d.url }).catch(() => undefined);
    }
    // No badge here: Chrome clears it when the document commits, and the commit's update
    // (navigation.ts → tabNavigated) reads this record. Doing it here too was 3 more API calls a load.
  }

  // A tab's overrides changed: its child-tab script starts (or stops) holding new tabs back.
  browser.storage.session.onChanged.addListener((changes) => {
    const change = changes[OVERRIDE_STATE_KEY];
    if (!change) return;
    const groups = changedGroups((change.oldValue ?? {}) as OverrideState, (change.newValue ?? {}) as OverrideState);
    void (async () => {
      const all = await deps.sites();
      for (const { tabId, siteId, values } of groups) {
        const site = all.find((s) => s.id === siteId);
        if (!site) continue;
        const message: ToChildScript = { type: 'flagtab/children', armed: Object.keys(values).length > 0, hosts: site.hosts };
        await browser.tabs.sendMessage(tabId, message, { frameId: 0 }).catch(() => undefined); // no script there (yet)
      }
    })();
  });

  /**
   * Resolves once a new tab's about:blank has committed (or after a second). Measured: a
   * `tabs.update` sent while it is still committing is sometimes dropped, and the tab stays blank.
   */
  function blankCommitted(tabId: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        browser.tabs.onUpdated.removeListener(onUpdated);
        resolve();
      };
      const onUpdated = (id: number, change: { status?: string }) => {
        if (id === tabId && change.status === 'complete') done();
      };
      const timer = setTimeout(done, 1_000);
      browser.tabs.onUpdated.addListener(onUpdated);
      void browser.tabs.get(tabId).then((t) => { if (t.status === 'complete') done(); }, done);
    });
  }

  async function openChild(source: { id: number; index: number; windowId?: number }, site: Site, url: string, active: boolean) {
    const child = await browser.tabs.create({ url: 'about:blank', openerTabId: source.id, active, index: source.index + 1, ...(source.windowId !== undefined ? { windowId: source.windowId } : {}) });
    if (child.id === undefined) throw new Error('The browser opened no tab.');
    own.add(child.id);
    await Promise.all([childOpened(child.id, source.id, url), blankCommitted(child.id)]);
    await browser.tabs.update(child.id, { url });
    return child.id;
  }

  /** Messages from the child-tab content script; the tab and site come from `sender`, never the data. */
  async function onMessage(message: unknown, sender: Runtime.MessageSender): Promise<PageReply<unknown>> {
    const tab = sender.tab;
    if (sender.id !== browser.runtime.id || tab?.id === undefined || tab.id < 0 || sender.frameId !== 0) {
      return { ok: false, error: 'Refused: not Flagtab\'s content script in a tab\'s top frame.' };
    }
    const site = findSiteForUrl(await deps.sites(), sender.url);
    if (!site) return { ok: false, error: 'Refused: this page is not on a site configured in Flagtab.' };
    const { type, data } = (message ?? {}) as { type?: unknown; data?: { url?: unknown; active?: unknown } };
    if (type === 'child/hello') {
      const armed = Object.keys((await engine.getTab(tab.id))[site.id]?.values ?? {}).length > 0;
      return { ok: true, result: { armed, hosts: site.hosts } satisfies ChildHello };
    }
    const url = typeof data?.url === 'string' && data.url.length <= MAX_URL ? data.url : undefined;
    if (!url || !/^https?:/i.test(url) || !urlMatchesHosts(site.hosts, url)) {
      return { ok: false, error: 'Refused: Flagtab opens only pages of this tab\'s own site.' };
    }
    if (!limiter.allow(tab.id)) return { ok: false, error: 'Refused: this page opened too many tabs at once.' };
    try {
      if (type === 'child/open') {
        return { ok: true, result: { tabId: await openChild({ id: tab.id, index: tab.index, windowId: tab.windowId }, site, url, data?.active === true) } };
      }
      if (type === 'child/window') {
        const child = await claimBlankChild(tab.id);
        if (child === undefined) return { ok: false, error: 'No new tab from this page is waiting.' };
        await childOpened(child, tab.id, url);
        await browser.tabs.update(child, { url });
        return { ok: true, result: { tabId: child } };
      }
    } catch (error) {
      console.error(`Flagtab: "${String(type)}" failed`, error);
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    return { ok: false, error: `Unknown page message ${JSON.stringify(String(type).slice(0, 40))}.` };
  }

  return {
    /** True for the messages this module answers (`child/...`). */
    createdTarget,
    handles: (message: unknown) => typeof (message as { type?: unknown } | null)?.type === 'string' && (message as { type: string }).type.startsWith('child/'),
    onMessage,
    tabClosed(tabId: number) {
      blank.delete(tabId);
      children.delete(tabId);
      retried.delete(tabId);
      own.delete(tabId);
      limiter.forget(tabId);
      return deps.documents.forget(tabId);
    },
  };
}
