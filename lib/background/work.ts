import { createCatalogueFetcher } from '../catalogue/fetcher';
import { createRunsWork } from './runs-work';
import { createSignOffWork } from './signoff-work';

/**
 * What the background does only now and then, kept out of the worker that every wake parses:
 * fetching catalogues (every provider adapter, HTTP, normalising, test connection) and sign-offs
 * (trackers, Markdown rendering, the outbox's sending, the history) and runs of variants
 * (the runner, captures, the contact sheet). Built into its own script
 * (entrypoints/background-work.ts), which publishes these factories and registers no listener;
 * load-work.ts loads it on first need. Tests and Node use it directly: `async () => work`.
 */
export const work = { createCatalogueFetcher, createSignOffWork, createRunsWork };

export type Work = typeof work;
/** Gives the work script's factories, loading the script the first time. */
export type LoadWork = () => Promise<Work>;
