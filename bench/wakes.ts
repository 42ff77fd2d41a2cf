import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '../demo/browser/extension';
import { watchWorkerStarts } from '../demo/browser/worker-starts';

export interface WakeCount {
  /** Page loads after which the stopped worker had started. */
  woke: number;
  of: number;
}

/**
 * Measurement 11: how many page loads wake a stopped worker. Before each load the worker is
 * stopped (CDP ServiceWorker.stopAllWorkers, as Chrome stops an idle one) and a load counts
 * when it started again by the load's end (plus 300 ms), as Chrome reports over CDP
 * (demo/browser/worker-starts.ts). `control` is a page of a configured site, loaded the same
 * way once at the end: it must wake the worker (Flagtab must hear its sites' pages), or the
 * count is worthless and the run fails.
 */
export async function countWakes(ext: ExtensionBrowser, urls: { unconfigured: string; control: string }, loads: number): Promise<WakeCount> {
  const watch = await watchWorkerStarts(ext);
  let tab: Page | undefined;
  try {
    tab = await ext.context.newPage();
    const round = (url: string, n: number) => `${url}${url.includes('?') ? '&' : '?'}wake-round=${n}`;
    let woke = 0;
    for (let n = 0; n < loads; n++) if (await watch.loadWakes(tab, round(urls.unconfigured, n))) woke++;
    if (!(await watch.loadWakes(tab, round(urls.control, loads)))) {
      throw new Error(`a page of a configured site (${urls.control}) did not wake the stopped worker: the wake count cannot see wakes, or Flagtab no longer hears its sites' pages`);
    }
    return { woke, of: loads };
  } finally {
    await tab?.close();
    await watch.close();
  }
}
