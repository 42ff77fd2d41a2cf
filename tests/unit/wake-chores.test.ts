import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { createDocumentStore, DOCUMENTS_KEY, type DocumentLoad } from '../../lib/overrides/documents';
import { CHORES_DELAY_MS, startWake, type WakeChores } from '../../lib/background/wake-chores';

const doc = (url: string): DocumentLoad => ({ url, method: 'GET', carried: false, at: 1 });

/** storage.session whose writes of the documents record wait until `release()`: a slow browser. */
function slowSession() {
  const held: (() => void)[] = [];
  const session = {
    get: (key: string) => fakeBrowser.storage.session.get(key),
    async set(items: Record<string, unknown>) {
      if (DOCUMENTS_KEY in items) await new Promise<void>((resolve) => held.push(resolve));
      await fakeBrowser.storage.session.set(items);
    },
  };
  return { session, writesWaiting: () => held.length, release: () => held.splice(0).forEach((go) => go()) };
}

async function storedTabs(): Promise<string[]> {
  const stored = (await fakeBrowser.storage.session.get(DOCUMENTS_KEY))[DOCUMENTS_KEY] as Record<string, unknown> | undefined;
  return Object.keys(stored ?? {}).sort();
}

/** A worker woken with tab 1 open and tab 2 closed while it slept, both with a page load kept. */
async function wokenWorker() {
  await fakeBrowser.storage.session.set({ [DOCUMENTS_KEY]: { 1: doc('https://shop.example.com/'), 2: doc('https://shop.example.com/closed') } });
  const slow = slowSession();
  const documents = createDocumentStore({ session: slow.session });
  const done: string[] = [];
  const chores: WakeChores = {
    forgetClosedTabs: () => documents.prune([1]),
    narrowListeners: async () => void done.push('narrowed'),
    syncContentScripts: async () => void done.push('synced'),
  };
  const started = startWake(async () => void done.push('reconciled'), chores);
  return { documents, slow, done, started };
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('a woken worker serves the event that woke it before its chores', () => {
  it('the popup\'s read of its tab\'s page load does not wait behind the closed tabs\' prune', async () => {
    const w = await wokenWorker();
    // The popup's popup/state arrives a few ms after the worker started, as measured.
    await vi.advanceTimersByTimeAsync(5);
    let answer: DocumentLoad | undefined;
    void w.documents.get(1).then((found) => (answer = found));
    await vi.advanceTimersByTimeAsync(1);
    // Answered though no write of the documents record could finish yet.
    expect(answer).toEqual(doc('https://shop.example.com/'));
    expect(w.done).toEqual(['reconciled']);
    expect(w.slow.writesWaiting()).toBe(0);
  });

  it('a quiet wake still forgets the closed tab\'s page load, then narrows the listeners', async () => {
    const w = await wokenWorker();
    await vi.advanceTimersByTimeAsync(CHORES_DELAY_MS);
    expect(w.slow.writesWaiting()).toBe(1);
    expect(w.done).toEqual(['reconciled', 'synced']); // narrowing waits for what is kept to be known
    w.slow.release();
    await w.started;
    expect(await storedTabs()).toEqual(['1']);
    expect(w.done).toEqual(['reconciled', 'synced', 'narrowed']);
  });

  it('a chore that fails is said and stops no other; a failed reconcile does not stop the chores', async () => {
    const said = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const done: string[] = [];
    const started = startWake(() => Promise.reject(new Error('rules refused')), {
      forgetClosedTabs: () => Promise.reject(new Error('storage gone')),
      narrowListeners: async () => void done.push('narrowed'),
      syncContentScripts: () => Promise.reject(new Error('scripting refused')),
    });
    await vi.advanceTimersByTimeAsync(CHORES_DELAY_MS);
    await started;
    expect(done).toEqual(['narrowed']);
    expect(said.mock.calls.map(([message]) => message)).toEqual([
      'Flagtab: could not make the installed rules agree with the stored overrides at start-up; the next start tries again',
      'Flagtab: could not forget what was kept about tabs that closed at start-up; the next start tries again',
      'Flagtab: could not register the page scripts for the configured sites at start-up; the next start tries again',
    ]);
    said.mockRestore();
  });
});
