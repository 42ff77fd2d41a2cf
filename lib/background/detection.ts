import type { Browser, Runtime, WebRequest } from 'webextension-polyfill';
import type { Site } from '../config/schema';
import { findSiteForUrl } from '../config/hosts';
import { createDetectionStore } from '../detect/store';
import { createRateLimiter } from '../detect/rate-limit';
import { readEcho } from '../detect/echo';
import { readServerStatus } from '../detect/status';
import { LIMITS } from '../detect/observation';
import { createPageRouter } from '../detect/page-router';
import type { ToContentScript } from '../detect/page-protocol';
import { plannedRegistrations, syncRegistrations, type ScriptingApi } from '../detect/registration';
import type { PageView } from '../detect/view';
import type { JsonValue } from '../json';
import { OVERRIDE_STATE_KEY, changedGroups, type OverrideState } from '../overrides/state';
import type { SiteRequests } from './navigation';

export interface DetectionDeps {
  /** The configured sites, cached in memory: the webRequest listeners ask on every response. */
  sites(): Promise<Site[]>;
  /** The tab's overrides on the site (for hello and pushes). */
  overridesOf(tabId: number, siteId: string): Promise<Record<string, JsonValue>>;
  /** Where webRequest listeners are added: heard for the sites' hosts only (navigation.ts). */
  requests: SiteRequests;
}

/** Request types whose responses may carry the echo header: the document, frames, fetch/XHR. */
const ECHO_TYPES: WebRequest.ResourceType[] = ['main_frame', 'sub_frame', 'xmlhttprequest'];
/** Requests whose start time is remembered, at most; the oldest go first. */
const MAX_TRACKED_REQUESTS = 500;

/**
 * "Which flags is this page really using": the echo header (webRequest, observe-only, never
 * blocking), the content scripts registered on configured sites only, and the store the popup
 * reads. Listeners are added synchronously, so events wake the service worker.
 */
