import type { JsonValue } from '../json';
import type { ActiveFlag, Evidence } from '../signoff/signoff';
import type { TabDetections } from './observation';
import { pageFlagState, sourceLabel } from './verdict';
import { describeServerDecision } from './status';

/*
 * What the page used, written as a sign-off's evidence block. Here, beside the observations,
 * so that the sign-off record (lib/signoff) stays below the trackers and needs nothing of detect.
 */

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
  /** The saved scenario whose values are exactly the overrides, by name. */
  scenario?: string;
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
    ...(input.scenario ? { scenario: input.scenario } : {}),
    overrides: input.overrides,
    activeFlags,
    ...(keys.length > MAX_ACTIVE_FLAGS ? { moreActiveFlags: keys.length - MAX_ACTIVE_FLAGS } : {}),
    ...(input.detections?.serviceWorker ? { serviceWorker: true } : {}),
    ...(input.detections?.serverDecision ? { server: describeServerDecision(input.detections.serverDecision) } : {}),
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
