import type { Browser } from 'webextension-polyfill';
import { retryOnce } from '../retry-once';
import type { Site } from '../config/schema';
import type { Flag } from '../flags/flag';
import type { OverrideEngine } from '../overrides/engine';
import type { PageView } from '../detect/view';
import type { Handlers } from '../messaging/router';
import { STORED } from '../storage/keys';
import type { LoadWork } from './work';

/** Wakes a stopped worker every 30 s (Chrome's shortest alarm) while a run goes on. */
export const RUN_ALARM = 'flagtab-run';
const RUN_KEY = STORED.run.key;

export const RUN_MESSAGES = ['runs/start', 'runs/status', 'runs/pause', 'runs/resume', 'runs/cancel', 'runs/gallery'] as const;
export type RunMessage = (typeof RUN_MESSAGES)[number];

export interface RunsDeps {
  engine: OverrideEngine;
  sites(): Promise<Site[]>;
  flagsOf(site: Site): Promise<Flag[]>;
  pageView(tabId: number, site: Site): Promise<PageView>;
}

/** Whether the stored run (storage.session) is one a worker must drive on: running, or being cancelled. */
export function runGoesOn(stored: unknown): boolean {
  const status = (stored as { status?: unknown } | null | undefined)?.status;
  return status === 'running' || status === 'cancelling';
}

/**
 * Runs of variants and combinations (runs-work.ts, in the background's work script), behind
 * listeners and handlers that load it only for a run: the popup asks for the run's status on
 * every open, answered without it while no run was ever started in this browser session.
 * Resumes a run on every start of the worker that finds one going on, and on its alarm.
 */
export function registerRuns(browser: Browser, deps: RunsDeps & { loadWork: LoadWork }) {
  /** Created once; a load that failed is not kept, so the next message tries again. */
  const runs = retryOnce(async () => (await deps.loadWork()).createRunsWork(browser, deps));
  const work = runs.get;
  const stored = async () => (await browser.storage.session.get(RUN_KEY))[RUN_KEY];
  const logged = (what: string) => (error: unknown) => console.error(`Flagtab: ${what}`, error);

  const handlers = Object.fromEntries(RUN_MESSAGES.map((type) => [
    type,
    async (data: never) => ((await work()).handlers[type] as (data: never) => Promise<unknown>)(data),
  ])) as unknown as Pick<Handlers, RunMessage>;
  // No run in this session: nothing to show, and nothing to load to say so.
  handlers['runs/status'] = async (data) => (runs.held() || (await stored()) !== undefined ? (await work()).handlers['runs/status'](data) : null);

  /** Goes on with a run a stopped worker left, if one goes on: the stored run is read first, without the work script. */
  async function wake(): Promise<void> {
    if (!runs.held() && !runGoesOn(await stored())) return;
    await (await work()).runner.wake();
  }
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RUN_ALARM) void wake().catch(logged('the run could not go on at its alarm'));
  });
  // Woken (by the alarm, a message, a tab's event): go on with a run a stopped worker left.
  void wake().catch(logged('the run could not go on on this wake'));
  return { handlers };
}
