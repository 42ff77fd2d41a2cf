import type { Browser } from 'webextension-polyfill';
import { retryOnce } from '../retry-once';
import type { Site } from '../config/schema';
import type { RequestOf, ResponseMap } from '../messaging/protocol';
import { STORED } from '../storage/keys';
import type { SignOffDeps, SignOffHandlers, SignOffWork } from './signoff-work';
import type { LoadWork } from './work';

export type { SignOffDeps } from './signoff-work';

/** The alarm the outbox sets to retry (lib/signoff/outbox-sender.ts OUTBOX_ALARM; a unit test holds them equal). */
export const OUTBOX_ALARM_NAME = 'flagtab-outbox';
const OUTBOX_KEY = STORED.outbox.key;
const UNSENT_KEY = STORED.signOffsUnsent.key;
type Submitted = RequestOf<'signoff/submit'>;

/** Every message the sign-off work answers; each loads the work script the first time. */
export const SIGN_OFF_MESSAGES = [
  'signoff/draft', 'signoff/screenshot', 'signoff/submit',
  'outbox/list', 'outbox/wake', 'outbox/retry', 'outbox/discard', 'outbox/edit',
  'history/list', 'history/screenshot', 'history/drop-screenshot', 'history/remove', 'history/export',
] as const;
export type SignOffMessage = (typeof SIGN_OFF_MESSAGES)[number];

/**
 * Whether the stored outbox has an item the sender must act on: queued (to send or retry),
 * sending (the worker stopped mid-send) or posted (to move to the history). A failed item
 * waits for the person, not for a wake. Read without the outbox's schemas, which live in the
 * work script: a wake with nothing to send must not load it.
 */
export function outboxNeedsSending(stored: unknown): boolean {
  const items = (stored as { items?: unknown } | null | undefined)?.items;
  return Array.isArray(items) && items.some((item) => {
    const state = (item as { state?: unknown } | null)?.state;
    return state === 'queued' || state === 'sending' || state === 'posted';
  });
}

/**
 * QA sign-offs in the background (the draft, the screenshot, the outbox and its history), as
 * listeners and message handlers that load the heavy part (signoff-work.ts, in the background's
 * work script) only when a sign-off is drafted, sent or listed. The outbox resumes on a wake
 * only when it holds something to send, and on its alarm.
 */
export function registerSignOff(browser: Browser, deps: SignOffDeps & { loadWork: LoadWork }) {
  const local = browser.storage.local;
  /** Created once (then the sign-offs kept while it could not load go to the outbox); a load that failed is not kept, so the next message tries again. */
  const work = retryOnce(async (): Promise<SignOffWork> => {
    const made = (await deps.loadWork()).createSignOffWork(browser, deps);
    void submitUnsent(made).catch(logged('the sign-offs kept while the background could not load its work were not submitted'));
    return made;
  }).get;
  const logged = (what: string) => (error: unknown) => console.error(`Flagtab: ${what}`, error);
  const unsent = async (): Promise<Submitted[]> => {
    const stored = (await local.get(UNSENT_KEY))[UNSENT_KEY];
    return Array.isArray(stored) ? (stored as Submitted[]) : [];
  };

  /** The outbox validates each as it validates the side panel's; one it refuses is dropped, with the reason in the console. */
  async function submitUnsent(made: SignOffWork): Promise<void> {
    const kept = await unsent();
    for (const request of kept) {
      const result = await made.handlers['signoff/submit'](request);
      if (!result.ok) console.error(`Flagtab: a sign-off kept while the background could not load its work was refused: ${result.message}`);
    }
    if (!kept.length) return;
    const ids = new Set(kept.map((r) => r.id));
    const left = (await unsent()).filter((r) => !ids.has(r.id));
    await (left.length ? local.set({ [UNSENT_KEY]: left }) : local.remove(UNSENT_KEY));
  }

  const handlers = Object.fromEntries(SIGN_OFF_MESSAGES.map((type) => [
    type,
    async (data: never) => ((await work()).handlers[type] as (data: never) => Promise<unknown>)(data),
  ])) as unknown as SignOffHandlers;
  // A sign-off sent while the work cannot load is kept, as sent, and goes to the outbox once it loads.
  handlers['signoff/submit'] = async (request) => {
    let made: SignOffWork;
    try {
      made = await work();
    } catch (error) {
      await local.set({ [UNSENT_KEY]: [...(await unsent()).filter((r) => r.id !== request.id), request] });
      throw new Error(`Your sign-off was kept: it goes to the outbox once Flagtab can load its work. ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return made.handlers['signoff/submit'](request);
  };

  /** "Test connection" in the options page: who the token signs in as. */
  const testTracker = async (site: Site, token?: string): Promise<ResponseMap['tracker/test']> => (await work()).testTracker(site, token);

  /** Sends what waits, if anything does: the stored outbox is read first, without the work script. */
  async function resume(): Promise<void> {
    const stored = await local.get([OUTBOX_KEY, UNSENT_KEY]);
    if (!outboxNeedsSending(stored[OUTBOX_KEY]) && !Array.isArray(stored[UNSENT_KEY])) return;
    await (await work()).outbox.online();
  }

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OUTBOX_ALARM_NAME) void work().then((loaded) => loaded.outbox.onAlarm(alarm.name)).catch(logged('the outbox could not resume on its alarm'));
  });
  // Back online: send what waited. (A stopped worker misses this; the outbox's alarm re-checks.)
  globalThis.addEventListener?.('online', () => void resume().catch(logged('the outbox could not resume when back online')));
  // Woken: resume what a stopped worker left, including a send it was in the middle of.
  void resume().catch(logged('the outbox could not resume on this wake'));

  return { handlers, testTracker, work };
}
