import { TrackerError, type PostedComment, type TicketTracker } from './tracker';
import { withItem, type OutboxDoc, type OutboxItem, type OutboxStore } from './outbox-store';
import { applyEdit, isOtherTracker, trackerWhere, type SignOffEdit } from './outbox-rules';
import { isTracker, type OutboxSender } from './outbox-sender';

/**
 * What a person may do to a sign-off still in the outbox: retry it now, discard it, or edit it.
 * An edit keeps the sign-off's id, so it is only applied while nothing can be on the server for
 * it; when an earlier attempt may have posted, the tracker is asked first (the marker).
 */
export type OutboxResult = { ok: true; item: OutboxItem; warning?: string } | { ok: false; message: string; item?: OutboxItem };

/** @example const editing = createOutboxEditing(store, sender, Date.now); await editing.retry(id); */
export function createOutboxEditing(store: OutboxStore, sender: OutboxSender, now: () => number) {
  const { serial, inFlight, load, write, find, removeScreenshot, removeImages } = store;
  const { online, resolveTracker, guarded, report, settle, kick } = sender;

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
    if (patch.dropScreenshot) await removeScreenshot(item.signOff.id);
  }

  const missing = { ok: false, message: 'This sign-off is no longer in the outbox: it was posted (see the history) or discarded.' } as const;
  const busy = { ok: false, message: 'This sign-off is being sent right now; try again in a moment.' } as const;

  return {
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
        const next: OutboxItem = { ...rest, ...keep, state: 'queued', attempts: 0, nextAttemptAt: now(), updatedAt: now() };
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
        await removeImages(id);
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
        const applied = applyEdit(item, patch, now());
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
          const applied = applyEdit(item, patch, now());
          if (applied.ok) await writeEdit(doc, applied.item, patch);
          return applied;
        });
      } finally {
        inFlight.delete(id);
      }
      kick(); // sends the edited item, or hands the posted one to the history
      return result;
    },
  };
}

export type OutboxEditing = ReturnType<typeof createOutboxEditing>;
