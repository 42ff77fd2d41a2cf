import type { Browser } from 'webextension-polyfill';
import { z } from '../zod';
import { DictSchema } from '../dict-schema';
import type { Site } from '../config/schema';
import { findSiteForUrl } from '../config/hosts';
import { browserName, readBrowserFacts } from '../signoff/browser-name';
import { collectEvidence } from '../detect/evidence';
import { suggestTicket } from '../signoff/suggest-ticket';
import { createHistory, exportJson, exportMarkdown, groupByTicket } from '../signoff/history';
import { createOutbox } from '../signoff/outbox';
import { pngSize } from '../signoff/png';
import { newSignOffId, type SignOff } from '../signoff/signoff';
import type { RequestOf, ResponseMap } from '../messaging/protocol';
import type { CatalogueView } from '../catalogue/view';
import type { ScreenshotResult, SignOffDraft, TrackerView } from '../signoff/view';
import type { SecretsStore } from '../secrets/store';
import type { JsonValue } from '../json';
import type { TabDetections } from '../detect/observation';
import { trackerAccess, type TrackerAccessDeps } from '../trackers/access';
import { normalizeTicket, TRACKER_INFO } from '../trackers/registry';
import { TrackerError } from '../signoff/tracker';
import { STORED } from '../storage/keys';
import type { SignOffMessage } from './signoff';

/** What the form remembers between sign-offs: the last ticket per site, and who signs off. */
const MEMORY_KEY = STORED.signOffMemory.key;
const MemorySchema = z.object({ who: z.optional(z.string()), lastTicket: z._default(DictSchema(z.string()), {}) });

export interface SignOffDeps {
  sites(): Promise<Site[]>;
  overridesOf(tabId: number, siteId: string): Promise<Record<string, JsonValue>>;
  catalogueOf(site: Site): Promise<CatalogueView>;
  /** The tickets of these flags, in catalogue order (see the catalogue's ticket index). */
  ticketsOf(site: Site, keys: readonly string[]): Promise<{ key: string; tickets: string[] }[]>;
  detectionsOf(tabId: number, site: Site): Promise<TabDetections | undefined>;
  /** Set when the tab's page loaded without its overrides: the warning the popup shows. */
  pageLoadOf?(tabId: number): Promise<string | undefined>;
  /** The name of the saved scenario whose values are exactly these overrides, if any (lib/scenarios). */
  scenarioOf?(siteId: string, overrides: Record<string, JsonValue>): Promise<string | undefined>;
  secrets: SecretsStore;
}

export type SignOffHandlers = { [T in SignOffMessage]: (data: RequestOf<T>) => Promise<ResponseMap[T]> };

/**
 * QA sign-offs in the background: the side panel's draft (suggested ticket, evidence), the
 * screenshot, and the outbox that posts each sign-off exactly once to the site's tracker, with
 * its history. Heavy (trackers, Markdown rendering, the outbox): part of the background's work
 * script (work.ts), created on first need by signoff.ts, which holds the listeners.
 */
