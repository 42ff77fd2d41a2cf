import type { TicketTracker, TrackerError } from './tracker';
import type { History } from './history';
import type { SignOff } from './signoff';
import { itemsOf, withItem, type OutboxItem, type OutboxStore } from './outbox-store';
import { isDue, isOtherTracker, nextWake, settle as settleItem, trackerChanged, trackerRef, type Outcome } from './outbox-rules';
import { createTrackerCalls } from './outbox-attempt';

/**
 * The outbox's send loop: sends every due item one at a time, asks `findAll` first whenever an
 * earlier attempt may have posted (the sign-off's marker), removes copies the browser re-sent,
 * hands posted items to the history, and sets the alarm for the next due item (backoff).
 * The rules it follows are in outbox-rules.ts, its tracker calls in outbox-attempt.ts; why they
 * make "exactly once" is in outbox.ts.
 */
export const OUTBOX_ALARM = 'flagtab-outbox';

export interface OutboxSenderDeps {
  history: Pick<History, 'add' | 'has'>;
  /** The site's tracker, or why there is none (no token: a TrackerError that says what to do). */
  trackerFor(signOff: SignOff): TicketTracker | TrackerError | Promise<TicketTracker | TrackerError>;
  alarms: { create(name: string, info: { when: number }): unknown; clear(name: string): unknown };
  now(): number;
  /** navigator.onLine in the background; while false nothing is sent and no attempt is counted. */
  online?(): boolean;
  random?(): number;
  /** A tracker call that has not settled after this long counts as a timeout (trackers time out sooner). */
  callTimeoutMs?: number;
  /** Where unexpected errors of background sends go. */
  report?(error: unknown): void;
}

const DEFAULT_CALL_TIMEOUT_MS = 120_000;
export const isTracker = (t: TicketTracker | Outcome): t is TicketTracker => 'findExisting' in t;

/** @example const sender = createOutboxSender(store, deps); await sender.process(); */
export function createOutboxSender(store: OutboxStore, deps: OutboxSenderDeps) {
  const { serial, inFlight, load, write, find, readScreenshot } = store;
  const online = () => deps.online?.() ?? true;
  const report = deps.report ?? ((error: unknown) => console.error('Flagtab outbox:', error));
  const callTimeoutMs = deps.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const { guarded, resolveTracker, attempt } = createTrackerCalls({ trackerFor: deps.trackerFor, readScreenshot, readGalleryImages: store.readGalleryImages, callTimeoutMs, report });

  const settle = (item: OutboxItem, outcome: Outcome, tracker?: TicketTracker) => settleItem(item, outcome, deps.now(), deps.random, tracker);

  async function sendOne(picked: OutboxItem): Promise<void> {
    const id = picked.signOff.id;
    const resolved = await resolveTracker(picked.signOff);
    const claimed = await serial(async () => {
      const doc = await load();
      const item = find(doc, id);
      if (!item || !isDue(item, deps.now(), inFlight)) return undefined; // edited, discarded or sent meanwhile
      if (!isTracker(resolved)) return void (await write(withItem(doc, id, settle(item, resolved))));
      if (item.mayBeOnServer && isOtherTracker(item.tracker, resolved)) {
        return void (await write(withItem(doc, id, settle(item, trackerChanged(item, resolved)))));
      }
      const sending: OutboxItem = { ...item, state: 'sending', mayBeOnServer: true, tracker: trackerRef(resolved), updatedAt: deps.now() };
      await write(withItem(doc, id, sending)); // stored before the request: rule 1
      inFlight.add(id);
      return { item, tracker: resolved };
    });
    if (!claimed) return;
    try {
      const outcome = await attempt(claimed.item, claimed.tracker);
      await serial(async () => {
        const doc = await load();
        const current = find(doc, id);
        if (current) await write(withItem(doc, id, settle(current, outcome, claimed.tracker)));
      });
    } finally {
      inFlight.delete(id);
    }
  }

  /** Hands a posted item to the history, then lets it go (safe to repeat: `add` replaces). */
  async function archive(item: OutboxItem): Promise<void> {
    const id = item.signOff.id;
    if (!item.posted || !item.tracker) return;
    const screenshot = item.hasScreenshot ? await readScreenshot(id) : undefined;
    await deps.history.add({ signOff: item.signOff, tracker: item.tracker, comment: item.posted, postedAt: item.updatedAt, ...(item.duplicates ? { duplicates: item.duplicates } : {}) }, screenshot);
    await serial(async () => {
      const doc = await load();
      if (find(doc, id)?.state === 'posted') await write(withItem(doc, id, undefined));
    });
    // After the document: a stop in between leaves an unused screenshot, never an item without one.
    await store.removeImages(id);
  }

  async function drain(): Promise<void> {
    const attempted = new Set<string>();
    for (;;) {
      const items = itemsOf(await serial(load));
      for (const item of items) if (item.state === 'posted') await archive(item);
      if (!online()) return;
      const next = items.find((i) => !attempted.has(i.signOff.id) && isDue(i, deps.now(), inFlight));
      if (!next) return;
      attempted.add(next.signOff.id);
      await sendOne(next);
    }
  }

  async function schedule(): Promise<void> {
    const when = nextWake(itemsOf(await serial(load)), deps.now(), online());
    if (when === undefined) await deps.alarms.clear(OUTBOX_ALARM);
    else await deps.alarms.create(OUTBOX_ALARM, { when });
  }

  let running: Promise<void> | undefined;
  let again = false;
  /** Sends every due item, one at a time; a call while a drain runs joins it and adds a pass. */
  function process(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await drain();
          await schedule();
        } while (again);
      } catch (error) {
        // Storage refused a write: the items are as they were; come back later.
        await Promise.resolve(deps.alarms.create(OUTBOX_ALARM, { when: deps.now() + 30_000 })).catch(report);
        throw error;
      } finally {
        running = undefined;
      }
    })();
    return running;
  }
  const kick = () => void process().catch(report);

  return { process, kick, report, online, guarded, resolveTracker, settle };
}

export type OutboxSender = ReturnType<typeof createOutboxSender>;
