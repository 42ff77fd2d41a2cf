import { describeIssues } from '../config/issues';
import { createSerialQueue } from '../serial';
import { TrackerError, postedOf, type FoundComment, type PostedComment, type TicketTracker } from './tracker';
import type { History, Screenshot } from './history';
import {
  OUTBOX_ALARM, OUTBOX_KEY, ScreenshotSchema, SignOffSchema, applyEdit, failureOutcome, isDue, itemsOf, nextWake,
  isOtherTracker, outboxScreenshotKey, readDoc, settle as settleItem, trackerChanged, trackerRef, trackerWhere, withItem,
  type Outcome, type OutboxDoc, type OutboxItem, type SignOffEdit, type StoredSignOff,
} from './outbox-state';
import type { SignOff } from './signoff';
import { convergeComments, unchecked } from './duplicates';

export { OUTBOX_ALARM } from './outbox-state';
export type { OutboxItem, SignOffEdit } from './outbox-state';

/**
 * The outbox: a sign-off is saved in storage.local before any request is made, then sent one
 * at a time, retried with backoff through an alarm (which outlives the service worker), and
 * posted exactly once. Exactly once rests on three rules:
 * 1. An item is marked 'sending' (with `mayBeOnServer`) and that is stored before the request.
 * 2. Any attempt of an item that may be on the server asks `findExisting` (every comment carries
 *    the sign-off's marker) before posting; a 'sending' item found later — the worker stopped
 *    mid-send — is such an item and is due at once.
 * 3. Once 'posted' is stored, the item is never sent again; it moves to the history.
 * 4. After a post (and a retry that finds the comment), every copy with the marker but the oldest
 *    is deleted: the browser may re-send a post by itself, past rule 2 (duplicates.ts).
 * Only the background creates an outbox (one writer): two would each think the other's
 * 'sending' item was abandoned.
 */
