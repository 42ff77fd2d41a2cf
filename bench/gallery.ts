import type { Page } from 'playwright-core';
import { screenshotCapableBuild } from '../demo/browser/build';
import { BENCH_DIR } from './build';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../demo/browser/extension';
import { configure, demoSite } from '../demo/browser/flagtab';
import { STORED } from '../lib/storage/keys';
import type { GalleryRun } from '../lib/runs/gallery-store';
import type { Plan } from './speed';

/** The demo's banner has four variants (demo/flags.json): a run over them is four steps. */
const VARIANTS = 4;

export interface GallerySamples {
  /** One reload of the shop tab until load and 500 ms without network (Playwright's networkidle). */
  reloadSettle: number[];
  /** A 4-variant run from the start message to its end, ÷ 4. */
  perStep: number[];
  /** Contact sheet drawn (click → the sheet's image shown), 4 and 16 captures. */
  sheet4: number[];
  sheet16: number[];
}

async function send(page: Page, type: string, data: unknown): Promise<{ id: string }> {
  const reply = await page.evaluate(async (m) => chrome.runtime.sendMessage(m), { type, data }) as { ok: boolean; result?: { id: string }; error?: { message: string } };
  if (!reply.ok) throw new Error(reply.error?.message);
  return reply.result!;
}

const galleryRun = async (page: Page, id: string) =>
  ((await page.evaluate(async (key) => (await chrome.storage.local.get(key))[key], STORED.gallery.key)) as GalleryRun[] | undefined)?.find((r) => r.id === id);

/** Polls the gallery every 20 ms (finer than the harness's `eventually`) until the run is done. */
async function doneRun(page: Page, id: string): Promise<GalleryRun> {
  const deadline = performance.now() + 60_000;
  for (;;) {
    const run = await galleryRun(page, id);
    if (run?.status === 'done') return run;
    if (performance.now() > deadline) throw new Error(`the gallery run did not end within 60 s: ${run?.status}, ${run?.results.length} of ${run?.steps.length} steps`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A stored run of `count` steps, each showing `base64`: the contact sheet's input without running it. */
async function seedRun(page: Page, id: string, count: number, base64: string): Promise<void> {
  await page.evaluate(async ({ id, count, base64, galleryKey, imagePrefix }) => {
    const steps = Array.from({ length: count }, (_, i) => ({ 'max-items': i }));
    const results = steps.map((_, index) => ({ ok: true, index, at: Date.now(), settled: true, reported: {} }));
    const all = ((await chrome.storage.local.get(galleryKey))[galleryKey] ?? []) as unknown[];
    await chrome.storage.local.set({ [galleryKey]: [{ id, label: `Bench ${count}`, siteName: 'Demo Shop', startedAt: Date.now(), status: 'done', steps, results }, ...all] });
    await chrome.storage.local.set(Object.fromEntries(steps.map((_, i) => [`${imagePrefix}${id}:${i}`, base64])));
  }, { id, count, base64, galleryKey: STORED.gallery.key, imagePrefix: STORED.galleryImage.prefix });
}

/** Click "Download contact sheet" → its image shown, by the page's clock. */
const SHEET_MS = `(async () => {
  const before = document.querySelector('img.sheet')?.src;
  const started = performance.now();
  [...document.querySelectorAll('button')].find((b) => b.textContent === 'Download contact sheet').click();
  for (;;) {
    const src = document.querySelector('img.sheet')?.src;
    if (src && src !== before) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 5));
  }
})()`;

/**
 * Issue 15's benchmark, in its own Chromium with the capture-capable build (a run's captures
 * need `<all_urls>` or activeTab, see docs/scenarios.md): a 4-variant gallery's time per step ÷
 * one reload + settle of the same tab, rounds alternating; then the contact sheet at 4 and 16
 * captures. The run's total includes putting the tab back at the end (one more reload).
 */
export async function measureGallery(siteOrigin: string, plan: Plan): Promise<GallerySamples> {
  let ext: ExtensionBrowser | undefined;
  try {
    ext = await launchWithExtension({ extensionDir: screenshotCapableBuild('bench', BENCH_DIR) });
    await configure(ext, [demoSite(siteOrigin)]);
    const tab = await ext.context.newPage();
    await tab.setViewportSize({ width: 1280, height: 800 });
    await tab.goto(`${siteOrigin}/`);
    const tabId = await tabIdOf(ext, tab);
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/gallery.html`);
    const samples: GallerySamples = { reloadSettle: [], perStep: [], sheet4: [], sheet16: [] };
    let lastRun = '';
    for (let round = 0; round < plan.warmups + plan.runs; round++) {
      plan.onRound?.(round + 1, plan.warmups + plan.runs);
      await tab.bringToFront();
      const reloadStarted = performance.now();
      await tab.reload({ waitUntil: 'networkidle' });
      const reload = performance.now() - reloadStarted;

      const runStarted = performance.now();
      const { id } = await send(page, 'runs/start', { tabId, siteId: 'demo-shop', strategy: { kind: 'all-variants', key: 'hero-banner' } });
      const run = await doneRun(page, id);
      const perStep = (performance.now() - runStarted) / VARIANTS;
      if (run.results.some((r) => !r.ok)) throw new Error(`a gallery step failed: ${JSON.stringify(run.results)}`);
      lastRun = id;
      if (round >= plan.warmups) { samples.reloadSettle.push(reload); samples.perStep.push(perStep); }
    }

    const base64 = await page.evaluate(async (key) => (await chrome.storage.local.get(key))[key] as string, `${STORED.galleryImage.prefix}${lastRun}:0`);
    for (const count of [4, 16] as const) {
      await seedRun(page, `bench-sheet-${count}`, count, base64);
      await page.goto(`chrome-extension://${ext.extensionId}/gallery.html?run=bench-sheet-${count}`);
      await page.getByRole('img', { name: /^Step \d/ }).nth(count - 1).waitFor();
      for (let round = 0; round < plan.warmups + plan.runs; round++) {
        const ms = await page.evaluate(SHEET_MS) as number;
        if (round >= plan.warmups) samples[count === 4 ? 'sheet4' : 'sheet16'].push(ms);
      }
    }
    return samples;
  } finally {
    await ext?.close();
  }
}