export function registerDetection(browser: Browser, deps: DetectionDeps) {
  const store = createDetectionStore({
    session: browser.storage.session,
    now: Date.now,
    isTabOpen: (tabId) => browser.tabs.get(tabId).then(() => true, () => false),
  });
  const limiter = createRateLimiter({ perSecond: LIMITS.reportsPerSecond, burst: LIMITS.reportBurst, now: Date.now });
  /** requestId → when it left, so an echo is judged against the overrides in force at that time. */
  const startedAt = new Map<string, number>();

  const filter = { types: ECHO_TYPES };
  deps.requests.add(browser.webRequest.onBeforeRequest, (details: WebRequest.OnBeforeRequestDetailsType) => {
    if (details.tabId < 0) return;
    startedAt.set(details.requestId, details.timeStamp);
    if (startedAt.size > MAX_TRACKED_REQUESTS) startedAt.delete(startedAt.keys().next().value!);
    if (details.type === 'main_frame') void onDocument(details.tabId, details.timeStamp, details.url);
  }, filter);
  deps.requests.add(browser.webRequest.onHeadersReceived, (details: WebRequest.OnHeadersReceivedDetailsType) => {
    const started = startedAt.get(details.requestId) ?? details.timeStamp;
    startedAt.delete(details.requestId);
    if (details.tabId >= 0) void onResponse(details, started);
  }, filter, ['responseHeaders']);

  // Whatever changes a tab's overrides (a click, Reset, expiry, a closed opener's child), the
  // page's SDK bridge hears it, so client-side flags follow without a reload.
  browser.storage.session.onChanged.addListener((changes) => {
    const change = changes[OVERRIDE_STATE_KEY];
    if (!change) return;
    const groups = changedGroups((change.oldValue ?? {}) as OverrideState, (change.newValue ?? {}) as OverrideState);
    if (groups.length > 0) void pushChanged(groups);
  });

  async function pushChanged(groups: ReturnType<typeof changedGroups>) {
    const all = await deps.sites();
    for (const { tabId, siteId, values } of groups) {
      const site = all.find((s) => s.id === siteId);
      if (site?.detection.sdks && site.detection.forceInSdks) await send(tabId, { type: 'flagtab/overrides', overrides: values });
    }
  }

  async function onDocument(tabId: number, at: number, url: string) {
    const site = findSiteForUrl(await deps.sites(), url);
    // Only tabs on (or leaving) a configured site get a record.
    if (site || (await store.get(tabId))) await store.navigated(tabId, at, url);
  }

  async function onResponse(details: WebRequest.OnHeadersReceivedDetailsType, at: number) {
    const site = findSiteForUrl(await deps.sites(), details.url);
    if (!site) return;
    // The server kit's verdict on the page's signed overrides: read on the document only.
    const decision = details.type === 'main_frame' ? readServerStatus(details, at) : undefined;
    if (decision) await store.serverDecision(details.tabId, decision);
    const echo = site.detection.echoHeader;
    if (!echo.enabled) return;
    const read = readEcho(details, echo.name);
    if (read) await store.echo(details.tabId, 'error' in read ? read : { ...read, at });
  }

  const route = createPageRouter(
    {
      async 'page/hello'(tabId, site, { documentStartedAt }) {
        const [d, overrides] = await Promise.all([store.hello(tabId, documentStartedAt), deps.overridesOf(tabId, site.id)]);
        const forced = site.detection.sdks && site.detection.forceInSdks;
        return {
          markers: site.detection.markers,
          sdks: site.detection.sdks,
          overrides: forced ? overrides : {},
          outline: d.outline,
          // The same answer as children.ts gives child/hello: the detect script runs that part too.
          children: { armed: Object.keys(overrides).length > 0, hosts: site.hosts },
        };
      },
      async 'page/report'(tabId, _site, report) {
        await store.report(tabId, report);
        return { accepted: true };
      },
    },
    {
      extensionId: browser.runtime.id,
      loadSites: deps.sites,
      allowReport: (tabId) => limiter.allow(tabId),
      dropped: (tabId, why) => void store.dropped(tabId, 1, why ?? 'The page sent more reports than Flagtab reads (10 a second); the extra ones were dropped.'),
    },
  );

  async function send(tabId: number, message: ToContentScript): Promise<boolean> {
    try {
      await browser.tabs.sendMessage(tabId, message, { frameId: 0 });
      return true;
    } catch {
      return false; // no content script in that page (not loaded yet, or detection is off)
    }
  }

  return {
    store,
    /** Handles a message from a content script; extension pages go to the other router. */
    onPageMessage: (message: unknown, sender: Runtime.MessageSender) => route(message, sender),

    /** Makes the registered content scripts match the configured sites. */
    async syncContentScripts(sites: Site[]) {
      try {
        await syncRegistrations(browser.scripting as unknown as ScriptingApi, plannedRegistrations(sites));
      } catch (error) {
        console.error('Flagtab: could not register the page scripts for the configured sites', error);
      }
    },

    /** What the popup shows about the page in `tabId`, with pending changes written first. */
    async pageView(tabId: number, site: Site): Promise<PageView> {
      await store.flush();
      const d = site.detection;
      return {
        detections: await store.get(tabId),
        ...(d.echoHeader.enabled ? { echoHeader: d.echoHeader.name } : {}),
        markers: d.markers,
        sdks: d.sdks,
      };
    },

    async setOutline(tabId: number, on: boolean) {
      await store.setOutline(tabId, on);
      return { on, applied: await send(tabId, { type: 'flagtab/outline', on }) };
    },

    /** The worker started: drop what is kept about tabs that closed while it slept. */
    pruneClosedTabs: () =>
      store.pruneClosed(async () => (await browser.tabs.query({})).flatMap((t) => (t.id === undefined ? [] : [t.id]))).catch((error: unknown) => {
        console.error('Flagtab: could not drop what was kept about closed tabs', error);
      }),

    /** Whether some tab has what its page was seen to use kept (its closing must be heard, to drop it). */
    holdsRecords: () => store.holdsRecords(),

    tabClosed(tabId: number) {
      limiter.forget(tabId);
      return store.forget(tabId);
    },
  };
}
