/** The timer functions a throttle needs; the content script passes its window's. */
export interface Timers {
  setTimeout(handler: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

export interface ThrottleDeps {
  timers: Timers;
  /** A monotonic clock in ms, e.g. `performance.now`. */
  now(): number;
  /** Where a failed run's error goes; the throttle keeps running. */
  onError(error: unknown): void;
}

/**
 * Runs `task` at most once per `intervalMs`, however often `schedule()` is called: calls while a
 * run is waiting or in progress fold into one more run after it. A run that returns a promise
 * counts as in progress until it settles, so two sends never overlap. With `leading`, a call after
 * a quiet interval runs `task` at once instead of on the next timer turn.
 *
 * Each `schedule()` is O(1), which is what lets the content script take 100,000 page messages.
 *
 * @example
 * const flush = createThrottle(sendReport, 250, { timers: window, now: () => performance.now(), onError: console.error });
 * for (const m of messages) { buffer(m); flush.schedule(); } // at most 4 reports per second
 */
export function createThrottle(task: () => void | Promise<void>, intervalMs: number, deps: ThrottleDeps & { leading?: boolean }) {
  let timer: number | undefined;
  let running = false;
  let again = false;
  let stopped = false;
  let lastRun = -Infinity;

  function schedule(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    if (timer !== undefined) return;
    const wait = lastRun + intervalMs - deps.now();
    if (deps.leading && wait <= 0) {
      run();
      return;
    }
    timer = deps.timers.setTimeout(run, Math.max(0, wait));
  }

  function run(): void {
    timer = undefined;
    if (stopped) return;
    lastRun = deps.now();
    running = true;
    let result: void | Promise<void> = undefined;
    try {
      result = task();
    } catch (error) {
      deps.onError(error);
    }
    if (result instanceof Promise) {
      result.then(finish, (error: unknown) => {
        deps.onError(error);
        finish();
      });
    } else finish();
  }

  function finish(): void {
    running = false;
    if (again) {
      again = false;
      schedule();
    }
  }

  return {
    schedule,
    /** Stops for good: drops a waiting run, and nothing runs after. */
    stop(): void {
      stopped = true;
      if (timer !== undefined) deps.timers.clearTimeout(timer);
      timer = undefined;
    },
  };
}

export type Throttle = ReturnType<typeof createThrottle>;
