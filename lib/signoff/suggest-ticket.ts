import type { Flag } from '../flags/flag';
import type { JsonValue } from '../json';
import { ticketMatcher, ticketsOf } from '../tickets/extract';

/**
 * The ticket the sign-off form starts with: a ticket of an overridden flag (the story under
 * test), else one in the page's URL (a branch or preview URL often names it), else the last one
 * the tester used on this site.
 *
 * @example suggestTicket({ flags: [{ key: 'hero-banner', tickets: ['SHOP-142'] }], overrides: { 'hero-banner': 'b' } }) // { ticket: 'SHOP-142', from: 'flag' }
 */
export function suggestTicket(input: {
  flags: readonly Pick<Flag, 'key' | 'tickets'>[];
  overrides: Record<string, JsonValue>;
  url?: string;
  lastTicket?: string;
  ticketPattern?: string;
}): SuggestedTicket | undefined {
  for (const flag of input.flags) {
    if (Object.hasOwn(input.overrides, flag.key) && flag.tickets[0]) return { ticket: flag.tickets[0], from: 'flag' };
  }
  if (input.url) {
    let text = input.url;
    try {
      text = decodeURIComponent(input.url);
    } catch {
      // a malformed escape: search the URL as it is
    }
    const [fromUrl] = ticketsOf({ tags: [text], links: [], metadata: {}, name: undefined, description: undefined }, ticketMatcher(input.ticketPattern));
    // A bare "#12" in a URL is an anchor far more often than an issue.
    if (fromUrl && !fromUrl.startsWith('#')) return { ticket: fromUrl, from: 'url' };
  }
  return input.lastTicket ? { ticket: input.lastTicket, from: 'last' } : undefined;
}

/** A ticket for the form, and where it came from (said under the field). */
export interface SuggestedTicket {
  ticket: string;
  from: 'flag' | 'url' | 'last';
}
