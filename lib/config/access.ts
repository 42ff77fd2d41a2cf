import type { Site } from './schema';
import { hostAccessOrigins, urlToOrigin } from './hosts';
import { catalogueOrigin } from '../providers/origin';
import { trackerAccessOrigins } from '../trackers/origins';
import type { TrackerTarget } from '../trackers/targets';

/*
 * The host access a site needs, as the options page asks for it: its hosts, its catalogue's
 * address and its tracker's. Apart from hosts.ts, which the background reads on every click and
 * page load, so those load none of the providers' and trackers' settings schemas.
 */

/**
 * The origins a site's flags need: its hosts (to set overrides on pages, requests and
 * websockets: `hostAccessOrigins`) and its catalogue URL's host (to fetch the flags). Sorted and without duplicates. What Save asks for is
 * `siteAccessPatterns`, which adds the sign-off tracker's.
 */
export function siteOrigins(site: Pick<Site, 'hosts' | 'catalogue'>): string[] {
  const origins = new Set(site.hosts.flatMap(hostAccessOrigins));
  const catalogue = catalogueOrigin(site.catalogue);
  if (catalogue) origins.add(urlToOrigin(catalogue));
  return [...origins].sort();
}

/**
 * The host-permission patterns for a sign-off tracker: every origin Flagtab calls for it
 * (`trackerAccessOrigins`: its API, and Linear's upload host too).
 *
 * @example trackerAccessPatterns({ tracker: 'linear', apiUrl: 'https://api.linear.app' }) // ['https://api.linear.app/*', 'https://uploads.linear.app/*']
 */
export function trackerAccessPatterns(tracker: TrackerTarget | undefined): string[] {
  return tracker ? trackerAccessOrigins(tracker).map(urlToOrigin) : [];
}

/**
 * Everything a site needs host access for, as asked for when it is saved and checked when the
 * options page lists it: what `siteOrigins` lists (its hosts, its catalogue) and what its
 * sign-off tracker needs (`trackerAccessPatterns`). Sorted and without duplicates.
 *
 * @example siteAccessPatterns(shopWithJira) // ['http://shop.example.com/*', 'https://acme.atlassian.net/*', 'https://shop.example.com/*', 'ws://shop.example.com/*', 'wss://shop.example.com/*']
 */
export function siteAccessPatterns(site: Pick<Site, 'hosts' | 'catalogue' | 'tracker'>): string[] {
  return [...new Set([...siteOrigins(site), ...trackerAccessPatterns(site.tracker)])].sort();
}

/** `siteAccessPatterns` for several sites at once, e.g. for an import. */
export function sitesAccessPatterns(sites: readonly Pick<Site, 'hosts' | 'catalogue' | 'tracker'>[]): string[] {
  return [...new Set(sites.flatMap(siteAccessPatterns))].sort();
}
