import { TrackerError, type TicketTracker, type TrackerId } from '../signoff/tracker';
import { azureDevOpsFromTarget } from './azure-devops';
import { gitHubFromTarget } from './github';
import { gitLabFromTarget } from './gitlab';
import { jiraCloudFromTarget } from './jira-cloud';
import { jiraDataCenterFromTarget } from './jira-dc';
import { linearFromTarget } from './linear';
import { TRACKER_INFO, TRACKER_META } from './meta-registry';
import type { TrackerTarget } from './targets';
import { notATicket, pathOf } from './ticket';
import type { TrackerDeps, TrackerMeta } from './types';

/**
 * Every tracker family's API, by id: what turns a site's settings and token into a TicketTracker.
 * The zod-free side of each family (names, token help, fields, tickets) is in meta-registry.ts,
 * its settings' schema in targets.ts.
 */
const FROM_TARGET: { readonly [K in TrackerId]: (target: Extract<TrackerTarget, { tracker: K }>, token: string, deps: TrackerDeps) => TicketTracker } = {
  'jira-cloud': jiraCloudFromTarget,
  'jira-dc': jiraDataCenterFromTarget,
  github: gitHubFromTarget,
  gitlab: gitLabFromTarget,
  linear: linearFromTarget,
  'azure-devops': azureDevOpsFromTarget,
};

/** What the side panel says about each tracker, before any request (from each family's meta.ts). */
export { TRACKER_INFO };

/**
 * The tracker a site's sign-offs go to, with its token. The caller has checked that the token
 * was saved for `trackerOrigin(target)`: each factory sends it to that origin only.
 */
export function createTracker(target: TrackerTarget, token: string, deps: TrackerDeps): TicketTracker {
  // The entry is target.tracker's own: TypeScript cannot correlate the two unions by itself.
  const create = FROM_TARGET[target.tracker] as (target: TrackerTarget, token: string, deps: TrackerDeps) => TicketTracker;
  return create(target, token, deps);
}

export type TicketCheck = { ok: true; ticket: string } | { ok: false; message: string };

/**
 * The ticket as the tracker names it, from what a person types or pastes: a key in any case, a
 * bare "#12" on a site with a default repository or project, or the ticket's web address.
 *
 * @example normalizeTicket({ tracker: 'github', apiUrl: 'https://api.github.com', repo: 'acme/shop' }, '#12') // { ok: true, ticket: 'acme/shop#12' }
 * @example normalizeTicket(jira, 'https://acme.atlassian.net/browse/shop-142') // { ok: true, ticket: 'SHOP-142' }
 */
export function normalizeTicket(target: TrackerTarget, raw: string): TicketCheck {
  const text = raw.trim();
  const meta = TRACKER_META[target.tracker] as TrackerMeta<TrackerTarget>;
  if (!text) return { ok: false, message: `Name the ticket, e.g. ${meta.ticketExample}.` };
  try {
    return { ok: true, ticket: meta.canonicalTicket(text, pathOf(text), target) };
  } catch (error) {
    if (error instanceof TrackerError) return { ok: false, message: error.message };
    return { ok: false, message: notATicket(text, meta).message };
  }
}
