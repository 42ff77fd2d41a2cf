import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { extensionDir } from './build';

/** Debian's Chromium; Playwright's own browser downloads are not available here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * How long Chromium may take to start the extension's service worker. Far above a warm start
 * (well under a second): the first start on a machine where Chromium never ran, with other
 * browsers busy, is much slower, and a fixed 15 s failed there. Waiting on the event itself,
 * the limit only bounds a browser that is truly stuck.
 */
export const COLD_START_LIMIT_MS = 120_000;

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The extension's service worker, fetched anew: it may have been stopped and restarted. */
  worker(): Promise<Worker>;
  close(): Promise<void>;
}

/** Starts headless Chromium with the e2e build of Flagtab loaded. */
export async function launchWithExtension(options: { headless?: boolean; userDataDir?: string; extensionDir?: string } = {}): Promise<ExtensionBrowser> {
  const dir = options.extensionDir ?? extensionDir('chrome');
  // An empty userDataDir gives a throwaway profile; pass one to survive a browser restart.
  const context = await chromium.launchPersistentContext(options.userDataDir ?? '', {
    executablePath: CHROMIUM_PATH,
    headless: options.headless ?? true,
    args: [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  const worker = async () => {
    const existing = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    if (existing) return existing;
    try {
      return await context.waitForEvent('serviceworker', { timeout: COLD_START_LIMIT_MS });
    } catch (error) {
      throw new Error(`Chromium did not start Flagtab's service worker (from ${dir}) within ${COLD_START_LIMIT_MS / 1000} s: check that the build exists and its manifest loads (chromium --load-extension=${dir})`, { cause: error });
    }
  };
  const extensionId = new URL((await worker()).url()).host;
  return { context, extensionId, worker, close: () => context.close() };
}

/** The id Chrome gave the tab now showing `page` (the extension sees tabs, Playwright sees pages). */
export async function tabIdOf(ext: ExtensionBrowser, page: Page): Promise<number> {
  const marker = `flagtab-e2e-${Math.random().toString(36).slice(2)}`;
  // A child Flagtab opens starts on about:blank and then navigates (and a child that went
  // without is loaded once more): mark the document that is there once the navigation settled.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.evaluate((m) => { document.title = m; }, marker);
      break;
    } catch (error) {
      if (attempt >= 5 || !String(error).includes('Execution context was destroyed')) throw error;
      await page.waitForLoadState();
    }
  }
  const sw = await ext.worker();
  const id = await sw.evaluate(async (m) => (await chrome.tabs.query({ title: m }))[0]?.id, marker);
  if (id === undefined) throw new Error(`No tab found for ${page.url()}`);
  return id;
}

/**
 * Runs `fn` with a CDP session attached to a page of the extension's own origin: the
 * ServiceWorker domain only reaches workers of the page's storage partition. The page is the
 * manifest, which runs no script and so does not wake the worker itself.
 */
async function withCdp<T>(ext: ExtensionBrowser, fn: (cdp: import('playwright-core').CDPSession) => Promise<T>): Promise<T> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/manifest.json`);
  const cdp = await ext.context.newCDPSession(page);
  try {
    return await fn(cdp);
  } finally {
    await cdp.detach();
    await page.close();
  }
}

/**
 * Stops the extension's service worker as Chrome does when it idles (CDP
 * ServiceWorker.stopAllWorkers) and waits until Chrome reports it stopped. Any later event
 * (a tab loading, a message) starts a fresh worker with empty memory.
 */
export async function stopServiceWorker(ext: ExtensionBrowser): Promise<void> {
  await withCdp(ext, async (cdp) => {
    // Enabled first: enabling replays each worker's last status, and a "stopped" replayed from
    // before a wake-up would end the wait before this stop (the worker then dies mid-task).
    await cdp.send('ServiceWorker.enable');
    const stopped = new Promise<void>((resolve) => {
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        if (versions.some((v) => v.scriptURL.startsWith(`chrome-extension://${ext.extensionId}/`) && v.runningStatus === 'stopped')) resolve();
      });
    });
    await cdp.send('ServiceWorker.stopAllWorkers');
    await stopped;
  });
}
