import type { CDPSession, Page } from 'playwright-core';
import type { ExtensionBrowser } from '../demo/browser/extension';

/** How long after a load's end a wake it caused may still be reported. */
const SETTLE_MS = 300;

export interface WakeCount {
  /** Page loads after which the stopped worker had started. */
  woke: number;
  of: number;
}

/**
 * Counts the starts of the extension's service worker, as Chrome reports them over CDP
 * (ServiceWorker.workerVersionUpdated, runningStatus "starting"), from a page of the extension's
 * own origin (the ServiceWorker domain reaches only its storage partition's workers). The page
 * is the manifest, which runs no script and so never wakes the worker itself. Nothing in the
 * extension counts: the build measured is the production build.
 */
async function watchStarts(ext: ExtensionBrowser): Promise<{ starts(): number; stopped(): boolean; stop(): Promise<void>; close(): Promise<void> }> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/manifest.json`);
  const cdp: CDPSession = await ext.context.newCDPSession(page);
  let starts = 0;
  const last = new Map<string, string>();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) {
      if (!v.scriptURL.startsWith(`chrome-extension://${ext.extensionId}/`)) continue;
      if (v.runningStatus === 'starting' && last.get(v.versionId) !== 'starting') starts++;
      last.set(v.versionId, v.runningStatus);
    }
  });
  await cdp.send('ServiceWorker.enable');
  const stopped = () => [...last.values()].every((status) => status === 'stopped');
  // Stopped from this session: stopServiceWorker opens and closes a tab, which is an event.
  const stop = async () => {
    await cdp.send('ServiceWorker.stopAllWorkers');
    for (let waited = 0; !stopped(); waited += 20) {
      if (waited > 10_000) throw new Error('the service worker did not stop within 10 s of ServiceWorker.stopAllWorkers');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { starts: () => starts, stopped, stop, close: async () => { await cdp.detach(); await page.close(); } };
}

/**
 * Measurement 11: how many page loads wake a stopped worker. Before each load the worker is
 * stopped (CDP ServiceWorker.stopAllWorkers, as Chrome stops an idle one); the load runs in a
 * tab opened before the stop, and a load counts when the worker started between the stop and
 * SETTLE_MS after the load event. `control` is a page of a configured site, loaded the same
 * way once at the end: it must wake the worker (Flagtab must hear a configured site's pages),
 * or the count is worthless and the run fails.
 */
export async function countWakes(ext: ExtensionBrowser, urls: { unconfigured: string; control: string }, loads: number): Promise<WakeCount> {
  const watch = await watchStarts(ext);
  let tab: Page | undefined;
  try {
    tab = await ext.context.newPage();
    const wokeFor = async (url: string, round: number) => {
      // Stopped, and still stopped a moment later: the previous load's last events (its pixel,
      // a storage write) can start it again right after a stop, and that start is not this load's.
      for (let attempt = 1; ; attempt++) {
        await watch.stop();
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        if (watch.stopped()) break;
        if (attempt === 5) throw new Error('the service worker kept starting again after being stopped: nothing can be counted');
      }
      const before = watch.starts();
      await tab!.goto(`${url}${url.includes('?') ? '&' : '?'}wake-round=${round}`, { waitUntil: 'load' });
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      return watch.starts() > before;
    };
    let woke = 0;
    for (let round = 0; round < loads; round++) if (await wokeFor(urls.unconfigured, round)) woke++;
    if (!(await wokeFor(urls.control, loads))) {
      throw new Error(`a page of a configured site (${urls.control}) did not wake the stopped worker: the wake count cannot see wakes, or Flagtab no longer hears its sites' pages`);
    }
    return { woke, of: loads };
  } finally {
    await tab?.close();
    await watch.close();
  }
}
