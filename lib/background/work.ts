import { createCatalogueFetcher } from '../catalogue/fetcher';
import { createSignOffWork } from './signoff-work';

/**
 * What the background does only now and then, kept out of the worker that every wake parses:
 * fetching catalogues (every provider adapter, HTTP, normalising, test connection) and sign-offs
 * (trackers, Markdown rendering, the outbox's sending, the history). Built into its own script
 * (entrypoints/background-work.ts), which publishes these factories and registers no listener;
 * load-work.ts loads it on first need. Tests and Node use it directly: `async () => work`.
 */
export const work = { createCatalogueFetcher, createSignOffWork };

export type Work = typeof work;
/** Gives the work script's factories, loading the script the first time. */
export type LoadWork = () => Promise<Work>;
