import type { CDPSession, Page } from 'playwright-core';
import type { ExtensionBrowser } from './extension';

/** How long after a load's end a wake it caused may still be reported. */
const SETTLE_MS = 300;

export interface WorkerStarts {
  /** Stops the worker (and waits until it stays stopped), loads `url` in `tab`, and says whether the load started it again. */
  loadWakes(tab: Page, url: string): Promise<boolean>;
  /** Stops the worker the same way, runs `action` (closing a tab, say), and says whether it started the worker again. */
  wakes(action: () => Promise<unknown>): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Watches the extension's service worker start, as Chrome reports it over CDP
 * (ServiceWorker.workerVersionUpdated, runningStatus "starting"), from a page of the extension's
 * own origin (the ServiceWorker domain reaches only its storage partition's workers). The page
 * is the manifest, which runs no script and so never wakes the worker itself; the worker is
 * stopped from the same session (stopServiceWorker opens and closes a tab, which are events).
 * Nothing in the extension counts, so any build can be watched.
 */
export async function watchWorkerStarts(ext: ExtensionBrowser): Promise<WorkerStarts> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/manifest.json`);
  const cdp: CDPSession = await ext.context.newCDPSession(page);
  let starts = 0;
  const status = new Map<string, string>();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) {
      if (!v.scriptURL.startsWith(`chrome-extension://${ext.extensionId}/`)) continue;
      if (v.runningStatus === 'starting' && status.get(v.versionId) !== 'starting') starts++;
      status.set(v.versionId, v.runningStatus);
    }
  });
  await cdp.send('ServiceWorker.enable');
  const stopped = () => [...status.values()].every((s) => s === 'stopped');
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  async function stop() {
    // Stopped, and still stopped a moment later: the previous load's last events (its pixel, a
    // storage write) can start it again right after a stop, and that start is not the next load's.
    for (let attempt = 1; ; attempt++) {
      for (let waited = 0; !stopped(); waited += 20) {
        // Again every half second: a stop sent while the worker is still starting can be lost.
        if (waited % 500 === 0) await cdp.send('ServiceWorker.stopAllWorkers');
        if (waited > 10_000) throw new Error('the service worker did not stop within 10 s of ServiceWorker.stopAllWorkers');
        await sleep(20);
      }
      await sleep(SETTLE_MS);
      if (stopped()) return;
      if (attempt === 5) throw new Error('the service worker kept starting again right after being stopped: no load\'s wake can be told apart');
    }
  }
  async function wakes(action: () => Promise<unknown>) {
    await stop();
    const before = starts;
    await action();
    await sleep(SETTLE_MS);
    return starts > before;
  }
  return {
    wakes,
    loadWakes(tab, url) {
      return wakes(() => tab.goto(url, { waitUntil: 'load' }));
    },
    close: async () => {
      await cdp.detach();
      await page.close();
    },
  };
}
