import { TRACKER_META } from './meta-registry';
import type { TrackerTarget } from './targets';
import type { TrackerMeta } from './types';

/** Where a site's tracker is, from its settings alone (zod-free: the options page reads it). */

/** The family's meta, as the settings' own kind (the union of metas cannot be called with one target). */
const metaOf = (target: TrackerTarget) => TRACKER_META[target.tracker] as TrackerMeta<TrackerTarget>;

/** The origin a tracker's token is sent to (and bound to in the secrets store). */
export function trackerOrigin(target: TrackerTarget): string {
  const url = 'baseUrl' in target ? target.baseUrl : target.apiUrl;
  return new URL(url).origin;
}

/**
 * Which instance of its kind a tracker is: two sites on the same kind of tracker post to the
 * same place only when these are equal. The origin, plus Azure DevOps' organization and project
 * (one origin serves them all). Tickets name their project or repository themselves
 * ("SHOP-1", "acme/shop#12"), so the others need only the origin. A Linear workspace is chosen
 * by the API key, not the address: two workspaces share https://api.linear.app.
 *
 * @example trackerAddress({ tracker: 'jira-cloud', baseUrl: 'https://acme.atlassian.net/', email }) // 'https://acme.atlassian.net'
 */
export function trackerAddress(target: TrackerTarget): string {
  const origin = trackerOrigin(target);
  const { instancePath } = metaOf(target);
  return instancePath ? `${origin}${instancePath(target)}` : origin;
}

/**
 * Every origin Flagtab calls for this tracker: host access to each is asked for when the site is
 * saved (an extension's fetch to an origin it may not access meets CORS, which trackers' APIs do
 * not open to extensions). Linear's screenshots go to an upload host of their own.
 *
 * @example trackerAccessOrigins({ tracker: 'linear', apiUrl: 'https://api.linear.app' }) // ['https://api.linear.app', 'https://uploads.linear.app']
 */
export function trackerAccessOrigins(target: TrackerTarget): string[] {
  const origin = trackerOrigin(target);
  return [origin, ...(metaOf(target).extraOrigins?.(origin) ?? [])];
}

/**
 * The host-permission pattern for one of those origins. A match pattern has no port (Firefox
 * refuses one): ask as the options page granted it (lib/config/hosts.ts, urlToOrigin, the same rule).
 *
 * @example originPattern('http://linear.localhost:4000') // 'http://linear.localhost/*'
 */
export function originPattern(url: string): string {
  const { protocol, hostname } = new URL(url);
  return `${protocol}//${hostname}/*`;
}
