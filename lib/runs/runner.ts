import type { JsonValue } from '../json';
import { toDict, type Dict } from '../dict';
import { createSerialQueue } from '../serial';
import type { Step } from './combinations';
import type { GalleryStore } from './gallery-store';
import { RUN_KEY, RunStateSchema, runView, type Reported, type RunState, type RunView, type StepResult } from './state';

/** What a run needs of the browser; lib/background/runs.ts passes the real ones, tests fakes. */
export interface RunnerDeps {
  session: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
  gallery: GalleryStore;
  /** The override engine's batch change (exactly these values for this tab and site). */
  replaceTabValues(tabId: number, siteId: string, values: Dict<JsonValue>): Promise<unknown>;
  /** The tab's overrides on the site now. */
  overridesOf(tabId: number, siteId: string): Promise<Dict<JsonValue>>;
  /** Reloads the tab and waits for its load and network quiet, bounded; false when it did not settle in time. */
  reloadAndSettle(tabId: number): Promise<boolean>;
  /** A PNG of the tab (brought to the front first), base64 without the data: prefix. */
  capture(tabId: number): Promise<string>;
  /** What the tab's page reported it used, per flag. */
  reported(tabId: number, siteId: string): Promise<Dict<Reported>>;
  tabExists(tabId: number): Promise<boolean>;
  /** Wakes a stopped worker while a run goes on (an alarm), so it resumes without anyone watching. */
  keepAlive(on: boolean): Promise<void>;
  siteName(siteId: string): Promise<string>;
  now(): number;
  newId(): string;
}

export class RunError extends Error {
  override name = 'RunError';
}

/**
 * Drives one tab through a run's steps: set the step's overrides, reload, settle, capture,
 * record what the page reported. Every change of the run goes to `storage.session` before the
 * next step, so a stopped worker picks it up (`wake`) at the step it was cut short in. A failed
 * step is recorded with its reason and the run goes on. When the run ends (done or cancelled)
 * the tab gets back the overrides it had before.
 */