export function createSignOffWork(browser: Browser, deps: SignOffDeps) {
  const local = browser.storage.local;
  const history = createHistory(local);
  const access: TrackerAccessDeps = {
    fetch: (...args) => fetch(...args),
    secrets: deps.secrets,
    hasHostAccess: (pattern) => browser.permissions.contains({ origins: [pattern] }),
  };
  const online = () => globalThis.navigator?.onLine ?? true;
  const siteById = async (id: string) => (await deps.sites()).find((s) => s.id === id);

  const outbox = createOutbox({
    storage: local,
    history,
    alarms: browser.alarms,
    now: Date.now,
    online,
    async trackerFor(signOff: SignOff) {
      const site = await siteById(signOff.siteId);
      if (!site) return new TrackerError('needs-setup', `The site this sign-off is for ("${signOff.evidence.site.name}") is no longer in Flagtab's settings: add it again, or discard the sign-off.`);
      const reached = await trackerAccess(site, access);
      return reached.ok ? reached.tracker : new TrackerError('needs-setup', `${reached.problem} Then press Retry.`);
    },
  });

  let facts: Promise<string> | undefined;
  const browserLabel = () => (facts ??= readBrowserFacts(browser.runtime as { getBrowserInfo?: () => Promise<{ name: string; version: string }> }).then(browserName));

  async function memory() {
    const parsed = MemorySchema.safeParse((await local.get(MEMORY_KEY))[MEMORY_KEY] ?? {});
    return parsed.success ? parsed.data : { lastTicket: {} };
  }

  async function tabOnSite(tabId: number): Promise<{ url: string; site?: Site; tab: Awaited<ReturnType<Browser['tabs']['get']>> }> {
    const tab = await browser.tabs.get(tabId).catch(() => undefined);
    if (!tab) throw new Error(`Tab ${tabId} is closed: open the side panel next to the tab you are testing.`);
    const url = tab.url ?? '';
    return { tab, url, site: findSiteForUrl(await deps.sites(), url) };
  }

  async function trackerView(site: Site): Promise<TrackerView | undefined> {
    if (!site.tracker) return undefined;
    const reached = await trackerAccess(site, access);
    return { id: site.tracker.tracker, ...TRACKER_INFO[site.tracker.tracker], ...(reached.ok ? {} : { problem: `${reached.problem} Sign-offs are kept in the outbox until then.` }) };
  }

  const handlers: SignOffHandlers = {
    async 'signoff/draft'({ tabId }): Promise<SignOffDraft> {
      const { url, site } = await tabOnSite(tabId);
      const id = newSignOffId(() => crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32);
      if (!site) return { tabId, id };
      const [overrides, catalogue, detections, remembered, tracker, browserText, pageLoad] = await Promise.all([
        deps.overridesOf(tabId, site.id), deps.catalogueOf(site), deps.detectionsOf(tabId, site), memory(), trackerView(site), browserLabel(), deps.pageLoadOf?.(tabId),
      ]);
      const scenario = await deps.scenarioOf?.(site.id, overrides);
      const flags = await deps.ticketsOf(site, Object.keys(overrides));
      const suggested = suggestTicket({ flags, overrides, url, lastTicket: remembered.lastTicket[site.id], ticketPattern: site.ticketPattern });
      const named = suggested && site.tracker ? normalizeTicket(site.tracker, suggested.ticket) : undefined;
      const evidence = collectEvidence({
        url, fullUrl: site.evidenceFullUrl === true, site: { id: site.id, name: site.name }, environment: catalogue.environment, overrides, detections, pageLoad, scenario,
        browser: browserText, flagtabVersion: browser.runtime.getManifest().version, who: remembered.who, at: Date.now(),
      });
      return {
        tabId, id, tabUrl: url, site: { id: site.id, name: site.name }, evidence,
        ...(tracker ? { tracker } : {}),
        ...(suggested ? { ticket: named?.ok ? named.ticket : suggested.ticket, ticketFrom: suggested.from } : {}),
        ...(remembered.who ? { who: remembered.who } : {}),
      };
    },

    async 'signoff/screenshot'({ tabId }): Promise<ScreenshotResult> {
      const { tab, site } = await tabOnSite(tabId);
      // Only the tab under test, on a configured site: the panel cannot be used to photograph other pages.
      if (!site) return { ok: false, message: 'This tab is not on a site configured in Flagtab, so Flagtab does not capture it.' };
      if (!tab.active) return { ok: false, message: 'Only the visible tab can be captured: switch to the tab you are signing off, then press Take again.' };
      try {
        const dataUrl = await browser.tabs.captureVisibleTab(tab.windowId, { format: 'png' });
        const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
        return { ok: true, screenshot: { base64, ...pngSize(base64) } };
      } catch (error) {
        console.warn('Flagtab: captureVisibleTab failed', error);
        return {
          ok: false,
          message: 'Flagtab may not capture this tab yet: click the Flagtab button in the toolbar once on this tab (that lets Flagtab see it), then press Take again.',
        };
      }
    },

    async 'signoff/submit'(request) {
      const site = await siteById(request.siteId);
      if (!site) return { ok: false, message: 'This site is no longer in Flagtab\'s settings; the sign-off was not saved.' };
      let ticket = request.ticket;
      if (site.tracker) {
        const check = normalizeTicket(site.tracker, ticket);
        if (!check.ok) return { ok: false, message: check.message, field: 'ticket' };
        ticket = check.ticket;
      }
      const now = Date.now();
      const who = request.who || undefined;
      const { who: _previewWho, ...evidence } = request.evidence;
      const signOff: SignOff = {
        id: request.id, siteId: site.id, ticket, verdict: request.verdict, notes: request.notes,
        ...(request.screenshot ? { screenshot: request.screenshot } : {}),
        ...(request.gallery ? { gallery: request.gallery } : {}),
        evidence: { ...evidence, site: { id: site.id, name: site.name }, ...(who ? { who } : {}), at: now },
        createdAt: now,
      };
      const result = await outbox.submit(signOff);
      if (result.ok) {
        const remembered = await memory();
        await local.set({ [MEMORY_KEY]: { who, lastTicket: { ...remembered.lastTicket, [site.id]: ticket } } });
      }
      return result;
    },

    'outbox/list': async () => ({ items: await outbox.list(), online: online() }),
    'outbox/wake': async () => {
      void outbox.online();
      return { items: await outbox.list(), online: online() };
    },
    'outbox/retry': ({ id }) => outbox.retry(id),
    'outbox/discard': ({ id }) => outbox.discard(id),
    'outbox/edit': ({ id, patch }) => outbox.edit(id, patch),

    'history/list': async () => ({ tickets: groupByTicket(await history.list()) }),
    'history/screenshot': async ({ id }) => (await history.screenshot(id)) ?? null,
    'history/drop-screenshot': async ({ id }) => {
      await history.dropScreenshot(id);
      return { dropped: true };
    },
    'history/remove': async ({ id }) => {
      await history.remove(id);
      return { removed: true };
    },
    async 'history/export'({ format, ticket }) {
      const entries = ticket ? await history.forTicket(ticket) : await history.list();
      const day = new Date().toISOString().slice(0, 10);
      const name = `flagtab-sign-offs${ticket ? `-${ticket.replace(/[^\w.-]+/g, '-')}` : ''}-${day}`;
      return format === 'markdown'
        ? { filename: `${name}.md`, text: exportMarkdown(entries), type: 'text/markdown' }
        : { filename: `${name}.json`, text: exportJson(entries, Date.now()), type: 'application/json' };
    },
  };

  /** "Test connection" in the options page: who the token signs in as. */
  async function testTracker(site: Site, token?: string): Promise<ResponseMap['tracker/test']> {
    const reached = await trackerAccess(site, access, token);
    if (!reached.ok) return { ok: false, message: reached.problem };
    try {
      return { ok: true, message: `Connected to ${reached.tracker.label} as ${await reached.tracker.verify()}.` };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }

  return { handlers, testTracker, outbox, history };
}

export type SignOffWork = ReturnType<typeof createSignOffWork>;
