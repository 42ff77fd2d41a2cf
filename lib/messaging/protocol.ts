import { z } from 'zod';
import type { ReplyError } from './errors';
import { JsonValueSchema, type JsonValue } from '../json';
import { HostPatternSchema, type Site } from '../config/schema';
import type { CatalogueView } from '../catalogue/view';
import type { ConnectionDiagnosis } from '../providers/types';
import type { TabDetections } from '../detect/observation';
import type { LoadWarning } from '../overrides/documents';
import { EvidenceSchema, ScreenshotSchema } from '../signoff/schema';
import type { OutboxItem } from '../signoff/outbox-store';
import { VERDICTS, type Evidence } from '../signoff/signoff';
import type { HistoryEntry, Screenshot } from '../signoff/history';
import type { TrackerId } from '../signoff/tracker';

/**
 * Every message the extension's pages send to the background, in one place. The background
 * validates each message's data with these schemas before acting (see router.ts).
 */
const TabId = z.number().int().nonnegative();
const SiteId = z.string().min(1).max(64);
/** Flag keys may hold any character (the wire format encodes them); only the size is capped. */
const FlagKey = z.string().min(1).max(256);
const SignOffId = z.string().regex(/^so-[a-z2-7]{20}$/);
/** Notes longer than this do not fit a Jira comment (32,767 characters) with the evidence. */
export const MAX_NOTES = 20_000;

export const RequestSchemas = {
  'popup/state': z.object({ tabId: TabId }),
  'overrides/set': z.object({ tabId: TabId, siteId: SiteId, key: FlagKey, value: JsonValueSchema }),
  'overrides/clear': z.object({ tabId: TabId, siteId: SiteId, key: FlagKey }),
  'overrides/reset': z.object({ tabId: TabId, siteId: SiteId.optional() }),
  'catalogue/refresh': z.object({ tabId: TabId, siteId: SiteId }),
  /** Outline (or stop outlining) the elements each flag controls on the tab's page. */
  'page/outline': z.object({ tabId: TabId, on: z.boolean() }),
  /** Reload the tab, so its page is served again with the overrides set since it loaded. */
  'tab/reload': z.object({ tabId: TabId }),
  /**
   * "Test connection" from the options page: a site as the form has it (not yet saved) and the
   * token typed into the form, or none to use the stored one. The token goes no further than
   * the background, which sends it to the provider's origin only.
   */
  'connection/test': z.object({ site: z.unknown(), token: z.string().max(4096).optional() }),

  // QA sign-offs (side panel). See lib/background/signoff.ts.
  /** What the sign-off form starts with for this tab: site, tracker, suggested ticket, evidence. */
  'signoff/draft': z.object({ tabId: TabId }),
  /** A PNG of the tab's visible area (the tab must be the active one of its window). */
  'signoff/screenshot': z.object({ tabId: TabId }),
  /**
   * Saves the sign-off in the outbox, then sends it. `id` comes from the draft, so pressing Send
   * twice (or again after the worker restarted) keeps one sign-off. `evidence` is the block the
   * person previewed; the background stamps the time of sending.
   */
  'signoff/submit': z.object({
    id: SignOffId,
    tabId: TabId,
    siteId: SiteId,
    ticket: z.string().trim().min(1, 'name the ticket').max(200),
    verdict: z.enum(VERDICTS),
    notes: z.string().max(MAX_NOTES),
    who: z.string().trim().max(200).optional(),
    screenshot: ScreenshotSchema.optional(),
    evidence: EvidenceSchema,
  }),
  'outbox/list': z.object({}),
  /**
   * The panel saw the browser come back online: send what waited now. The worker may not hear
   * the "online" event itself (it may be asleep), and its own re-check is a minute away.
   */
  'outbox/wake': z.object({}),
  'outbox/retry': z.object({ id: SignOffId }),
  'outbox/discard': z.object({ id: SignOffId }),
  /** Changes a sign-off that has not been posted; the outbox checks the tracker first when it may have been. */
  'outbox/edit': z.object({
    id: SignOffId,
    patch: z.object({
      ticket: z.string().trim().min(1).max(200).optional(),
      verdict: z.enum(VERDICTS).optional(),
      notes: z.string().max(MAX_NOTES).optional(),
      dropScreenshot: z.boolean().optional(),
    }),
  }),
  'history/list': z.object({}),
  /** The screenshot Flagtab kept for a posted sign-off (GitHub cannot take it), to save it. */
  'history/screenshot': z.object({ id: SignOffId }),
  /** Forgets the kept screenshot (after saving it) to free storage; the entry stays. */
  'history/drop-screenshot': z.object({ id: SignOffId }),
  'history/remove': z.object({ id: SignOffId }),
  /** The history (or one ticket's part) as a file: Markdown for people, JSON for tools. */
  'history/export': z.object({ format: z.enum(['markdown', 'json']), ticket: z.string().max(200).optional() }),
  /**
   * "Test connection" for a site's sign-off tracker, as the options form has it: the token
   * typed into the form, or none to use the stored one. Answers who the token signs in as.
   */
  'tracker/test': z.object({ site: z.unknown(), token: z.string().max(4096).optional() }),
  /**
   * Before Save: does the browser accept the rules a site's hosts need (RE2 caps each regex)?
   * Answers what to do when it does not.
   */
  'sites/check-hosts': z.object({ hosts: z.array(HostPatternSchema).max(10_000) }),
} as const;

