import type { Flag } from '../flags/flag';
import type { JsonValue } from '../json';
import type { TabDetections } from '../detect/observation';
import { pageFlagState, sourceLabel } from '../detect/verdict';
import { ticketMatcher, ticketsOf } from '../tickets/extract';
import type { ActiveFlag, Evidence } from './signoff';

/**
 * Flags listed in the evidence block at most: a comment must stay readable and within the
 * trackers' limits (Jira: 32,767 characters), and a page may report 2,000 flags.
 */
export const MAX_ACTIVE_FLAGS = 100;

export interface EvidenceInput {
  url: string;
  /** Keep the URL's query and fragment (the site's `evidenceFullUrl`); off, they are dropped. */
  fullUrl?: boolean;
  site: { id: string; name: string };
  environment?: string;
  overrides: Record<string, JsonValue>;
  detections?: TabDetections;
  /** What the popup says when the page loaded without the overrides; absent when it carried them. */
  pageLoad?: string;
  browser: string;
  flagtabVersion: string;
  who?: string;
  at: number;
}

/**
 * The evidence block of a sign-off, from what the popup knows about the tab: overrides, and
 * every flag the page reported with the value and source it is shown with. Overridden flags come
 * first, then the rest by key; beyond MAX_ACTIVE_FLAGS the count of the others is kept.
 *
 * @example collectEvidence({ url, site, overrides: { 'new-checkout': true }, detections, browser: 'Chrome 142', flagtabVersion: '0.1.0', at })
 */
export function collectEvidence(input: EvidenceInput): Evidence {
  const keys = Object.keys(input.detections?.flags ?? {}).sort((a, b) => {
    const rank = (k: string) => (Object.hasOwn(input.overrides, k) ? 0 : 1);
    return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
  });
  const activeFlags: ActiveFlag[] = [];
  for (const key of keys.slice(0, MAX_ACTIVE_FLAGS)) {
    const { reported, readings } = pageFlagState(input.detections, key);
    const reading = reported ?? readings[0];
    if (!reading) continue;
    activeFlags.push({ key, ...(reported ? { value: reported.value } : {}), source: sourceLabel(reading.source) });
  }
  return {
    url: input.fullUrl ? input.url : withoutQueryAndFragment(input.url),
    site: input.site,
    ...(input.environment ? { environment: input.environment } : {}),
    overrides: input.overrides,
    activeFlags,
    ...(keys.length > MAX_ACTIVE_FLAGS ? { moreActiveFlags: keys.length - MAX_ACTIVE_FLAGS } : {}),
    ...(input.detections?.serviceWorker ? { serviceWorker: true } : {}),
    ...(input.pageLoad ? { pageLoad: input.pageLoad } : {}),
    browser: input.browser,
    flagtabVersion: input.flagtabVersion,
    ...(input.who ? { who: input.who } : {}),
    at: input.at,
  };
}

/**
 * The URL without its query and fragment, which often carry tokens (magic links, OAuth codes,
 * `#access_token=`); a text that is not a URL is cut at the first "?" or "#".
 *
 * @example withoutQueryAndFragment('https://shop.example.com/checkout?token=s3cret#x') // 'https://shop.example.com/checkout'
 */
export function withoutQueryAndFragment(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.search = '';
    parsed.hash = '';
    return parsed.href;
  } catch {
    return url.split(/[?#]/, 1)[0] ?? '';
  }
}

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
