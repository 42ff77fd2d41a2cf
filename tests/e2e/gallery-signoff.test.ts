import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { startFakeJira, type FakeJira } from '../../demo/jira/server';
import { screenshotCapableBuild } from '../../demo/browser/build';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../../demo/browser/extension';
import { configure, demoSite, eventually, storeTrackerToken } from '../../demo/browser/flagtab';
import { adfText } from '../../lib/trackers/jira-cloud/adf';
import type { GalleryRun } from '../../lib/runs/gallery-store';
import type { RunView } from '../../lib/runs/state';
import { galleryPage } from './support/gallery-page';
import { SidePanelPage } from './support/sidepanel';

/**
 * Issue 15's gallery attached to the sign-off, in real Chromium: a 4-variant run on the demo
 * shop, then "Sign off with this gallery" from the gallery page, to the local Jira Cloud. On the
 * build that holds `<all_urls>` (demo/browser/build.ts), standing in for the activeTab grant a
 * person's click on the toolbar button gives, as in runs.test.ts.
 */
const EMAIL = 'po@acme.example';
const JIRA_TOKEN = 'atlassian-api-token-0123';

let demo: DemoServer;
let jira: FakeJira;
let ext: ExtensionBrowser;
/** An extension page that never messages the background on its own. */
let reader: Page;

beforeAll(async () => {
  demo = await startDemoServer();
  jira = await startFakeJira({ flavour: 'cloud', email: EMAIL, apiToken: JIRA_TOKEN, issues: ['SHOP-142'] });
  // As the demo shop is shop.localhost: a host the e2e build may reach, like a real tracker after Save.
  const jiraOrigin = jira.origin.replace('127.0.0.1', 'jira.localhost');
  ext = await launchWithExtension({ extensionDir: screenshotCapableBuild('gallery-signoff') });
  await configure(ext, [demoSite(demo.siteOrigin, { tracker: { tracker: 'jira-cloud', baseUrl: jiraOrigin, email: EMAIL } })]);
  await storeTrackerToken(ext, 'demo-shop', JIRA_TOKEN, jiraOrigin);
  reader = await ext.context.newPage();
  await reader.goto(`chrome-extension://${ext.extensionId}/gallery.html`);
});
afterAll(async () => {
  await ext?.close();
  await jira?.close();
  await demo?.close();
});

const { send, galleryRun } = galleryPage(() => reader);

const finished = (run: GalleryRun | undefined) => {
  if (run?.status !== 'done') throw new Error(`run is ${run?.status}: ${run?.results.length} of ${run?.steps.length} steps`);
};