/** The catalogue's view is its own (lib/catalogue/view.ts); re-exported for the pages that read replies. */
export type { CatalogueView };

export type MessageType = keyof typeof RequestSchemas;
export type RequestOf<T extends MessageType> = z.infer<(typeof RequestSchemas)[T]>;

/** What the popup needs to draw one tab. */
export interface PopupState {
  tabId: number;
  /** The tab's URL when Flagtab may see it (a configured site, or the popup was clicked). */
  tabUrl?: string;
  /** The configured site this tab is on, if any. */
  site?: Pick<Site, 'id' | 'name' | 'hosts' | 'expiryMinutes'>;
  catalogue?: CatalogueView;
  overrides: Record<string, JsonValue>;
  /** When each override was set (epoch ms): a page loaded before then cannot show it yet. */
  overrideSetAt?: Record<string, number>;
  /** When this tab's overrides switch themselves off (epoch ms). */
  expiresAt?: number;
  /** What the page in this tab was seen to use, and how Flagtab looks (see lib/detect). */
  page?: PageView;
  /** Set when this tab's current page went out without its overrides (seen on the request as sent). */
  loadedWithout?: LoadWarning;
}

/** Which detection sources the site has switched on, and what they found so far. */
export interface PageView {
  detections?: TabDetections;
  /** The echo header's name, when the site reads one. */
  echoHeader?: string;
  markers: boolean;
  sdks: boolean;
}

/** What an override change answers: only what changed, not the whole catalogue again. */
export type OverridesView = Pick<PopupState, 'overrides' | 'overrideSetAt' | 'expiresAt'>;

export interface ResponseMap {
  'popup/state': PopupState;
  'overrides/set': OverridesView;
  'overrides/clear': OverridesView;
  'overrides/reset': OverridesView;
  'catalogue/refresh': PopupState;
  'page/outline': { on: boolean; applied: boolean };
  'tab/reload': { reloaded: true };
  'connection/test': ConnectionDiagnosis;
  'signoff/draft': SignOffDraft;
  'signoff/screenshot': ScreenshotResult;
  'signoff/submit': OutboxActionResult;
  'outbox/list': OutboxView;
  'outbox/wake': OutboxView;
  'outbox/retry': OutboxActionResult;
  'outbox/discard': OutboxActionResult;
  'outbox/edit': OutboxActionResult;
  'history/list': HistoryView;
  'history/screenshot': Screenshot | null;
  'history/drop-screenshot': { dropped: true };
  'history/remove': { removed: true };
  'history/export': { filename: string; text: string; type: string };
  'tracker/test': TrackerCheck;
  'sites/check-hosts': { ok: true } | { ok: false; message: string };
}

/** Where the site's sign-offs go, and what stops them going there (no token, no access). */
export interface TrackerView {
  id: TrackerId;
  label: string;
  /** False for GitHub: the screenshot stays in Flagtab's history, offered for saving. */
  uploadsScreenshots: boolean;
  /** How a ticket is written for this tracker, e.g. "SHOP-142" or "acme/shop#12". */
  ticketExample: string;
  /** Why sign-offs cannot be sent now and what to do; they are still saved in the outbox. */
  problem?: string;
}

/** What the side panel's form starts with. */
export interface SignOffDraft {
  tabId: number;
  /** A fresh sign-off id; submitting it twice keeps one sign-off. */
  id: string;
  tabUrl?: string;
  /** Absent when the tab is not on a configured site: there is nothing to sign off. */
  site?: { id: string; name: string };
  /** Absent when the site has no sign-off tracker configured. */
  tracker?: TrackerView;
  ticket?: string;
  /** Where the suggested ticket came from, said under the field. */
  ticketFrom?: 'flag' | 'url' | 'last';
  /** The evidence block as it would be sent now (the time is stamped again on Send). */
  evidence?: Evidence;
  /** Who signs off, as last typed on this browser. */
  who?: string;
}

export type ScreenshotResult = { ok: true; screenshot: Screenshot } | { ok: false; message: string };

/**
 * The outbox's answer to an action: the item as it is now, or why not (said to the person).
 * `field`: the form field the refusal is about, so the side panel shows it there.
 */
export type OutboxActionResult = { ok: true; item: OutboxItem; warning?: string } | { ok: false; message: string; item?: OutboxItem; field?: 'ticket' };

export interface OutboxView {
  /** Every unposted sign-off, oldest first (posted ones move to the history). */
  items: OutboxItem[];
  /** navigator.onLine in the background: nothing is sent while offline. */
  online: boolean;
}

export interface HistoryView {
  /** Per ticket, the ticket with the newest sign-off first. */
  tickets: { ticket: string; tracker: HistoryEntry['tracker']; entries: HistoryEntry[] }[];
}

export type TrackerCheck = { ok: true; message: string } | { ok: false; message: string };

export interface Envelope<T extends MessageType = MessageType> {
  type: T;
  data: RequestOf<T>;
}

/** Replies carry errors as values: thrown errors lose their message across the message port. */
export type Reply<T> = { ok: true; result: T } | { ok: false; error: ReplyError };
