import type { ExtensionBrowser } from '../demo/browser/extension';
import { popupPath } from './open';
import { installProbe, waitForMark } from './probe';

/**
 * One keystroke in the popup's search box, timed in the page from the input event until the
 * browser is about to paint the filtered list (the next animation frame after Preact's render,
 * then a task, so layout of the new rows is included). Typing alternates between two queries
 * that each match about a tenth of the flags, so every keystroke changes the list.
 */
const KEYSTROKE = `(async (query) => {
  const input = document.querySelector('input[aria-label="Search flags"]');
  const start = performance.now();
  input.value = query;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  document.querySelector('ul[aria-label="Flags"]').getBoundingClientRect();
  return performance.now() - start;
})`;

export async function measureKeystrokes(ext: ExtensionBrowser, tabId: number, rounds: number, expected: number): Promise<{ samples: number[]; heapBytes: number; fullListMs: number }> {
  const page = await ext.context.newPage();
  try {
    await installProbe(page);
    await page.goto(`chrome-extension://${ext.extensionId}/${popupPath(tabId)}`, { waitUntil: 'commit' });
    await waitForMark(page, 'interactive');
    // Usable after the first chunk; search needs them all: wait, and note when (page clock, ±1 frame).
    const want = `${expected} of ${expected} flags`;
    await page.waitForFunction((w) => document.querySelector('p.count')?.textContent?.trim() === w, want, { polling: 'raf', timeout: 30_000 }).catch(() => undefined);
    const fullListMs = await page.evaluate(() => performance.now());
    const count = (await page.locator('p.count').textContent())?.trim();
    if (count !== `${expected} of ${expected} flags`) throw new Error(`search bench: the popup says "${count}", expected ${expected} flags`);
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const query = i % 2 === 0 ? 'checkout' : 'search';
      samples.push(await page.evaluate(`${KEYSTROKE}(${JSON.stringify(query)})`) as number);
    }
    // The popup's JavaScript heap with this catalogue on screen, after a full garbage collection.
    const cdp = await ext.context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    await cdp.detach();
    return { samples, heapBytes: usedSize, fullListMs };
  } finally {
    await page.close();
  }
}
