/**
 * Turning a site's host patterns into DNR conditions that match those hosts and no others.
 *
 * `requestDomains` alone is not exact: "shop.example.com" there also matches
 * "static.shop.example.com", which may be a CDN. So exact hosts also get a `regexFilter`.
 * Wildcards ("*.example.com") cover the apex and every subdomain, which is exactly what
 * requestDomains does, so they need no regex.
 * https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-RuleCondition
 *
 * Chrome compiles every regexFilter with RE2 under a 2 KB memory cap, and that cap is hit long
 * before 2 KB of text: measured in Chromium on this project's machine, an alternation of whole
 * host names fits only two ~31-character hosts (163 characters of regex already fail with
 * "memoryLimitExceeded"). So the regex never lists hosts. It pins how many labels the host
 * has: requestDomains lets through a listed host or a subdomain of one, and a subdomain always
 * has more labels than the host it is under. Hosts with the same number of labels share one
 * condition, so a site with any number of hosts needs one rule per label count.
 * Counting costs memory per label (nine labels fit, ten do not); hosts deeper than
 * MAX_COUNTED_LABELS get a rule of their own whose regex spells the host out.
 */
import { baseOf, coversHost } from '../config/hosts';

const isWildcard = (pattern: string) => pattern.startsWith('*.');

/** The deepest host whose label count is pinned by a counting regex; one below what was
 *  measured to fit (9), since RE2's program size may differ between Chrome versions. */
export const MAX_COUNTED_LABELS = 8;

/** Scheme, then optional user info: the part of a URL before its host. */
const URL_START = '^[a-z][a-z0-9+.-]*://(?:[^/?#@]*@)?';
/** After the host: an optional port, then the path, query, fragment or the end. */
const URL_HOST_END = '(?::[0-9]+)?(?:[/?#]|$)';
/** One host label. Host names are lowercase in request URLs; a character outside this class
 *  (an underscore, say) makes the URL not match, which sends nothing rather than too much. */
const LABEL = '[a-z0-9-]+';

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One DNR condition's host part: the domains it is limited to, and the regex that makes that exact. */
export interface HostCondition {
  requestDomains: string[];
  regexFilter?: string;
}

/**
 * A RE2 regex matching URLs (any scheme: http, https, ws, wss; any port) whose host has
 * exactly `labels` labels.
 *
 * @example labelCountRegex(3).test('https://shop.example.com/') // true, as a RegExp
 */
export function labelCountRegex(labels: number): string {
  const repeat = labels > 1 ? `(?:${LABEL}\\.){${labels - 1}}` : '';
  return `${URL_START}${repeat}${LABEL}${URL_HOST_END}`;
}

/** A RE2 regex matching URLs on exactly this host. */
export function singleHostRegex(host: string): string {
  return `${URL_START}${escapeRegex(host)}${URL_HOST_END}`;
}

/**
 * The host conditions for a site's patterns: one without a regex for all its wildcards, one per
 * label count for its exact hosts, one per host deeper than MAX_COUNTED_LABELS. The conditions
 * never overlap (an exact host a wildcard already covers is left out), so no request is
 * modified twice: two rules appending to Cookie would send our cookie twice.
 *
 * @example hostConditions(['shop.example.com', 'www.example.com', 'example.com'])
 * // [{ requestDomains: ['example.com'], regexFilter: labelCountRegex(2) },
 * //  { requestDomains: ['shop.example.com', 'www.example.com'], regexFilter: labelCountRegex(3) }]
 */
export function hostConditions(patterns: readonly string[]): HostCondition[] {
  const unique = [...new Set(patterns)].sort();
  const wildcards = unique.filter(isWildcard);
  const exact = unique.filter((p) => !isWildcard(p) && !wildcards.some((w) => coversHost(w, p)));

  const conditions: HostCondition[] = [];
  if (wildcards.length > 0) conditions.push({ requestDomains: wildcards.map(baseOf) });
  const byLabels = new Map<number, string[]>();
  for (const host of exact) {
    const labels = host.split('.').length;
    if (labels > MAX_COUNTED_LABELS) {
      conditions.push({ requestDomains: [host], regexFilter: singleHostRegex(host) });
      continue;
    }
    const group = byLabels.get(labels) ?? [];
    group.push(host);
    byLabels.set(labels, group);
  }
  for (const [labels, hosts] of [...byLabels].sort(([a], [b]) => a - b)) {
    conditions.push({ requestDomains: hosts, regexFilter: labelCountRegex(labels) });
  }
  return conditions;
}

/**
 * The host patterns a signed site gets one token (and one rule) each for: its patterns without
 * those another of its wildcards already covers, so no request matches two rules. A wildcard's
 * token has the pattern itself as `aud` (docs/wire-format-v2.md, "Audience").
 *
 * @example signingScopes(['*.example.com', 'shop.example.com', 'example.org']) // ['*.example.com', 'example.org']
 */
export function signingScopes(patterns: readonly string[]): string[] {
  const unique = [...new Set(patterns)].sort();
  const wildcards = unique.filter(isWildcard);
  return unique.filter((p) => !wildcards.some((w) => w !== p && coversHost(w, baseOf(p))));
}

/** Every regexFilter a site's rules would carry, to ask the browser (isRegexSupported) before saving. */
export function siteRegexFilters(patterns: readonly string[]): string[] {
  return hostConditions(patterns).flatMap((c) => (c.regexFilter ? [c.regexFilter] : []));
}

/** `declarativeNetRequest.isRegexSupported` as Chrome and Firefox answer it. */
export type RegexSupport = (options: { regex: string }) => Promise<{ isSupported: boolean; reason?: string }>;

/**
 * Asks the browser whether it accepts every regex a site's hosts need, before the site is
 * saved: a refused one would only show up when someone sets an override, as Chrome's raw text.
 * Answers what to do, naming the hosts concerned, or undefined when all are accepted (or the
 * browser cannot be asked).
 * https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#method-isRegexSupported
 */
export async function hostsRefusal(patterns: readonly string[], isRegexSupported: RegexSupport | undefined): Promise<string | undefined> {
  if (!isRegexSupported) return undefined;
  const refused: string[] = [];
  let reason: string | undefined;
  for (const condition of hostConditions(patterns)) {
    if (!condition.regexFilter) continue;
    const answer = await isRegexSupported({ regex: condition.regexFilter });
    if (!answer.isSupported) {
      refused.push(...condition.requestDomains);
      reason ??= answer.reason;
    }
  }
  if (refused.length === 0) return undefined;
  return `The browser cannot match ${refused.map((h) => `"${h}"`).join(', ')} exactly (${reason ?? 'its pattern is refused'}), `
    + 'so overrides could never be set there: list such a host as a wildcard for its parent ("*.example.com" covers example.com and every subdomain) or use a shorter host name, and try again';
}
