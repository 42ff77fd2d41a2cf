import type { Site } from '../config/schema';
import { findSiteForUrl } from '../config/hosts';
import { PageRequestSchemas, type PageMessageType, type PageReply, type PageResponseMap } from './page-protocol';
import type { PageReport } from './observation';

/** Who sent a message, as `runtime.onMessage` says (set by the browser, not by the page). */
export interface PageSender {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number };
}

export interface PageHandlers {
  'page/hello'(tabId: number, site: Site, data: { documentStartedAt: number }): Promise<PageResponseMap['page/hello']>;
  'page/report'(tabId: number, site: Site, data: PageReport): Promise<PageResponseMap['page/report']>;
}

export interface PageRouterDeps {
  extensionId: string;
  loadSites(): Promise<Site[]>;
  /** False when the tab has sent too much lately; the report is then dropped unread. */
  allowReport(tabId: number): boolean;
  /** Counts a dropped report, with the reason to show the tester. */
  dropped(tabId: number, why?: string): void;
}

/**
 * Handles messages from Flagtab's content script. It runs beside untrusted page code, so the
 * tab and site come from the browser's `sender`, never from the message; only a top frame of a
 * configured site that has detection on is heard; and the only things it can do are say hello
 * (and get its own tab's overrides) and report what the page used.
 */
export function createPageRouter(handlers: PageHandlers, deps: PageRouterDeps) {
  return async (message: unknown, sender: PageSender): Promise<PageReply<unknown>> => {
    const tabId = sender.tab?.id;
    if (sender.id !== deps.extensionId || tabId === undefined || tabId < 0 || sender.frameId !== 0) {
      return { ok: false, error: 'Refused: not Flagtab\'s content script in a tab\'s top frame.' };
    }
    const envelope = message as { type?: unknown; data?: unknown } | null;
    const type = envelope?.type;
    if (typeof type !== 'string' || !Object.hasOwn(PageRequestSchemas, type)) {
      return { ok: false, error: `Unknown page message ${JSON.stringify(String(type).slice(0, 40))}.` };
    }
    const site = findSiteForUrl(await deps.loadSites(), sender.url);
    if (!site || (!site.detection.markers && !site.detection.sdks)) {
      return { ok: false, error: 'Refused: this page is not on a site where Flagtab reads what the page uses.' };
    }
    if (type === 'page/report' && !deps.allowReport(tabId)) {
      deps.dropped(tabId);
      return { ok: true, result: { accepted: false } };
    }
    const parsed = PageRequestSchemas[type as PageMessageType]().safeParse(envelope?.data);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const why = `The page sent a report Flagtab could not use (${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}); it was ignored.`;
      deps.dropped(tabId, why);
      return { ok: false, error: why };
    }
    try {
      const handler = handlers[type as PageMessageType] as (tabId: number, site: Site, data: unknown) => Promise<unknown>;
      return { ok: true, result: await handler(tabId, site, parsed.data) };
    } catch (error) {
      console.error(`Flagtab: page message "${type}" failed`, error);
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}