export function createRunner(deps: RunnerDeps) {
  const serial = createSerialQueue();
  /** The loop of this worker, if one runs: a second `wake` must not start another. */
  let driving: Promise<void> | undefined;

  async function read(): Promise<RunState | undefined> {
    const raw = (await deps.session.get(RUN_KEY))[RUN_KEY];
    if (raw === undefined) return undefined;
    const parsed = RunStateSchema.safeParse(raw);
    if (!parsed.success) throw new RunError(`Flagtab could not read the run in progress (${parsed.error.issues[0]?.message}): start it again.`, { cause: parsed.error });
    return parsed.data;
  }

  /** Changes the stored run, one change at a time (the loop and the popup's clicks interleave). */
  function update(change: (run: RunState) => RunState | undefined): Promise<RunState | undefined> {
    return serial(async () => {
      const run = await read();
      const next = run && change(structuredClone(run));
      if (!next) return run;
      await deps.session.set({ [RUN_KEY]: next });
      await deps.gallery.save({
        id: next.id, label: next.label, siteName: await deps.siteName(next.siteId), tabId: next.tabId, startedAt: next.startedAt,
        status: next.status, steps: next.steps, results: next.results,
      });
      return next;
    });
  }

  async function runStep(run: RunState, index: number): Promise<StepResult> {
    const at = deps.now();
    try {
      await deps.replaceTabValues(run.tabId, run.siteId, toDict(run.steps[index]));
      const settled = await deps.reloadAndSettle(run.tabId);
      const png = await deps.capture(run.tabId);
      await deps.gallery.saveImage(run.id, index, png);
      return { ok: true, index, at, settled, reported: await deps.reported(run.tabId, run.siteId) };
    } catch (error) {
      console.warn(`Flagtab: step ${index + 1} of run ${run.id} failed`, error);
      return { ok: false, index, at, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  async function finish(run: RunState, status: 'done' | 'cancelled', note?: string): Promise<void> {
    let restoreNote: string | undefined;
    if (await deps.tabExists(run.tabId)) {
      try {
        await deps.replaceTabValues(run.tabId, run.siteId, run.before);
        await deps.reloadAndSettle(run.tabId);
      } catch (error) {
        restoreNote = `The tab's overrides from before the run could not be put back (${error instanceof Error ? error.message : String(error)}): check them in the popup.`;
      }
    }
    await deps.keepAlive(false);
    await update((r) => (r.id === run.id ? { ...r, status, endedAt: deps.now(), ...(note || restoreNote ? { note: [note, restoreNote].filter(Boolean).join(' ') } : {}) } : undefined));
  }

  async function loop(): Promise<void> {
    for (;;) {
      const run = await read();
      if (!run || run.status === 'paused' || run.status === 'done' || run.status === 'cancelled') return;
      if (run.status === 'cancelling') return finish(run, 'cancelled');
      if (run.next >= run.steps.length) return finish(run, 'done');
      if (!(await deps.tabExists(run.tabId))) return finish(run, 'cancelled', 'The tab closed, so the run stopped.');
      const result = await runStep(run, run.next);
      // The result stands even if a pause or cancel came in meanwhile: the step was taken.
      await update((r) => (r.id === run.id ? { ...r, next: run.next + 1, results: [...r.results.filter((x) => x.index !== result.index), result] } : undefined));
    }
  }

  /** Runs the loop unless this worker already does. */
  function drive(): Promise<void> {
    driving ??= loop().catch((error: unknown) => console.error('Flagtab: the run stopped', error)).finally(() => { driving = undefined; });
    return driving;
  }

  const viewOf = async (): Promise<RunView | null> => {
    const run = await read();
    return run ? runView(run) : null;
  };

  return {
    /** Starts a run over `steps` in this tab; refused while another run goes on. */
    async start(request: { tabId: number; siteId: string; label: string; steps: Step[] }): Promise<RunView> {
      if (request.steps.length === 0) throw new RunError('This run has no step: choose at least one flag with two or more values.');
      const before = await deps.overridesOf(request.tabId, request.siteId);
      const started = await serial(async () => {
        const current = await read();
        if (current && (current.status === 'running' || current.status === 'paused' || current.status === 'cancelling')) {
          throw new RunError(`A run is already going on (${current.label}, in tab ${current.tabId}): cancel it first.`);
        }
        const run: RunState = {
          id: deps.newId(), tabId: request.tabId, siteId: request.siteId, label: request.label, steps: request.steps,
          next: 0, status: 'running', before, results: [], startedAt: deps.now(),
        };
        await deps.session.set({ [RUN_KEY]: run });
        return run;
      });
      await update((r) => r); // the gallery lists it from the start
      await deps.keepAlive(true);
      void drive();
      return runView(started);
    },
    async pause(): Promise<RunView | null> {
      const run = await update((r) => (r.status === 'running' ? { ...r, status: 'paused' } : undefined));
      return run ? runView(run) : null;
    },
    async resume(): Promise<RunView | null> {
      const run = await update((r) => (r.status === 'paused' ? { ...r, status: 'running' } : undefined));
      void drive();
      return run ? runView(run) : null;
    },
    /** Stops after the step in progress, and puts the tab's overrides back. */
    async cancel(): Promise<RunView | null> {
      const run = await update((r) => (r.status === 'running' || r.status === 'paused' ? { ...r, status: 'cancelling' } : undefined));
      void drive();
      return run ? runView(run) : null;
    },
    view: viewOf,
    /** The worker started, or the run's alarm fired: go on with a run that was going on. */
    async wake(): Promise<void> {
      const run = await read();
      if (run && (run.status === 'running' || run.status === 'cancelling')) await drive();
    },
    /** For tests: settles when this worker's loop has stopped. */
    idle: () => driving ?? Promise.resolve(),
  };
}

export type Runner = ReturnType<typeof createRunner>;
