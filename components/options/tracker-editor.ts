import type { Site } from '../../lib/config/schema';
import { TRACKER_LABELS, TRACKER_TOKEN_HELP } from '../../lib/trackers/meta-registry';
import { trackerAccessOrigins, trackerOrigin } from '../../lib/trackers/origins';
import type { BackgroundClient } from '../../lib/messaging/client';
import type { TrackerCheck } from '../../lib/signoff/view';
import type { SecretsStore } from '../../lib/secrets/store';
import { accessProblem, messageOf } from './model-helpers';
import { mayBind, moveState, type TokenSlots } from './token-move';

/**
 * The sign-off tracker's side of the site editor: its token on Save and "Test sign-off
 * connection". The token follows the catalogue token's rules (site-editor-model.ts): typed
 * replaces, Remove deletes, kept stays bound where it was saved unless the person confirmed the
 * new address (token-move.ts).
 */

/**
 * What these rules read of the site editor (site-editor-model.ts's SiteEditor is one). Written
 * out here so this file does not import the editor, which imports it.
 */
export interface TrackerTokenEditor extends TokenSlots {
  editing: { mode: 'add' } | { mode: 'edit'; id: string };
  form: { trackerToken: string };
  tokenLoading: boolean;
}

/**
 * Stores, removes or re-binds the tracker's token after the site was saved. A site without
 * a tracker keeps no tracker token: nothing would say where it may be sent.
 *
 * @example await saveTrackerToken(secrets, site, editor)
 */
export async function saveTrackerToken(secrets: Pick<SecretsStore, 'set' | 'bind'>, site: Site, current: TrackerTokenEditor): Promise<void> {
  const typed = current.form.trackerToken.trim();
  if (!site.tracker) return secrets.set(site.id, 'tracker', undefined);
  const origin = trackerOrigin(site.tracker);
  if (typed) return secrets.set(site.id, 'tracker', typed, origin);
  if (current.editing.mode === 'add' || current.trackerToken.action === 'remove') return secrets.set(site.id, 'tracker', undefined);
  // Kept: it belongs to the tracker's address only if saved for it, or the person confirmed the move.
  if (mayBind(moveState(current, 'tracker'), origin)) return secrets.bind(site.id, 'tracker', origin);
  return undefined;
}

/** The token "Test sign-off connection" sends: the typed one, undefined for the stored one, or '' for none. */
export function trackerTokenToTest(current: TrackerTokenEditor): string | undefined {
  const typed = current.form.trackerToken.trim();
  if (typed) return typed;
  const stored = current.trackerToken.stored !== undefined || current.tokenLoading;
  return current.editing.mode === 'edit' && stored && current.trackerToken.action !== 'remove' ? undefined : '';
}

/** Why the test cannot start (no tracker, no token), said before asking anyone; undefined when it can. */
export function trackerTestRefusal(site: Site, token: string | undefined): TrackerCheck | undefined {
  if (!site.tracker) return { ok: false, message: 'Choose where sign-offs are posted first.' };
  if (token !== '') return undefined;
  const { label, help } = TRACKER_TOKEN_HELP[site.tracker.tracker];
  return { ok: false, message: `${TRACKER_LABELS[site.tracker.tracker]} needs a token: enter the ${label}. ${help}` };
}

/**
 * Waits for host access to the tracker, then has the background sign in with the token and
 * say whom it signs in as. Never throws: every failure is a message.
 */
export async function checkTracker(client: Pick<BackgroundClient, 'request'>, granted: Promise<boolean>, site: Site, token: string | undefined): Promise<TrackerCheck> {
  const tracker = site.tracker!;
  const hosts = trackerAccessOrigins(tracker).map((origin) => new URL(origin).hostname);
  const refused = await accessProblem(granted, `Flagtab needs access to ${hosts.join(' and ')} to reach ${TRACKER_LABELS[tracker.tracker]}`);
  if (refused) return { ok: false, message: refused };
  try {
    return await client.request('tracker/test', token === undefined ? { site } : { site, token });
  } catch (error) {
    return { ok: false, message: messageOf(error) };
  }
}
