import { originPattern, trackerAccessOrigins, trackerAddress, trackerOrigin } from './origins';
import type { TrackerTarget } from './targets';
import type { SignOff } from '../signoff/signoff';
import type { SecretsStore } from '../secrets/store';
import { createTracker, normalizeTicket, TRACKER_INFO } from './registry';
import { TrackerError, type TicketTracker } from '../signoff/tracker';
import type { TrackerDeps } from './types';

export interface TrackerAccessDeps extends TrackerDeps {
  secrets: Pick<SecretsStore, 'tokenFor'>;
  /** permissions.contains for an origin pattern ("https://acme.atlassian.net/*"). */
  hasHostAccess(pattern: string): Promise<boolean>;
}

/** What access reads of a site (lib/config's Site is one): its id, its name for messages, its tracker. */
export interface TrackerSite {
  id: string;
  name: string;
  tracker?: TrackerTarget | undefined;
}

export type TrackerAccess = { ok: true; tracker: TicketTracker; target: TrackerTarget } | { ok: false; problem: string };

/**
 * The site's tracker, ready to call, or what a person must set up first — in words that say
 * where. The token is used only when it was saved for the tracker's origin, and only when
 * Flagtab may reach that origin (asked for in the options page when the site is saved).
 * `token` replaces the stored one (a typed, unsaved token being tested).
 *
 * @example const access = await trackerAccess(site, deps); if (!access.ok) show(access.problem);
 */
export async function trackerAccess(site: TrackerSite, deps: TrackerAccessDeps, token?: string): Promise<TrackerAccess> {
  const target = site.tracker;
  const fix = `in Flagtab's settings, edit "${site.name}" (QA sign-offs)`;
  if (!target) return { ok: false, problem: `"${site.name}" has no sign-off tracker yet: ${fix} and choose where sign-offs go.` };
  const { label } = TRACKER_INFO[target.tracker];
  const origin = trackerOrigin(target);
  let secret = token;
  if (secret === undefined) {
    const lookup = await deps.secrets.tokenFor(site.id, 'tracker', origin);
    if (!lookup) return { ok: false, problem: `Flagtab has no ${label} token for "${site.name}": ${fix} and add one.` };
    if ('savedFor' in lookup) return { ok: false, problem: `The ${label} token of "${site.name}" was saved for ${lookup.savedFor}, not ${origin}: ${fix} and enter it again.` };
    secret = lookup.token;
  }
  if (!secret) return { ok: false, problem: `Enter the ${label} token first.` };
  for (const needed of trackerAccessOrigins(target)) {
    if (!(await deps.hasHostAccess(originPattern(needed)))) {
      return { ok: false, problem: `Flagtab may not reach ${needed} yet: ${fix} and save it, then allow access when the browser asks.` };
    }
  }
  return { ok: true, target, tracker: withTicketsOf(target, createTracker(target, secret, deps)) };
}

/**
 * The tracker, reading each sign-off's ticket as this tracker names it. A sign-off saved while
 * the site had no tracker (or another one) keeps the ticket as typed; it is read here.
 */
function withTicketsOf(target: TrackerTarget, tracker: TicketTracker): TicketTracker {
  const named = (signOff: SignOff): SignOff => {
    const check = normalizeTicket(target, signOff.ticket);
    if (!check.ok) throw new TrackerError('ticket-not-found', `${check.message} Edit the sign-off's ticket in the outbox.`);
    return check.ticket === signOff.ticket ? signOff : { ...signOff, ticket: check.ticket };
  };
  return {
    id: tracker.id,
    label: tracker.label,
    uploadsScreenshots: tracker.uploadsScreenshots,
    address: trackerAddress(target),
    findExisting: (signOff) => tracker.findExisting(named(signOff)),
    findAll: (signOff) => tracker.findAll(named(signOff)),
    remove: (signOff, comment) => tracker.remove(named(signOff), comment),
    post: (signOff) => tracker.post(named(signOff)),
    verify: () => tracker.verify(),
  };
}
