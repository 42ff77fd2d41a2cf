import { VERDICT_LABELS, type Verdict } from '../../lib/signoff/signoff';
import type { OutboxItem } from '../../lib/signoff/outbox-store';
import type { SignOffDraft } from '../../lib/signoff/view';

/**
 * The side panel's words that do not depend on the page: verdicts with their symbols (so no
 * meaning rests on colour alone), outbox states, times and file names. Pure, so the model and
 * the tests say the same thing.
 *
 * Symbols are ones every common UI font draws, DejaVu Sans included (Debian's only font by
 * default): no emoji and no U+23F8 "⏸", which DejaVu lacks and showed as an empty box.
 * tests/unit/ui-glyphs.test.ts holds every UI string to that.
 */
export const VERDICT_SYMBOLS: Record<Verdict, string> = { passed: '✓', failed: '✗', blocked: '⊘' };

/** @example verdictText('passed') // '✓ Passed' */
export function verdictText(verdict: Verdict): string {
  return `${VERDICT_SYMBOLS[verdict]} ${VERDICT_LABELS[verdict]}`;
}

export const TICKET_FROM: Record<NonNullable<SignOffDraft['ticketFrom']>, string> = {
  flag: 'From the flag\'s ticket',
  url: 'From the page address',
  last: 'Your last ticket',
};

/**
 * To the second: the outbox retries every 30 s at first, so a time to the minute says little.
 *
 * @example secondsTimeOf(Date.UTC(2025, 0, 1, 14, 32, 5)) // '14:32:05' (in a 24-hour locale)
 */
export function secondsTimeOf(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** @example dateTimeOf(Date.now()) // '3 Mar 2025, 14:32' (as the browser's locale writes it) */
export function dateTimeOf(epochMs: number): string {
  return new Date(epochMs).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * Where sending an outbox item stands, in words that cannot be read as the verdict: the verdict
 * is a separate line ("Verdict: ✗ Failed"), the reason another (`outboxReason`).
 *
 * @example outboxStateWords({ state: 'queued', attempts: 1, nextAttemptAt, ... }, now) // 'Not sent yet: tries again at 14:32:05 (attempt 2)'
 */
export function outboxStateWords(item: OutboxItem, now: number): string {
  switch (item.state) {
    case 'sending':
      return 'Sending…';
    case 'posted':
      return 'Posted';
    case 'failed':
      return 'Not sent: needs you (then press Retry)';
    case 'queued':
      if (item.attempts === 0) return 'Waiting to send';
      // The next attempt's number: after two failures, the third.
      return item.nextAttemptAt > now
        ? `Not sent yet: tries again at ${secondsTimeOf(item.nextAttemptAt)} (attempt ${item.attempts + 1})`
        : `Trying again (attempt ${item.attempts + 1})`;
  }
}

/**
 * Why an outbox item is still waiting, for every state but posted and sending: what the last attempt found,
 * or what it waits for (its turn, the network).
 *
 * @example outboxReason({ lastError: { kind: 'unavailable', message: 'Jira Cloud is unavailable (503).' }, ... }, true) // 'Jira Cloud is unavailable (503).'
 * @example outboxReason({ state: 'queued', attempts: 0, ... }, false) // 'Waiting for the network to come back.'
 */
export function outboxReason(item: OutboxItem, online: boolean): string | undefined {
  if (item.state === 'posted') return undefined;
  // Sending: its state says it all, nothing is waited for.
  if (item.state === 'sending') return undefined;
  if (item.lastError) return item.lastError.message;
  if (item.state === 'failed') return 'The last attempt failed without saying why: press Retry, or Edit it first.';
  // Offline is said once above the list; each item only says it waits for the network.
  return online ? 'Not tried yet: Flagtab sends it in a moment.' : 'Waiting for the network to come back.';
}

/**
 * The name a kept screenshot is saved under; a ticket like "acme/shop#12" cannot put a slash
 * or a hash into a file name.
 *
 * @example screenshotFilename('acme/shop#12', 'so-abc') // 'flagtab-acme-shop-12-so-abc.png'
 */
export function screenshotFilename(ticket: string, id: string): string {
  return `flagtab-${ticket.replace(/[^\w.-]+/g, '-')}-${id}.png`;
}

export const FORM_FIELDS = ['ticket', 'verdict', 'notes', 'who'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