export interface OutboxStorage {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface OutboxDeps {
  storage: OutboxStorage;
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

export type OutboxResult = { ok: true; item: OutboxItem; warning?: string } | { ok: false; message: string; item?: OutboxItem };

const DEFAULT_CALL_TIMEOUT_MS = 120_000;
const isTracker = (t: TicketTracker | Outcome): t is TicketTracker => 'findExisting' in t;

/**
 * @example
 * const outbox = createOutbox({ storage: browser.storage.local, history, trackerFor, alarms: browser.alarms, now: Date.now, online: () => navigator.onLine });
 * browser.alarms.onAlarm.addListener((a) => void outbox.onAlarm(a.name));
 * self.addEventListener('online', () => void outbox.process());
 * await outbox.submit(signOff); // saved: sending continues in the background
 */
export function createOutbox(deps: OutboxDeps) {
  const online = () => deps.online?.() ?? true;
  const report = deps.report ?? ((error: unknown) => console.error('Flagtab outbox:', error));
  const callTimeoutMs = deps.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  /** Ids this worker has a request out for (a send, or an edit's check): nothing else may touch them. */
  const inFlight = new Set<string>();

  /** Every read-change-write of the document runs alone, like the override engine's changes. */
  const serial = createSerialQueue();

  async function load(): Promise<OutboxDoc> {
    return readDoc((await deps.storage.get(OUTBOX_KEY))[OUTBOX_KEY]);
  }
  async function write(doc: OutboxDoc, extra: Record<string, unknown> = {}): Promise<void> {
    try {
      await deps.storage.set({ [OUTBOX_KEY]: doc, ...extra });
    } catch (error) {
      throw new Error('Could not write the outbox to storage.local; nothing was changed', { cause: error });
    }
  }
  const find = (doc: OutboxDoc, id: string) => itemsOf(doc).find((i) => i.signOff.id === id);

  async function readScreenshot(id: string): Promise<Screenshot | undefined> {
    const parsed = ScreenshotSchema.safeParse((await deps.storage.get(outboxScreenshotKey(id)))[outboxScreenshotKey(id)]);
    return parsed.success ? parsed.data : undefined;
  }

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

  const settle = (item: OutboxItem, outcome: Outcome, tracker?: TicketTracker) => settleItem(item, outcome, deps.now(), deps.random, tracker);

  /** One attempt: ask whether the comment exists when it may, else post it. */
  async function attempt(item: OutboxItem, tracker: TicketTracker): Promise<Outcome> {
    const screenshot = item.hasScreenshot ? await readScreenshot(item.signOff.id) : undefined;
    const signOff: SignOff = { ...item.signOff, ...(screenshot ? { screenshot } : {}) };
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
    await deps.storage.remove(outboxScreenshotKey(id));
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

  /** Whether nothing for `item` is on the server now, asked of the tracker (for an edit). */
  async function check(item: OutboxItem): Promise<{ absent: true } | { found: PostedComment; tracker: TicketTracker } | { message: string }> {
    const cannot = (why: string) => ({ message: `Nothing was changed: Flagtab cannot tell yet whether an earlier attempt reached ${item.signOff.ticket} (${why}). Edit again later, or discard this sign-off and send a new one once you have checked the ticket.` });
    if (!online()) return cannot('you are offline');
    const tracker = await resolveTracker(item.signOff);
    if (!isTracker(tracker)) return cannot(tracker.kind === 'error' ? tracker.error.message : 'no tracker');
    if (isOtherTracker(item.tracker, tracker)) return cannot(`the site now posts to ${trackerWhere(tracker)}, not ${trackerWhere(item.tracker!)}`);
    try {
      const found = await guarded(() => tracker.findExisting(item.signOff));
      return found ? { found, tracker } : { absent: true };
    } catch (error) {
      if (error instanceof TrackerError && error.kind === 'ticket-not-found') return { absent: true }; // see failureOutcome
      if (!(error instanceof TrackerError)) report(error);
      return cannot(error instanceof Error ? error.message : String(error));
    }
  }

  async function writeEdit(doc: OutboxDoc, item: OutboxItem, patch: SignOffEdit): Promise<void> {
    await write(withItem(doc, item.signOff.id, item));
    if (patch.dropScreenshot) await deps.storage.remove(outboxScreenshotKey(item.signOff.id));
  }

  const missing = { ok: false, message: 'This sign-off is no longer in the outbox: it was posted (see the history) or discarded.' } as const;
  const busy = { ok: false, message: 'This sign-off is being sent right now; try again in a moment.' } as const;

  return {
    /**
     * Saves the sign-off, then starts sending it. Saving the same sign-off twice keeps one.
     * Resolves once it is stored; `{ ok: false }` when it could not be (nothing will be sent).
     */
    async submit(input: SignOff): Promise<OutboxResult> {
      const parsed = SignOffSchema.safeParse(input);
      if (!parsed.success) return { ok: false, message: `The sign-off was not saved: ${describeIssues(parsed.error.issues)}` };
      const { screenshot, ...signOff } = parsed.data;
      if (await deps.history.has(signOff.id)) return { ok: false, message: 'This sign-off was already posted (see the history); nothing was sent again.' };
      const result = await serial(async (): Promise<OutboxResult> => {
        const doc = await load();
        const existing = find(doc, signOff.id);
        if (existing) return { ok: true, item: existing };
        const now = deps.now();
        const item: OutboxItem = { signOff, hasScreenshot: screenshot !== undefined, state: 'queued', attempts: 0, nextAttemptAt: now, mayBeOnServer: false, updatedAt: now };
        try {
          await deps.storage.set({ [OUTBOX_KEY]: withItem(doc, signOff.id, item), ...(screenshot ? { [outboxScreenshotKey(signOff.id)]: screenshot } : {}) });
        } catch (error) {
          if (error instanceof Error && /quota/i.test(error.message)) {
            return { ok: false, message: `The sign-off was not saved: the browser's storage for Flagtab is full (${error.message}). Drop the screenshot, or save and remove screenshots kept in the history, then send again.` };
          }
          throw new Error('Could not save the sign-off to storage.local; nothing was sent', { cause: error });
        }
        return { ok: true, item };
      });
      if (result.ok) kick();
      return result;
    },

    process,

    /** Every item not yet handed to the history, in the order they were saved. */
    list: (): Promise<OutboxItem[]> => serial(async () => itemsOf(await load())),

    /** Sends a failed or waiting item now, with a fresh backoff (after the person fixed the cause). */
    async retry(id: string): Promise<OutboxResult> {
      const result = await serial(async (): Promise<OutboxResult> => {
        const doc = await load();
        const item = find(doc, id);
        if (!item) return missing;
        if (inFlight.has(id)) return busy;
        if (item.state === 'posted') return { ok: true, item };
        const { lastError, tracker, ...rest } = item;
        // After "the tracker changed", Retry is the person saying the old tracker has no comment.
        const keep = tracker && lastError?.kind !== 'tracker-changed' ? { tracker } : {};
        const next: OutboxItem = { ...rest, ...keep, state: 'queued', attempts: 0, nextAttemptAt: deps.now(), updatedAt: deps.now() };
        await write(withItem(doc, id, next));
        return { ok: true, item: next };
      });
      if (result.ok) kick();
      return result;
    },

    /** Stops trying and forgets the sign-off. Warns when an earlier attempt may have posted it. */
    async discard(id: string): Promise<OutboxResult> {
      return serial(async (): Promise<OutboxResult> => {
        const doc = await load();
        const item = find(doc, id);
        if (!item) return missing;
        if (inFlight.has(id)) return busy;
        if (item.state === 'posted') return { ok: false, message: 'This sign-off was already posted; it is in the history.', item };
        await write(withItem(doc, id, undefined));
        await deps.storage.remove(outboxScreenshotKey(id));
        const warning = item.mayBeOnServer ? `An earlier attempt may have reached ${item.signOff.ticket}; check the ticket for the comment.` : undefined;
        return { ok: true, item, ...(warning ? { warning } : {}) };
      });
    },

    /**
     * Changes a sign-off that has not been posted; a failed one is queued again. The sign-off
     * keeps its id, which is only safe while nothing is on the server for it: when an earlier
     * attempt may have posted, the tracker is asked first. Found → the item becomes posted and
     * the edit is refused (a posted comment is not rewritten); cannot ask → refused, nothing
     * changes. So an edit never yields a second comment, on the old ticket or the new one.
     */
    async edit(id: string, patch: SignOffEdit): Promise<OutboxResult> {
      const first = await serial(async (): Promise<OutboxResult | OutboxItem> => {
        const doc = await load();
        const item = find(doc, id);
        if (!item) return missing;
        if (inFlight.has(id)) return busy;
        if (item.state === 'posted') return { ok: false, message: 'This sign-off was already posted; it cannot be changed.', item };
        const applied = applyEdit(item, patch, deps.now());
        if (!applied.ok) return applied; // refuse a bad edit before asking the tracker anything
        if (item.mayBeOnServer) {
          inFlight.add(id); // no send may start while we ask
          return item;
        }
        await writeEdit(doc, applied.item, patch);
        return applied;
      });
      if (!('signOff' in first)) {
        if (first.ok) kick();
        return first;
      }
      let result: OutboxResult;
      try {
        const checked = await check(first);
        result = await serial(async (): Promise<OutboxResult> => {
          const doc = await load();
          const item = find(doc, id);
          if (!item) return missing;
          if ('message' in checked) return { ok: false, message: checked.message, item };
          if ('found' in checked) {
            const posted = settle(item, { kind: 'posted', comment: checked.found }, checked.tracker);
            await write(withItem(doc, id, posted));
            return { ok: false, message: `Nothing was changed: this sign-off already reached ${item.signOff.ticket} (${checked.found.url}). Flagtab does not rewrite posted comments; send a new sign-off for the change.`, item: posted };
          }
          const applied = applyEdit(item, patch, deps.now());
          if (applied.ok) await writeEdit(doc, applied.item, patch);
          return applied;
        });
      } finally {
        inFlight.delete(id);
      }
      kick(); // sends the edited item, or hands the posted one to the history
      return result;
    },

    /** The outbox's alarm fired: send what is due. */
    onAlarm(name: string): Promise<void> {
      return name === OUTBOX_ALARM ? process() : Promise.resolve();
    },

    /** The browser is back online (or the worker started): send what is due. */
    online: process,
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
