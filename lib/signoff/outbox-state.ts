import { z } from 'zod';
import { DictSchema } from '../dict-schema';
import { JsonValueSchema } from '../json';
import { describeIssues } from '../config/issues';
import { DuplicatesSchema, type Duplicates } from './duplicates';
import { TRACKER_IDS, TrackerError, type PostedComment, type TicketTracker, type TrackerErrorKind } from './tracker';
import { VERDICTS, type SignOff } from './signoff';
import { OFFLINE_RECHECK_MS, RETRY_AFTER_MIN_MS, retryDelayMs } from './backoff';

/**
 * What the outbox keeps in storage.local, and the pure rules it follows (when an item is due,
 * how long to wait after a failure). The items' words live in one small document under
 * OUTBOX_KEY; each screenshot (a base64 PNG, 100 KB–2 MB) under a key of its own, written once
 * when the sign-off is saved, so the several state changes of a send never rewrite it.
 */
export const OUTBOX_KEY = 'outbox.v1';
export const outboxScreenshotKey = (id: string) => `outbox.v1.screenshot:${id}`;
export const OUTBOX_ALARM = 'flagtab-outbox';

const ActiveFlagSchema = z.object({ key: z.string(), value: JsonValueSchema.optional(), source: z.string() });

export const EvidenceSchema = z.object({
  url: z.string(),
  site: z.object({ id: z.string(), name: z.string() }),
  environment: z.string().optional(),
  overrides: DictSchema(JsonValueSchema),
  activeFlags: z.array(ActiveFlagSchema),
  moreActiveFlags: z.number().int().min(1).optional(),
  serviceWorker: z.boolean().optional(),
  pageLoad: z.string().max(500).optional(),
  browser: z.string(),
  flagtabVersion: z.string(),
  who: z.string().optional(),
  at: z.number(),
});

export const ScreenshotSchema = z.object({ base64: z.string().min(1), width: z.number().optional(), height: z.number().optional() });

/** A sign-off as the side panel sends it. The id ends up in storage keys and comments: keep it strict. */
export const SignOffSchema = z.object({
  id: z.string().regex(/^so-[a-z2-7]{20}$/, 'must be a sign-off id from newSignOffId()'),
  siteId: z.string().min(1),
  ticket: z.string().trim().min(1, 'name the ticket'),
  verdict: z.enum(VERDICTS),
  notes: z.string(),
  screenshot: ScreenshotSchema.optional(),
  evidence: EvidenceSchema,
  createdAt: z.number(),
}) satisfies z.ZodType<SignOff>;

/** The sign-off as stored with its item: the screenshot sits under its own key. */
export const StoredSignOffSchema = SignOffSchema.omit({ screenshot: true });
export type StoredSignOff = z.infer<typeof StoredSignOffSchema>;