describe('signing off with a run\'s gallery', () => {
  it('attaches the 4 captures and the contact sheet to the Jira issue, and the valid ADF comment lists the 4 combinations', async () => {
    const tab = await ext.context.newPage();
    await tab.setViewportSize({ width: 800, height: 600 });
    await tab.goto(`${demo.siteOrigin}/`);
    const tabId = await tabIdOf(ext, tab);
    const started = await send<RunView>('runs/start', { tabId, siteId: 'demo-shop', strategy: { kind: 'all-variants', key: 'hero-banner' } });
    const run = await eventually(() => galleryRun(started.id), finished, 60_000);
    expect(run!.results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(run!.tabId).toBe(tabId);

    // The designer's gallery: "Sign off with this gallery" opens the sign-off for the run's tab.
    await reader.goto(`chrome-extension://${ext.extensionId}/gallery.html?run=${started.id}`);
    await reader.getByRole('button', { name: 'Sign off with this gallery' }).waitFor();
    await reader.setViewportSize({ width: 1000, height: 760 });
    // For docs/scenarios.md: the gallery as the designer sees it (its date masked, so the image
    // changes only when the gallery does).
    await reader.screenshot({ path: 'docs/images/gallery.png', mask: [reader.getByText(/ steps · /)], maskColor: '#eeeeee' });
    const opened = ext.context.waitForEvent('page', (p) => p.url().includes('sidepanel.html'));
    await reader.getByRole('button', { name: 'Sign off with this gallery' }).click();
    const panelPage = await opened;
    expect(new URL(panelPage.url()).searchParams.get('tabId')).toBe(String(tabId));
    const panel = new SidePanelPage(panelPage);
    const combinations = panelPage.getByRole('list', { name: 'Combinations' }).getByRole('listitem');
    await expect.poll(() => combinations.count(), { timeout: 15_000 }).toBe(4);
    const lines = await combinations.allTextContents();
    for (const [index, variant] of ['a', 'b', 'c', 'd'].entries()) {
      expect(lines[index]).toMatch(new RegExp(`^hero-banner = "${variant}" — page reported: hero-banner = "${variant}" \\(`));
    }
    await panelPage.getByText(/5 images attached/).waitFor();

    await panel.signOff({ ticket: 'SHOP-142', verdict: 'Passed', notes: 'The banner reads well in every variant.' });
    await expect.poll(() => panel.status().textContent(), { timeout: 30_000 }).toMatch(/^Posted to SHOP-142/);

    // 4 captures + the contact sheet arrived, as PNGs; no screenshot (the run's tab was not in view).
    const attachments = jira.attachments('SHOP-142');
    const names = attachments.map((a) => a.filename.replace(/^flagtab-so-[a-z2-7]{20}-/, ''));
    expect(names).toEqual(['step-1.png', 'step-2.png', 'step-3.png', 'step-4.png', 'contact-sheet.png']);
    for (const a of attachments) expect((await sharp(a.bytes).metadata()).format).toBe('png');

    expect(jira.invalidBodies).toEqual([]);
    const [comment] = jira.comments('SHOP-142');
    expect(jira.comments('SHOP-142')).toHaveLength(1);
    const text = adfText(comment!.body);
    expect(text).toContain('QA sign-off: Passed under 4 combinations');
    expect(text).toContain('All variants of hero-banner');
    for (const [index, variant] of ['a', 'b', 'c', 'd'].entries()) {
      expect(text).toMatch(new RegExp(`${index + 1}\\. hero-banner = "${variant}" — page reported: hero-banner = "${variant}"`));
    }
    for (const a of attachments) expect(text).toContain(a.filename);
  });

  it('signs a pairwise run over three flags off to Jira: every pair covered in at most 6 steps, one capture each and the sheet attached, valid ADF', async () => {
    const tab = await ext.context.newPage();
    await tab.setViewportSize({ width: 800, height: 600 });
    await tab.goto(`${demo.siteOrigin}/`);
    const tabId = await tabIdOf(ext, tab);
    // max-items: three values (hero-banner has four), so the three flags are 3 × 2 × 2.
    const keys = ['max-items', 'new-checkout', 'free-shipping'];
    const started = await send<RunView>('runs/start', { tabId, siteId: 'demo-shop', strategy: { kind: 'pairwise' }, keys });
    const run = await eventually(() => galleryRun(started.id), finished, 90_000);
    const steps = run!.steps;
    expect(steps.length).toBeLessThanOrEqual(6);
    // Every pair of values of two different flags is in some step.
    const values = { 'max-items': [3, 5, 10], 'new-checkout': [true, false], 'free-shipping': [true, false] } as Record<string, unknown[]>;
    for (const [i, x] of keys.entries()) {
      for (const y of keys.slice(i + 1)) {
        for (const vx of values[x]!) for (const vy of values[y]!) expect(steps.some((st) => st[x] === vx && st[y] === vy), `${x}=${String(vx)} with ${y}=${String(vy)}`).toBe(true);
      }
    }

    await reader.goto(`chrome-extension://${ext.extensionId}/gallery.html?run=${started.id}`);
    const opened = ext.context.waitForEvent('page', (p) => p.url().includes('sidepanel.html'));
    await reader.getByRole('button', { name: 'Sign off with this gallery' }).click();
    const panelPage = await opened;
    const panel = new SidePanelPage(panelPage);
    await panelPage.getByText(new RegExp(`${steps.length + 1} images attached`)).waitFor({ timeout: 15_000 });
    const before = jira.attachments('SHOP-142').length;
    await panel.signOff({ ticket: 'SHOP-142', verdict: 'Passed', notes: 'Checkout works under every pair.' });
    await expect.poll(() => panel.status().textContent(), { timeout: 30_000 }).toMatch(/^Posted to SHOP-142/);

    expect(jira.attachments('SHOP-142').length - before).toBe(steps.length + 1);
    expect(jira.invalidBodies).toEqual([]);
    const comment = jira.comments('SHOP-142').at(-1)!;
    expect(adfText(comment.body)).toContain(`QA sign-off: Passed under ${steps.length} combinations`);
  });
});
