import { describeIssues } from '../schema-issues';
import { SignOffSchema } from './schema';
import type { SignOff } from './signoff';
import { OUTBOX_KEY, createOutboxStore, itemsOf, outboxScreenshotKey, outboxGalleryKey, withItem, type OutboxItem, type OutboxStorage } from './outbox-store';
import { OUTBOX_ALARM, createOutboxSender, type OutboxSenderDeps } from './outbox-sender';
import { createOutboxEditing, type OutboxResult } from './outbox-editing';

export { OUTBOX_ALARM } from './outbox-sender';
export type { OutboxItem, OutboxStorage } from './outbox-store';
export type { SignOffEdit } from './outbox-rules';
export type { OutboxResult } from './outbox-editing';

/**
 * The outbox: a sign-off is saved in storage.local before any request is made, then sent one
 * at a time, retried with backoff through an alarm (which outlives the service worker), and
 * posted exactly once. Exactly once rests on four rules:
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
export interface OutboxDeps extends OutboxSenderDeps {
  storage: OutboxStorage;
}

/**
 * The outbox, put together: its store (outbox-store.ts), its sender (outbox-sender.ts) and what
 * a person may do to an item (outbox-editing.ts) share one document, one queue and one set of
 * ids in flight.
 *
 * @example
 * const outbox = createOutbox({ storage: browser.storage.local, history, trackerFor, alarms: browser.alarms, now: Date.now, online: () => navigator.onLine });
 * browser.alarms.onAlarm.addListener((a) => void outbox.onAlarm(a.name));
 * self.addEventListener('online', () => void outbox.process());
 * await outbox.submit(signOff); // saved: sending continues in the background
 */
export function createOutbox(deps: OutboxDeps) {
  const store = createOutboxStore(deps.storage);
  const { serial, load, find } = store;
  const sender = createOutboxSender(store, deps);
  const { process, kick } = sender;
  const { retry, discard, edit } = createOutboxEditing(store, sender, deps.now);

  return {
    /**
     * Saves the sign-off, then starts sending it. Saving the same sign-off twice keeps one.
     * Resolves once it is stored; `{ ok: false }` when it could not be (nothing will be sent).
     */
    async submit(input: SignOff): Promise<OutboxResult> {
      const parsed = SignOffSchema().safeParse(input);
      if (!parsed.success) return { ok: false, message: `The sign-off was not saved: ${describeIssues(parsed.error.issues)}` };
      const { screenshot, gallery, ...rest } = parsed.data;
      const { images, ...galleryWords } = gallery ?? { images: undefined };
      const signOff = { ...rest, ...(gallery ? { gallery: galleryWords as Omit<typeof gallery, 'images'> } : {}) };
      if (await deps.history.has(signOff.id)) return { ok: false, message: 'This sign-off was already posted (see the history); nothing was sent again.' };
      const result = await serial(async (): Promise<OutboxResult> => {
        const doc = await load();
        const existing = find(doc, signOff.id);
        if (existing) return { ok: true, item: existing };
        const now = deps.now();
        const item: OutboxItem = { signOff, hasScreenshot: screenshot !== undefined, state: 'queued', attempts: 0, nextAttemptAt: now, mayBeOnServer: false, updatedAt: now };
        try {
          await store.storage.set({ [OUTBOX_KEY]: withItem(doc, signOff.id, item), ...(screenshot ? { [outboxScreenshotKey(signOff.id)]: screenshot } : {}),
            ...(images?.length ? { [outboxGalleryKey(signOff.id)]: images } : {}),
          });
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

    retry,
    discard,
    edit,

    /** The outbox's alarm fired: send what is due. */
    onAlarm(name: string): Promise<void> {
      return name === OUTBOX_ALARM ? process() : Promise.resolve();
    },

    /** The browser is back online (or the worker started): send what is due. */
    online: process,
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
