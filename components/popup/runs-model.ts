import { createContext } from 'preact';
import { computed, signal } from '@preact/signals';
import type { BackgroundClient } from '../../lib/messaging/client';
import type { RequestOf } from '../../lib/messaging/protocol';
import type { RunView } from '../../lib/runs/state';

export interface RunsDeps {
  client: BackgroundClient;
  tabId: number;
  openGallery(runId: string): void;
  /** Calls `tick` every `ms` until the returned function is called (the progress while a run goes on). */
  every(ms: number, tick: () => void): () => void;
}

/**
 * The popup's runs: start one ("All variants…", "Combinations…"), follow its progress, pause,
 * resume or cancel it, and open its gallery when it ends.
 */
export function createRunsModel(deps: RunsDeps) {
  const view = signal<RunView | null>(null);
  const error = signal<string | undefined>(undefined);
  let stopPolling: (() => void) | undefined;
  const active = computed(() => ['running', 'paused', 'cancelling'].includes(view.value?.status ?? ''));

  function follow(next: RunView | null) {
    view.value = next;
    const going = next && ['running', 'paused', 'cancelling'].includes(next.status);
    if (going && !stopPolling) stopPolling = deps.every(1_000, () => void refresh());
    if (!going && stopPolling) { stopPolling(); stopPolling = undefined; }
  }

  async function act(task: () => Promise<RunView | null>) {
    error.value = undefined;
    try {
      follow(await task());
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  const refresh = () => act(() => deps.client.request('runs/status', {}));

  return {
    view, error, active,
    refresh,
    start: (siteId: string, strategy: RequestOf<'runs/start'>['strategy'], keys: string[] = []) =>
      act(() => deps.client.request('runs/start', { tabId: deps.tabId, siteId, strategy, keys })),
    pause: () => act(() => deps.client.request('runs/pause', {})),
    resume: () => act(() => deps.client.request('runs/resume', {})),
    cancel: () => act(() => deps.client.request('runs/cancel', {})),
    openGallery: () => view.value && deps.openGallery(view.value.id),
  };
}

export type RunsModel = ReturnType<typeof createRunsModel>;

/** The popup's runs model, provided by the popup's entrypoint; without it the run controls are not shown. */
export const RunsContext = createContext<RunsModel | undefined>(undefined);
