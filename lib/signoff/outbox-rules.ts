import { TrackerError, type PostedComment, type TicketTracker } from './tracker';
import type { Duplicates } from './duplicates';
import { OFFLINE_RECHECK_MS, RETRY_AFTER_MIN_MS, retryDelayMs } from './backoff';
import type { OutboxErrorKind, OutboxItem } from './outbox-store';
import { StoredSignOffSchema } from './schema';
import type { SignOff } from './signoff';
import { describeIssues } from '../schema-issues';

/**
 * The pure rules the outbox follows: when an item is due, when to wake, what a failed attempt
 * proves, what the item becomes after an attempt or an edit. No storage, no clock of its own.
 */

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
  const parsed = StoredSignOffSchema().safeParse({
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
