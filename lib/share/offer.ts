import type { Site } from '../config/schema';
import { findSiteForUrl } from '../config/hosts';
import type { ShareRead } from './codec';
import type { ShareOfferView } from './view';

/**
 * What the popup offers for a link read from the tab's address: exactly the link's flags and
 * values, each marked known or not by the site's catalogue (`knownKeys` undefined: it could not
 * be read, so no flag counts as known).
 *
 * @example describeOffer(read, 'https://shop.example.com/checkout', sites, new Set(['new-checkout']))
 */
export function describeOffer(
  read: Exclude<ShareRead, { kind: 'none' }>,
  url: string,
  sites: readonly Site[],
  knownKeys: ReadonlySet<string> | undefined,
): ShareOfferView {
  if (read.kind === 'invalid') return { status: 'invalid', fragment: read.fragment, reason: read.reason };
  const { fragment, link } = read;
  const named = link.name ? { name: link.name } : {};
  const site = findSiteForUrl(sites, url);
  if (!site) return { status: 'not-set-up', fragment, ...named, linkSite: link.site, host: hostOf(url) };
  if (site.id !== link.site) return { status: 'other-site', fragment, ...named, linkSite: link.site, siteName: site.name };
  // In key order: the same link reads the same wherever it was made.
  const entries = Object.entries(link.values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) => ({ key, value, known: knownKeys?.has(key) ?? false }));
  return { status: 'ready', fragment, ...named, siteId: site.id, siteName: site.name, entries, catalogueRead: knownKeys !== undefined };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.slice(0, 100); // not a URL Flagtab could parse: shown as it is
  }
}
