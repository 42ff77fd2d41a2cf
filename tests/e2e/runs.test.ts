import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { screenshotCapableBuild } from '../../demo/browser/build';
import { launchWithExtension, stopServiceWorker, tabIdOf, type ExtensionBrowser } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite, eventually } from '../../demo/browser/flagtab';
import { STORED } from '../../lib/storage/keys';
import { SHEET, sheetLayout } from '../../lib/runs/contact-sheet';
import type { GalleryRun } from '../../lib/runs/gallery-store';
import type { RunView } from '../../lib/runs/state';
import { galleryPage } from './support/gallery-page';

/**
 * Issue 15's runs in real Chromium on the demo shop. The first test measures captureVisibleTab
 * on the plain e2e build: host access to *.localhost, as a site has after "Add site", and
 * `activeTab` never granted (headless Chromium cannot click the toolbar button). The others run
 * on the build that also holds `<all_urls>` (demo/browser/build.ts), standing in for the
 * activeTab grant a person's click on the toolbar button gives.
 */
let demo: DemoServer;
let ext: ExtensionBrowser;
/** An extension page that never messages the background: reading storage from it wakes no worker. */
let reader: Page;

async function launch(extensionDir?: string) {
  ext = await launchWithExtension(extensionDir ? { extensionDir } : {});
  await configure(ext, [demoSite(demo.siteOrigin)]);
  reader = await ext.context.newPage();
  await reader.goto(`chrome-extension://${ext.extensionId}/gallery.html`);
}

beforeAll(async () => {
  demo = await startDemoServer();
});
afterAll(async () => {
  await ext?.close();
  await demo?.close();
});

async function shopTab() {
  const tab = await ext.context.newPage();
  await tab.setViewportSize({ width: 800, height: 600 });
  await tab.goto(`${demo.siteOrigin}/`);
  return { tab, tabId: await tabIdOf(ext, tab) };
}

const { send, galleryRun } = galleryPage(() => reader);

async function image(runId: string, index: number): Promise<Buffer> {
  const key = `${STORED.galleryImage.prefix}${runId}:${index}`;
  const base64 = await reader.evaluate(async (k) => (await chrome.storage.local.get(k))[k] as string, key);
  return Buffer.from(base64, 'base64');
}

const finished = (run: GalleryRun | undefined) => {
  if (run?.status !== 'done') throw new Error(`run is ${run?.status}: ${run?.results.length} of ${run?.steps.length} steps`);
};

async function overridesOf(tabId: number) {
  return (await send<{ overrides: Record<string, unknown> }>('popup/state', { tabId })).overrides;
}

describe('captureVisibleTab with the site\'s host permission only', () => {
  it('is refused at every step ("Either the \'<all_urls>\' or \'activeTab\' permission is required"); each failure is recorded, the run ends and the tab gets its overrides back', async () => {
    await launch();
    const { tab, tabId } = await shopTab();
    const started = await send<RunView>('runs/start', { tabId, siteId: 'demo-shop', strategy: { kind: 'all-variants', key: 'hero-banner' } });
    const run = await eventually(() => galleryRun(started.id), finished, 60_000);
    for (const r of run!.results) expect(r.ok ? 'captured' : r.reason).toMatch(/Either the '<all_urls>' or 'activeTab' permission is required/);
    expect(run!.results).toHaveLength(4);
    await expect.poll(() => overridesOf(tabId)).toEqual({});
    await tab.close();
    await ext.close();
  });
});

