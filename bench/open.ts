import type { ExtensionBrowser } from '../demo/browser/extension';
import { installProbe, waitForMark } from './probe';

/** Not part of any product build: run.ts writes it into the e2e build before the browser starts. */
export const EMPTY_PAGE = 'bench-empty.html';
export const EMPTY_PAGE_HTML = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body></body></html>\n';
/**
 * The empty page plus one 12-byte script: the floor of any page with a script. MV3 allows no
 * inline script, and on this machine's Chromium the first file an extension page loads costs
 * about as much as the whole empty page (bench/README.md), so no popup can open faster than this.
 */
export const ONE_SCRIPT_PAGE = 'bench-one-script.html';
export const ONE_SCRIPT_FILE = 'bench-one-script.js';
export const ONE_SCRIPT_PAGE_HTML = `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>bench</title><script type="module" src="/${ONE_SCRIPT_FILE}"></script></head><body></body></html>\n`;

/**
 * Opens `path` of the extension in a fresh tab and returns the milliseconds from the start of
 * the navigation to `mark` (see ProbeMarks). A fresh tab each time, as a popup is a fresh
 * document each time it opens; creating and closing the tab are not timed.
 *
 * Why in-page `performance.now()` rather than wall-clock around `page.goto` + `waitFor`: the
 * baseline (an empty page) takes a few milliseconds, the same order as Playwright's CDP round
 * trips and its polling interval, which wall-clock would add to both sides and so squash the
 * ratio towards 1. The page's own clock starts when the browser starts the navigation and stops
 * at the exact moment the condition holds.
 */
export async function timeOpen(ext: ExtensionBrowser, path: string, mark: 'complete' | 'interactive'): Promise<number> {
  const page = await ext.context.newPage();
  try {
    await installProbe(page);
    await page.goto(`chrome-extension://${ext.extensionId}/${path}`, { waitUntil: 'commit' });
    const marks = await waitForMark(page, mark);
    return marks[mark]!;
  } finally {
    await page.close();
  }
}

export const popupPath = (tabId: number) => `popup.html?tabId=${tabId}`;

/** Fails unless the popup for `tabId` lists exactly `flags` flags: a benchmark of an error page is worthless. */
export async function assertPopupShows(ext: ExtensionBrowser, tabId: number, flags: number): Promise<void> {
  const page = await ext.context.newPage();
  try {
    await page.goto(`chrome-extension://${ext.extensionId}/${popupPath(tabId)}`);
    const count = page.locator('p.count');
    try {
      await count.waitFor({ timeout: 15_000 });
    } catch (error) {
      const shown = await page.locator('body').innerText().catch(() => '(unreadable)');
      throw new Error(`the popup for tab ${tabId} never listed its flags; it shows: ${JSON.stringify(shown.slice(0, 300))}`, { cause: error });
    }
    // The first open shows the (empty) cache at once and fetches behind it: wait for the fetch.
    const expected = `${flags} of ${flags} flags`;
    await page.waitForFunction((want) => document.querySelector('p.count')?.textContent?.trim() === want, expected, { timeout: 60_000 }).catch(() => undefined);
    const text = (await count.textContent())?.trim();
    if (text !== expected) {
      throw new Error(`the popup for tab ${tabId} says "${text}", expected "${flags} of ${flags} flags"; check the generated catalogue (bench/catalogue.ts) against parseFlagsFile's warnings`);
    }
  } finally {
    await page.close();
  }
}
