/**
 * Turning a site's host patterns into a DNR condition that matches those hosts and no others.
 *
 * `requestDomains` alone is not exact: "shop.example.com" there also matches
 * "static.shop.example.com", which may be a CDN. So when a site lists exact hosts, the rule
 * also carries a `regexFilter` that pins the host part of the URL. Wildcards
 * ("*.example.com") cover the apex and every subdomain.
 * https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-RuleCondition
 */
import { baseOf } from '../config/hosts';

const isWildcard = (pattern: string) => pattern.startsWith('*.');

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A RE2 regex that matches URLs (any scheme: http, https, ws, wss) on exactly these hosts,
 * on any port. Returns undefined when every pattern is a wildcard: requestDomains is exact then.
 */
export function exactHostRegex(patterns: readonly string[]): string | undefined {
  if (patterns.every(isWildcard)) return undefined;
  const alternatives = [...new Set(patterns)].sort().map((p) =>
    isWildcard(p) ? `(?:[^/?#@:]+\\.)?${escapeRegex(baseOf(p))}` : escapeRegex(p),
  );
  return `^[a-z][a-z0-9+.-]*://(?:[^/?#@]*@)?(?:${alternatives.join('|')})(?::[0-9]+)?(?:[/?#]|$)`;
}