describe('runs (with capture access)', () => {
  beforeAll(() => launch(screenshotCapableBuild('runs')));

  it('all four variants of hero-banner: one capture per variant, each different; the contact sheet has four labelled cells', async () => {
    const { tab, tabId } = await shopTab();
    await send('overrides/set', { tabId, siteId: 'demo-shop', key: 'price-format', value: 'long' });
    // As a designer does: "All variants…" on the banner's row in the popup.
    const popup = await PopupPage.open(ext, tabId);
    await popup.page.getByRole('button', { name: 'All variants of hero-banner…' }).click();
    await popup.page.getByRole('button', { name: 'Pause' }).waitFor();
    const started = (await send<RunView>('runs/status', {}))!;
    expect(started.total).toBe(4); // the demo's banner has four variants (demo/flags.json)
    const run = await eventually(() => galleryRun(started.id), finished, 60_000);
    await popup.page.getByRole('status').filter({ hasText: 'All variants of hero-banner: 4 of 4 steps · done' }).waitFor();

    expect(run!.results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['ok', 'ok', 'ok', 'ok']);
    const reported = run!.results.map((r) => (r.ok ? r.reported['hero-banner']?.value : undefined));
    expect(reported).toEqual(['a', 'b', 'c', 'd']);
    const images = await Promise.all([0, 1, 2, 3].map((i) => image(started.id, i)));
    const raw = await Promise.all(images.map((png) => sharp(png).raw().toBuffer()));
    expect(new Set(raw.map((b) => b.toString('base64'))).size).toBe(4);
    // One viewport, the tab's own, for every step.
    const sizes = await Promise.all(images.map(async (png) => { const m = await sharp(png).metadata(); return `${m.width}×${m.height}`; }));
    expect(new Set(sizes).size).toBe(1);
    const [width, height] = sizes[0]!.split('×').map(Number);

    // The tab is back on what it had before the run.
    await expect.poll(() => overridesOf(tabId)).toEqual({ 'price-format': 'long' });
    await expect.poll(() => tab.locator('#hero').getAttribute('data-variant')).toBe('A');

    const opened = ext.context.waitForEvent('page', (p) => p.url().includes('gallery.html'));
    await popup.page.getByRole('button', { name: 'Open gallery' }).click();
    const gallery = await opened;
    expect(new URL(gallery.url()).searchParams.get('run')).toBe(started.id);
    await popup.page.close();
    await gallery.getByRole('heading', { name: 'All variants of hero-banner' }).waitFor();
    await expect.poll(() => gallery.getByRole('img', { name: /^Step \d/ }).count()).toBe(4);
    await gallery.getByText(/^Page reported: hero-banner = b \(\+\d other flags\)$/).waitFor();
    const download = gallery.waitForEvent('download');
    await gallery.getByRole('button', { name: 'Download contact sheet' }).click();
    const sheetPath = await (await download).path();
    const sheet = sharp(sheetPath);
    const layout = sheetLayout(4, width! / height!);
    const meta = await sheet.metadata();
    expect({ width: meta.width, height: meta.height }).toEqual({ width: layout.width, height: layout.height });
    const cells = await Promise.all(layout.cells.map((c) => sharp(sheetPath).extract({ left: c.x, top: c.y, width: c.width, height: c.height }).raw().toBuffer()));
    expect(new Set(cells.map((b) => b.toString('base64'))).size).toBe(4);
    // Each cell's label is drawn: dark pixels under its thumbnail.
    for (const c of layout.cells) {
      const { data } = await sharp(sheetPath).extract({ left: c.x, top: c.labelY, width: c.width, height: SHEET.lineHeight * 2 }).greyscale().raw().toBuffer({ resolveWithObject: true });
      expect(data.some((px) => px < 100), `label under the cell at ${c.x},${c.y}`).toBe(true);
    }
    await gallery.close();
    await tab.close();
  });

  it('pairwise over three flags (3 × 2 × 2 values) covers every pair in at most 6 steps, as the page reported them', async () => {
    const { tab, tabId } = await shopTab();
    // max-items: three values (hero-banner has four), so the three flags are 3 × 2 × 2.
    const keys = ['max-items', 'new-checkout', 'free-shipping'];
    // "Combinations…": choose the three flags and pairwise; the popup says how many steps first.
    const popup = await PopupPage.open(ext, tabId);
    await popup.page.getByRole('button', { name: 'Combinations…' }).click();
    for (const key of keys) await popup.page.getByRole('checkbox', { name: key, exact: true }).check();
    await popup.page.getByRole('radio', { name: /^Pairwise/ }).check();
    const count = Number((await popup.page.locator('.step-count').textContent())?.match(/^(\d+) steps$/)?.[1]);
    expect(count).toBeLessThanOrEqual(6);
    // For docs/scenarios.md: "Combinations…" as the tester fills it in.
    await popup.page.locator('fieldset.combinations').screenshot({ path: 'docs/images/combinations.png' });
    await popup.page.getByRole('button', { name: 'Start run' }).click();
    await popup.page.getByRole('button', { name: 'Cancel run' }).waitFor();
    const started = (await send<RunView>('runs/status', {}))!;
    expect(started.total).toBe(count);
    await popup.page.close();
    const run = await eventually(() => galleryRun(started.id), finished, 90_000);
    const seen = run!.results.map((r) => {
      if (!r.ok) throw new Error(r.reason);
      return Object.fromEntries(keys.map((k) => [k, r.reported[k]?.value]));
    });
    expect(seen).toEqual(run!.steps.map((s) => ({ ...s })));
    const values: Record<string, unknown[]> = { 'max-items': [3, 5, 10], 'new-checkout': [true, false], 'free-shipping': [true, false] };
    for (const [i, a] of keys.entries()) {
      for (const b of keys.slice(i + 1)) {
        for (const va of values[a]!) for (const vb of values[b]!) expect(seen.some((s) => s[a] === va && s[b] === vb), `${a}=${va} & ${b}=${vb}`).toBe(true);
      }
    }
    await tab.close();
  });

  it('goes on after the service worker is stopped mid-run', async () => {
    const { tab, tabId } = await shopTab();
    const started = await send<RunView>('runs/start', { tabId, siteId: 'demo-shop', strategy: { kind: 'all-variants', key: 'max-items' } });
    await eventually(() => galleryRun(started.id), (run) => expect(run?.results.length).toBeGreaterThanOrEqual(1), 30_000);
    await stopServiceWorker(ext);
    const atStop = (await galleryRun(started.id))!;
    expect(atStop.status, 'the worker stopped mid-run').toBe('running');
    // Nothing here messages the worker: the tab's own events or the run's alarm wake it.
    const run = await eventually(() => galleryRun(started.id), finished, 90_000);
    expect(run!.results.map((r) => (r.ok ? r.reported['max-items']?.value : r.reason))).toEqual([3, 5, 10]);
    await expect.poll(() => overridesOf(tabId)).toEqual({});
    await tab.close();
  }, 120_000);

  it('runs the site\'s saved scenarios, one step each (a chosen list), from "Combinations…"', async () => {
    const { tab, tabId } = await shopTab();
    const scenarios = [
      { id: 'before', siteId: 'demo-shop', name: 'Before', tickets: [], values: { 'new-checkout': false, 'hero-banner': 'a' } },
      { id: 'after', siteId: 'demo-shop', name: 'After', tickets: [], values: { 'new-checkout': true, 'hero-banner': 'd' } },
    ];
    await reader.evaluate(async (list) => {
      const { config } = await chrome.storage.local.get('config') as { config: Record<string, unknown> };
      await chrome.storage.local.set({ config: { ...config, scenarios: list } });
    }, scenarios);
    const popup = await PopupPage.open(ext, tabId);
    await popup.page.getByRole('button', { name: 'Combinations…' }).click();
    await popup.page.getByRole('radio', { name: /^The saved scenarios of this site/ }).check();
    await expect.poll(() => popup.page.locator('.step-count').textContent()).toBe('2 steps');
    await popup.page.getByRole('button', { name: 'Start run' }).click();
    await popup.page.getByRole('button', { name: 'Cancel run' }).or(popup.page.getByRole('button', { name: 'Open gallery' })).first().waitFor();
    const started = (await send<RunView>('runs/status', {}))!;
    await popup.page.close();
    const run = await eventually(() => galleryRun(started.id), finished, 60_000);
    const seen = run!.results.map((r) => (r.ok ? { 'new-checkout': r.reported['new-checkout']?.value, 'hero-banner': r.reported['hero-banner']?.value } : r.reason));
    expect(seen).toEqual(scenarios.map((sc) => sc.values));
    await tab.close();
  });
});
