import type { Browser, WebRequest } from 'webextension-polyfill';
import { requireSite, urlMatchesHosts } from '../config/hosts';
import type { Handlers } from '../messaging/router';
import { toDict } from '../dict';
import { planSteps, runFlagOf, type RunFlag } from '../runs/combinations';
import { createGalleryStore } from '../runs/gallery-store';
import { galleryAttachment } from '../runs/gallery-attachment';
import { drawContactSheet } from '../runs/contact-sheet';
import { createRunner, RunError } from '../runs/runner';
import { reportedFlags } from '../runs/reported';
import { RUN_ALARM, type RunsDeps, type RunMessage } from './runs';

/** How long a step waits for its page: the load, then no request of the tab for QUIET_MS. */
export const SETTLE_LIMIT_MS = 10_000;
const QUIET_MS = 500;
/** Beyond this, a run is no quick check any more: choose fewer flags. */
export const MAX_STEPS = 64;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs in the background: "All variants…" and "Combinations…" drive one tab through steps
 * (lib/runs/runner.ts), here on the real tabs, webRequest and captureVisibleTab. Part of the
 * background's work script (work.ts), created on first need by runs.ts, which holds the listeners.
 */
export function createRunsWork(browser: Browser, deps: RunsDeps) {
  /** The tab in front, reloaded; then its load and network quiet, bounded: true when both came in time. */
  async function reloadAndSettle(tabId: number): Promise<boolean> {
    const deadline = Date.now() + SETTLE_LIMIT_MS;
    const inFlight = new Set<string>();
    let lastActivity = Date.now();
    let loaded = false;
    const started = (d: WebRequest.OnBeforeRequestDetailsType) => { inFlight.add(d.requestId); lastActivity = Date.now(); };
    const ended = (d: { requestId: string }) => { inFlight.delete(d.requestId); lastActivity = Date.now(); };
    const onUpdated = (id: number, change: { status?: string }) => { if (id === tabId && change.status === 'complete') loaded = true; };
    const filter = { urls: ['<all_urls>'], tabId };
    // Listening before the reload, so none of its requests goes unseen.
    browser.webRequest.onBeforeRequest.addListener(started, filter);
    browser.webRequest.onCompleted.addListener(ended, filter);
    browser.webRequest.onErrorOccurred.addListener(ended, filter);
    browser.tabs.onUpdated.addListener(onUpdated);
    try {
      // In front before it loads: a background tab renders late (throttled), and only the
      // active tab of a window can be captured.
      if (!(await browser.tabs.get(tabId)).active) await browser.tabs.update(tabId, { active: true });
      await browser.tabs.reload(tabId);
      while (Date.now() < deadline) {
        if (loaded && inFlight.size === 0 && Date.now() - lastActivity >= QUIET_MS) return true;
        await sleep(100);
      }
      return false;
    } finally {
      browser.webRequest.onBeforeRequest.removeListener(started);
      browser.webRequest.onCompleted.removeListener(ended);
      browser.webRequest.onErrorOccurred.removeListener(ended);
      browser.tabs.onUpdated.removeListener(onUpdated);
    }
  }

  /** captureVisibleTab photographs the active tab of a window: a tab someone switched away from comes to the front again. */
  async function capture(tabId: number): Promise<string> {
    let tab = await browser.tabs.get(tabId);
    if (!tab.active) {
      tab = await browser.tabs.update(tabId, { active: true });
      await sleep(300); // one paint of the tab just shown, or the capture shows the one before
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const dataUrl = await browser.tabs.captureVisibleTab(tab.windowId, { format: 'png' });
        return dataUrl.slice(dataUrl.indexOf(',') + 1);
      } catch (error) {
        // Chrome allows two captures a second (MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND): wait and try once more.
        if (attempt === 1 && /MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND/.test(String(error))) { await sleep(1_000); continue; }
        // Host access to the site is not enough: Chrome wants <all_urls> or an activeTab grant (docs/scenarios.md).
        throw new RunError(`Flagtab could not capture the tab (${error instanceof Error ? error.message : String(error)}): open Flagtab from its toolbar button on this tab and start the run there, which lets it capture this tab.`, { cause: error });
      }
    }
  }

  const gallery = createGalleryStore(browser.storage.local);
  const runner = createRunner({
    session: browser.storage.session,
    gallery,
    replaceTabValues: (tabId, siteId, values) => deps.engine.setValues(tabId, siteId, values, { replace: true }),
    overridesOf: async (tabId, siteId) => toDict((await deps.engine.getTab(tabId))[siteId]?.values),
    reloadAndSettle,
    capture,
    async reported(tabId, siteId) {
      const site = requireSite(await deps.sites(), siteId);
      return reportedFlags((await deps.pageView(tabId, site)).detections);
    },
    tabExists: (tabId) => browser.tabs.get(tabId).then(() => true, () => false),
    async keepAlive(on) {
      if (on) await browser.alarms.create(RUN_ALARM, { periodInMinutes: 0.5 });
      else await browser.alarms.clear(RUN_ALARM);
    },
    siteName: async (siteId) => (await deps.sites()).find((s) => s.id === siteId)?.name ?? siteId,
    now: Date.now,
    newId: () => `run-${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36)}`,
  });

  /** The contact sheet, drawn here: a service worker has OffscreenCanvas and createImageBitmap. */
  async function sheetBase64(entries: { base64?: string; lines: string[] }[]): Promise<string> {
    const decoded = await Promise.all(entries.map(async (e) => ({
      lines: e.lines,
      ...(e.base64 ? { image: await createImageBitmap(new Blob([Uint8Array.from(atob(e.base64), (c) => c.charCodeAt(0))], { type: 'image/png' })) } : {}),
    })));
    const bytes = new Uint8Array(await (await drawContactSheet(decoded)).arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }

  const handlers: Pick<Handlers, RunMessage> = {
    async 'runs/start'({ tabId, siteId, strategy, keys }) {
      const site = requireSite(await deps.sites(), siteId);
      const tab = await browser.tabs.get(tabId).catch(() => undefined);
      if (!tab?.url || !urlMatchesHosts(site.hosts, tab.url)) throw new RunError(`This tab is not on ${site.name}: open the run from the tab you test.`);
      const flags = strategy.kind === 'chosen' ? [] : await deps.flagsOf(site);
      const wanted = strategy.kind === 'all-variants' ? [strategy.key] : strategy.kind === 'chosen' ? [...new Set(strategy.steps.flatMap((s) => Object.keys(s)))] : keys;
      const runFlags: RunFlag[] = [];
      // A chosen list carries its own values; the other strategies walk the catalogue's.
      for (const key of strategy.kind === 'chosen' ? [] : wanted) {
        const runFlag = runFlagOf(flags.find((f) => f.key === key) ?? { key, type: 'string', variants: [] });
        if (!runFlag) throw new RunError(`"${key}" has no list of values to go through (it is not in the catalogue, or takes free values).`);
        runFlags.push(runFlag);
      }
      const steps = planSteps(strategy, runFlags);
      if (steps.length > MAX_STEPS) throw new RunError(`That is ${steps.length} steps, more than the ${MAX_STEPS} a run takes: choose fewer flags, or pairwise.`);
      return runner.start({ tabId, siteId, label: labelOf(strategy, wanted), steps });
    },
    'runs/status': () => runner.view(),
    'runs/pause': () => runner.pause(),
    'runs/resume': () => runner.resume(),
    'runs/cancel': () => runner.cancel(),
    'runs/gallery': ({ runId }) => galleryAttachment({ run: gallery.get, image: gallery.image, drawSheet: sheetBase64 }, runId),
  };

  return { handlers, runner };
}

export type RunsWork = ReturnType<typeof createRunsWork>;

function labelOf(strategy: { kind: string; key?: string }, keys: readonly string[]): string {
  const flags = `${keys.length} flag${keys.length === 1 ? '' : 's'}`;
  switch (strategy.kind) {
    case 'all-variants': return `All variants of ${strategy.key}`;
    case 'all-new-all-old': return `All new, then all old (${flags})`;
    case 'all-new': return `All new (${flags})`;
    case 'all-old': return `All old (${flags})`;
    case 'pairwise': return `Pairwise over ${flags}: ${keys.join(', ')}`;
    default: return `Chosen combinations (${flags})`;
  }
}