export const OUTBOX_STATES = ['queued', 'sending', 'posted', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** Why an item is waiting: a tracker's kind, or one of the outbox's own. */
export const OUTBOX_ERROR_KINDS = [
  'token-rejected', 'forbidden', 'ticket-not-found', 'invalid', 'rate-limited', 'unavailable', 'network', 'timeout', 'needs-setup',
  /** The tracker call threw something that is not a TrackerError (a bug). */
  'unexpected',
  /** The site's tracker changed after an attempt that may have reached the old one. */
  'tracker-changed',
] as const satisfies readonly (TrackerErrorKind | 'unexpected' | 'tracker-changed')[];
export type OutboxErrorKind = (typeof OUTBOX_ERROR_KINDS)[number];
// Every tracker kind must be storable; this line stops compiling when a new one is added.
const _everyTrackerKind: Exclude<TrackerErrorKind, OutboxErrorKind> extends never ? true : never = true;
void _everyTrackerKind;

export const OutboxItemSchema = z.object({
  signOff: StoredSignOffSchema,
  hasScreenshot: z.boolean(),
  state: z.enum(OUTBOX_STATES),
  /** Failed attempts since the item was saved, retried or edited: drives the backoff. */
  attempts: z.number().int().min(0),
  /** Epoch ms; a 'queued' item is sent at or after this time. */
  nextAttemptAt: z.number(),
  /**
   * True from the moment a post request may have left until an attempt proves no comment exists
   * (findExisting found none and the tracker then refused the post outright). While true, every
   * attempt asks findExisting first, and an edit is only applied after such a check.
   */
  mayBeOnServer: z.boolean(),
  lastError: z.object({ kind: z.enum(OUTBOX_ERROR_KINDS), message: z.string() }).optional(),
  posted: z.object({ url: z.string(), id: z.string(), screenshotUrl: z.string().optional() }).optional(),
  /** Copies of the posted comment found and deleted (see duplicates.ts). */
  duplicates: DuplicatesSchema.optional(),
  /** The tracker of the last attempt: another tracker cannot tell whether that one posted. */
  tracker: z.object({ id: z.enum(TRACKER_IDS), label: z.string(), address: z.string().max(2000).optional() }).optional(),
  updatedAt: z.number(),
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

/**
 * The stored document. Items are kept raw and parsed one by one, so one unreadable item (never
 * expected: it is our own data) is kept as it is and skipped instead of hiding all the others.
 */
export interface OutboxDoc {
  items: unknown[];
}

export function readDoc(raw: unknown): OutboxDoc {
  if (typeof raw === 'object' && raw !== null && Array.isArray((raw as OutboxDoc).items)) return { items: [...(raw as OutboxDoc).items] };
  return { items: [] };
}

export function parseItem(raw: unknown): OutboxItem | undefined {
  const parsed = OutboxItemSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export function itemsOf(doc: OutboxDoc): OutboxItem[] {
  return doc.items.map(parseItem).filter((i): i is OutboxItem => i !== undefined);
}

/** A copy of the document with the item of the same id replaced (or appended, or removed). */
export function withItem(doc: OutboxDoc, id: string, item: OutboxItem | undefined): OutboxDoc {
  const index = doc.items.findIndex((raw) => parseItem(raw)?.signOff.id === id);
  const items = [...doc.items];
  if (index === -1) {
    if (item) items.push(item);
  } else if (item) items[index] = item;
  else items.splice(index, 1);
  return { items };
}

/**
 * Whether the drain should send `item` now. A 'sending' item nobody is sending in this worker
 * is left from a worker that stopped mid-send (or from a state write that failed): it is due at
 * once, and since `mayBeOnServer` is set, its attempt asks findExisting before posting.
 */
export function isDue(item: OutboxItem, now: number, inFlight: ReadonlySet<string>): boolean {
  if (inFlight.has(item.signOff.id)) return false;
  if (item.state === 'sending') return true;
  return item.state === 'queued' && item.nextAttemptAt <= now;
}

/** When the alarm should wake the outbox, or undefined when nothing waits to be sent. */
export function nextWake(items: readonly OutboxItem[], now: number, online: boolean): number | undefined {
  const times = items.flatMap((i) => (i.state === 'queued' ? [i.nextAttemptAt] : i.state === 'sending' || i.state === 'posted' ? [now] : []));
  if (times.length === 0) return undefined;
  const earliest = Math.max(Math.min(...times), now + RETRY_AFTER_MIN_MS);
  return online ? earliest : Math.max(earliest, now + OFFLINE_RECHECK_MS);
}

/** What one attempt came to. `absent`: proven that no comment for the sign-off exists. */
export type Outcome =
  | { kind: 'posted'; comment: PostedComment; duplicates?: Duplicates }
  | { kind: 'error'; error: { kind: OutboxErrorKind; message: string }; retryable: boolean; retryAfterMs?: number; absent: boolean };

/**
 * The outcome of a failed call. `absentBeforePost`: the attempt knew nothing was on the server
 * when it posted (never sent before, or findExisting found nothing).
 */
export function failureOutcome(error: unknown, absentBeforePost: boolean): Outcome {
  if (error instanceof TrackerError) {
    // A refusal (401, 403, 4xx) means the tracker did not store this post; together with
    // knowing nothing was there before it, that proves the sign-off is not on the server. A
    // ticket that does not exist holds no comment at all. (GitHub also answers 404 for a
    // repository the token cannot see; trusting it then is the price of letting the person
    // fix a mistyped ticket without a dead end.)
    const absent = (absentBeforePost && !error.retryable) || error.kind === 'ticket-not-found';
    return { kind: 'error', error: { kind: error.kind, message: error.message }, retryable: error.retryable, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}), absent };
  }
  const why = error instanceof Error ? error.message : String(error);
  return { kind: 'error', error: { kind: 'unexpected', message: `Flagtab hit an unexpected error while sending (${why}). Retry; if it happens again, please report it.` }, retryable: false, absent: false };
}

/** What an item keeps of the tracker it was sent to. */
export function trackerRef(tracker: TicketTracker): NonNullable<OutboxItem['tracker']> {
  return { id: tracker.id, label: tracker.label, ...(tracker.address ? { address: tracker.address } : {}) };
}

/**
 * Whether `now` is another tracker than the one an earlier attempt went to: another kind, or
 * another instance of the same kind (another Jira Cloud site). An item stored before addresses
 * were kept is compared by kind.
 */
export function isOtherTracker(before: OutboxItem['tracker'], now: TicketTracker): boolean {
  if (!before) return false;
  if (before.id !== now.id) return true;
  return before.address !== undefined && now.address !== undefined && before.address !== now.address;
}

/** "Jira Cloud at https://acme.atlassian.net", or the label alone when the address is not known. */
export const trackerWhere = (t: { label: string; address?: string | undefined }) => (t.address ? `${t.label} at ${t.address}` : t.label);

/** The outcome when the site's tracker is another than the one an earlier attempt may have reached. */
export function trackerChanged(item: OutboxItem, now: TicketTracker): Outcome {
  const before = item.tracker ? trackerWhere(item.tracker) : 'the previous tracker';
  const ticket = item.signOff.ticket;
  return {
    kind: 'error', retryable: false, absent: false,
    error: { kind: 'tracker-changed', message: `The site now posts to ${trackerWhere(now)}, but an earlier attempt may have reached ${ticket} in ${before}. Open ${ticket} there: if the sign-off's comment is on it, discard this sign-off; if it is not, press Retry to post to ${trackerWhere(now)}.` },
  };
}

/** The item after an attempt: posted, or waiting (for the backoff, or for the person). */
export function settle(item: OutboxItem, outcome: Outcome, now: number, random?: () => number, tracker?: TicketTracker): OutboxItem {
  const { lastError: _previous, ...rest } = item;
  const who = tracker ? { tracker: trackerRef(tracker) } : {};
  if (outcome.kind === 'posted') {
    return { ...rest, ...who, state: 'posted', posted: outcome.comment, ...(outcome.duplicates ? { duplicates: outcome.duplicates } : {}), updatedAt: now };
  }
  const attempts = item.attempts + 1;
  return {
    ...rest, ...who,
    state: outcome.retryable ? 'queued' : 'failed',
    attempts,
    nextAttemptAt: outcome.retryable ? now + retryDelayMs(outcome.retryAfterMs, attempts, random) : now,
    mayBeOnServer: outcome.absent ? false : item.mayBeOnServer,
    lastError: outcome.error,
    updatedAt: now,
  };
}

/** What a person may change in a sign-off that has not been posted. */
export interface SignOffEdit {
  ticket?: string;
  verdict?: SignOff['verdict'];
  notes?: string;
  dropScreenshot?: boolean;
}

/**
 * The item with the edit applied, queued to be sent now with a fresh backoff; the caller has
 * made sure nothing is on the server for it. An edit that would make the sign-off invalid (an
 * empty ticket) is refused with what to fix.
 */
export function applyEdit(item: OutboxItem, patch: SignOffEdit, now: number): { ok: true; item: OutboxItem } | { ok: false; message: string } {
  const parsed = StoredSignOffSchema.safeParse({
    ...item.signOff,
    ...(patch.ticket !== undefined ? { ticket: patch.ticket.trim() } : {}),
    ...(patch.verdict !== undefined ? { verdict: patch.verdict } : {}),
    ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
  });
  if (!parsed.success) return { ok: false, message: `Nothing was changed: ${describeIssues(parsed.error.issues)}` };
  const { lastError: _dropped, ...rest } = item;
  return {
    ok: true,
    item: {
      ...rest,
      signOff: parsed.data,
      hasScreenshot: item.hasScreenshot && !patch.dropScreenshot,
      state: 'queued',
      attempts: 0,
      nextAttemptAt: now,
      mayBeOnServer: false,
      updatedAt: now,
    },
  };
}
