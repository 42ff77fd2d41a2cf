import { VERDICT_LABELS, type Verdict } from '../../lib/evidence/signoff';
import type { OutboxItem } from '../../lib/evidence/outbox-state';
import type { SignOffDraft } from '../../lib/messaging/protocol';

/**
 * The side panel's words that do not depend on the page: verdicts with their symbols (so no
 * meaning rests on colour alone), outbox states, times and file names. Pure, so the model and
 * the tests say the same thing.
 */
export const VERDICT_SYMBOLS: Record<Verdict, string> = { passed: '✓', failed: '✗', blocked: '⏸' };

/** @example verdictText('passed') // '✓ Passed' */
export function verdictText(verdict: Verdict): string {
  return `${VERDICT_SYMBOLS[verdict]} ${VERDICT_LABELS[verdict]}`;
}

export const TICKET_FROM: Record<NonNullable<SignOffDraft['ticketFrom']>, string> = {
  flag: 'From the flag\'s ticket',
  url: 'From the page address',
  last: 'Your last ticket',
};

/** @example timeOf(Date.UTC(2025, 0, 1, 14, 32)) // '14:32' (in a 24-hour locale) */
export function timeOf(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** @example dateTimeOf(Date.now()) // '3 Mar 2025, 14:32' (as the browser's locale writes it) */
export function dateTimeOf(epochMs: number): string {
  return new Date(epochMs).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * An outbox item's state in words, with what happens next.
 *
 * @example outboxStateWords({ state: 'failed', lastError: { message: 'Token expired.' }, ... }, Date.now()) // 'Needs you: Token expired.'
 */
export function outboxStateWords(item: OutboxItem, now: number): string {
  switch (item.state) {
    case 'sending':
      return 'Sending…';
    case 'posted':
      return 'Posted';
    case 'failed':
      return `Needs you: ${item.lastError?.message ?? 'the last attempt failed.'}`;
    case 'queued':
      if (item.attempts === 0) return 'Waiting to send';
      // The next attempt's number: after two failures, the third.
      return item.nextAttemptAt > now ? `Will try again at ${timeOf(item.nextAttemptAt)} (attempt ${item.attempts + 1})` : `Trying again (attempt ${item.attempts + 1})`;
  }
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

/**
 * The field a message the background refused to read is about. Its router names the first bad
 * field's path ('Invalid "signoff/submit" message: notes: Too big…', lib/messaging/router.ts);
 * a refusal after reading says its field itself (`OutboxActionResult.field`). Anything else is
 * shown by the Send button.
 *
 * @example invalidFieldOf('Invalid "signoff/submit" message: notes: Too big: expected string to have <=20000 characters') // 'notes'
 */
export function invalidFieldOf(message: string): FormField | undefined {
  const path = /^Invalid "signoff\/submit" message: (\w+)[.:]/.exec(message)?.[1];
  return FORM_FIELDS.find((field) => field === path);
}

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
