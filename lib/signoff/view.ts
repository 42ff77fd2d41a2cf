import type { Evidence } from './signoff';
import type { HistoryEntry, Screenshot } from './history';
import type { OutboxItem } from './outbox-store';
import type { TrackerId } from './tracker';

/* What the side panel is shown of the sign-off domain: the views its messages answer with. */

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
