import type { Site } from './schema';

/**
 * Host patterns are what `HostPatternSchema` accepts: an exact host ("shop.example.com") or a
 * wildcard ("*.example.com", which covers example.com itself and every subdomain, like a
 * match pattern's `*.` does).
 */

/** The domain a pattern is built on: "*.example.com" → "example.com"; exact hosts as they are. */
export function baseOf(pattern: string): string {
  return pattern.startsWith('*.') ? pattern.slice(2) : pattern;
}

/**
 * Whether `pattern` covers the host name `host`.
 *
 * @example coversHost('*.example.com', 'shop.example.com') // true
 * @example coversHost('*.example.com', 'example.com') // true
 * @example coversHost('shop.example.com', 'example.com') // false
 */
export function coversHost(pattern: string, host: string): boolean {
  const h = host.toLowerCase();
  if (!pattern.startsWith('*.')) return pattern === h;
  const base = baseOf(pattern);
  return h === base || h.endsWith(`.${base}`);
}

/**
 * Whether some host is covered by both patterns (then two sites would both claim it).
 *
 * @example patternsOverlap('*.example.com', 'shop.example.com') // true
 * @example patternsOverlap('a.example.com', 'b.example.com') // false
 */
export function patternsOverlap(a: string, b: string): boolean {
  return coversHost(a, baseOf(b)) || coversHost(b, baseOf(a));
}

/**
 * The page origins for a host pattern: http and https, every path (where content scripts run).
 * Two patterns rather than one `*://` pattern: Chrome only grants requests that are a subset of
 * the manifest's optional_host_permissions (any http and any https host), and it does not count
 * a `*://` pattern as one ("Only permissions specified in the manifest may be requested").
 * https://developer.chrome.com/docs/extensions/reference/api/permissions#method-request
 *
 * @example hostPatternToOrigins('shop.example.com') // ['http://shop.example.com/*', 'https://shop.example.com/*']
 * @example hostPatternToOrigins('*.example.com') // ['http://*.example.com/*', 'https://*.example.com/*']
 */
export function hostPatternToOrigins(pattern: string): string[] {
  return [`http://${pattern}/*`, `https://${pattern}/*`];
}

/**
 * The host access a site's host pattern needs for overrides: its page origins and its
 * websocket origins. Chrome applies a modifyHeaders rule to a websocket handshake only with
 * host access to the ws:// or wss:// URL itself; access to the https:// origin is not enough
 * (measured in Chromium: tests/e2e/websocket.test.ts; Firefox ESR 153 applies it with http(s)
 * access alone: tests/firefox/smoke.test.ts). Both schemes are match-pattern schemes
 * in Chrome and Firefox (https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns).
 *
 * @example hostAccessOrigins('shop.example.com') // ['http://shop.example.com/*', 'https://shop.example.com/*', 'ws://shop.example.com/*', 'wss://shop.example.com/*']
 */
export function hostAccessOrigins(pattern: string): string[] {
  return [...hostPatternToOrigins(pattern), `ws://${pattern}/*`, `wss://${pattern}/*`];
}

/**
 * The origin pattern for a URL's host, without the port: match patterns in Firefox cannot
 * carry a port, and access to a host covers all of its ports in both browsers.
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/Match_patterns
 *
 * @example urlToOrigin('https://flags.example.com:8443/flags.json') // 'https://flags.example.com/*'
 */
export function urlToOrigin(url: string): string {
  const { protocol, hostname } = new URL(url);
  return `${protocol}//${hostname}/*`;
}

/**
 * The configured site that covers a host name, if any. Sites never overlap (see
 * `findSiteConflicts`), so at most one matches.
 *
 * @example findSiteForHost(config.sites, new URL(tab.url).hostname)
 */
export function findSiteForHost<S extends Pick<Site, 'hosts'>>(sites: readonly S[], host: string): S | undefined {
  return sites.find((site) => site.hosts.some((pattern) => coversHost(pattern, host)));
}

/** The host name of `url`; undefined for a missing or malformed URL (it is no site's host). */
function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname;
  } catch {
    return undefined; // not a URL, so not one of the sites' hosts
  }
}

/** True when any pattern covers the host of `url`. */
export function urlMatchesHosts(patterns: readonly string[], url: string | undefined): boolean {
  const host = hostOf(url);
  return host !== undefined && patterns.some((p) => coversHost(p, host));
}

/** The configured site a page at `url` belongs to, if any. */
export function findSiteForUrl<S extends Pick<Site, 'hosts'>>(sites: readonly S[], url: string | undefined): S | undefined {
  const host = hostOf(url);
  return host === undefined ? undefined : findSiteForHost(sites, host);
}

/** The site with this id; the error tells the person what to do when it was removed meanwhile. */
export function requireSite<S extends Pick<Site, 'id'>>(sites: readonly S[], siteId: string): S {
  const site = sites.find((s) => s.id === siteId);
  if (!site) throw new Error(`Site "${siteId}" is not configured any more: reopen the popup.`);
  return site;
}
