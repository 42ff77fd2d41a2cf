/**
 * How long a woken worker waits, once its start-up reconcile is done, before its own chores. The
 * event that woke it (the popup's first request, a click, a page's navigation) arrives a few ms
 * after the worker's script has run and is served in 8–17 ms (bench/README.md section 10): chores
 * started at once queued in front of its reads (the popup's `documents.get` waited behind the
 * documents' prune, on the same storage.session key). Nothing waits for the chores: later is
 * only later, while the worker lives (Chrome stops an idle one after 30 s).
 */
export const CHORES_DELAY_MS = 100;

/** What a woken worker does for itself. */
export interface WakeChores {
  /** Forget what is kept about tabs that closed while no worker ran. */
  forgetClosedTabs(): Promise<unknown>;
  /** Narrow the listeners to what is followed: after forgetting, since what is kept decides whether tab closes must be heard. */
  narrowListeners(): Promise<unknown>;
  /** Make the registered content scripts match the configured sites. */
  syncContentScripts(): Promise<unknown>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const said = (what: string) => (error: unknown) => console.error(`Flagtab: could not ${what} at start-up; the next start tries again`, error);

/**
 * A worker's start: `reconcile` at once, then the chores `CHORES_DELAY_MS` after it settled.
 * The reconcile must come first: it is the engine's first task, so a click (or the popup's
 * state) waits behind it until the stored state and the installed rules agree; the chores only
 * tidy up, and the event that woke the worker goes before them. A failure is said and stops
 * nothing else. Resolves when all are done.
 *
 * @example void startWake(() => engine.reconcile({ onStart: true }), { forgetClosedTabs, narrowListeners, syncContentScripts })
 */
export async function startWake(reconcile: () => Promise<unknown>, chores: WakeChores): Promise<void> {
  await reconcile().catch(said('make the installed rules agree with the stored overrides'));
  await wait(CHORES_DELAY_MS);
  const forgotten = chores.forgetClosedTabs().catch(said('forget what was kept about tabs that closed'));
  await Promise.all([
    forgotten.then(() => chores.narrowListeners()).catch(said('narrow the listeners to the configured sites')),
    chores.syncContentScripts().catch(said('register the page scripts for the configured sites')),
  ]);
}
