import { TrackerError, postedOf, type FoundComment, type PostedComment, type TicketTracker } from './tracker';
import { convergeComments, unchecked } from './duplicates';
import type { Screenshot } from './history';
import type { GalleryImage, SignOff } from './signoff';
import type { StoredSignOff } from './schema';
import type { OutboxItem } from './outbox-store';
import { failureOutcome, type Outcome } from './outbox-rules';

/**
 * The outbox's calls to a tracker, each bounded by a timeout: finding the site's tracker, and
 * one attempt at a sign-off (ask for the marker when an earlier attempt may have posted, else
 * post; then remove copies the browser re-sent). What comes back is an Outcome, never a throw.
 */
export interface TrackerCallDeps {
  trackerFor(signOff: SignOff): TicketTracker | TrackerError | Promise<TicketTracker | TrackerError>;
  readScreenshot(id: string): Promise<Screenshot | undefined>;
  readGalleryImages(id: string): Promise<GalleryImage[]>;
  callTimeoutMs: number;
  report(error: unknown): void;
}

/** @example const { attempt } = createTrackerCalls(deps); const outcome = await attempt(item, tracker); */
export function createTrackerCalls(deps: TrackerCallDeps) {
  const { callTimeoutMs, report, readScreenshot } = deps;

  /** Settles `call` or reports a timeout: a hung request must not hold the outbox forever. */
  function guarded<T>(call: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new TrackerError('timeout', `The tracker did not answer within ${Math.round(callTimeoutMs / 1000)} s; Flagtab will try again`)),
        callTimeoutMs,
      );
      Promise.resolve().then(call).then(
        (value) => { clearTimeout(timer); resolve(value); },
        (error: unknown) => { clearTimeout(timer); reject(error); },
      );
    });
  }

  function failure(error: unknown, absentBeforePost: boolean): Outcome {
    if (!(error instanceof TrackerError)) report(error);
    return failureOutcome(error, absentBeforePost);
  }

  async function resolveTracker(signOff: StoredSignOff): Promise<TicketTracker | Outcome> {
    try {
      const tracker = await deps.trackerFor(signOff);
      // No tracker says nothing about what an earlier attempt did: `absent` stays false.
      return tracker instanceof TrackerError ? failure(tracker, false) : tracker;
    } catch (error) {
      return failure(error, false);
    }
  }

  /** One attempt: ask whether the comment exists when it may, else post it. */
  async function attempt(item: OutboxItem, tracker: TicketTracker): Promise<Outcome> {
    const screenshot = item.hasScreenshot ? await readScreenshot(item.signOff.id) : undefined;
    const images = item.signOff.gallery ? await deps.readGalleryImages(item.signOff.id) : [];
    const signOff: SignOff = {
      ...item.signOff,
      ...(screenshot ? { screenshot } : {}),
      ...(item.signOff.gallery ? { gallery: { ...item.signOff.gallery, images } } : {}),
    };
    let absentBeforePost = !item.mayBeOnServer;
    let posted: PostedComment;
    let listed: FoundComment[] | undefined;
    try {
      if (item.mayBeOnServer) {
        listed = await guarded(() => tracker.findAll(signOff));
        absentBeforePost = listed.length === 0;
      }
      const first = listed?.[0];
      posted = first ? postedOf(first) : await guarded(() => tracker.post(signOff));
    } catch (error) {
      return failure(error, absentBeforePost);
    }
    // Posted: now make sure it is there once (the browser may have re-sent the post itself).
    const converged = await guarded(() => convergeComments(tracker, signOff, posted, listed?.length ? listed : undefined))
      .catch((error: unknown) => unchecked(signOff, posted, error));
    return { kind: 'posted', ...converged };
  }

  return { guarded, failure, resolveTracker, attempt };
}
