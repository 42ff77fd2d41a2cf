import { build } from 'esbuild';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_HONEST, HOSTILE_SIZES } from '../../demo/markers/hostile';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { LIMITS, PageReportSchema, type PageReport } from '../../lib/detect/observation';
import type { PageHello } from '../../lib/detect/page-protocol';
import { CHROMIUM_PATH } from '../../demo/browser/extension';

/**
 * The content script's logic (lib/detect/content) in real Chromium, against the marker demo
 * pages, without the extension: it runs in an isolated world made over CDP, as Chrome runs a
 * content script (own globals, shared DOM, the page's window messages), and its `send` goes to
 * a CDP binding that exists only in that world. The full extension path is tests/e2e/detection*.
 */
const WORLD = 'flagtab-content-test';

const HARNESS = `
import { createContentScript } from './lib/detect/content/relay';
declare const HELLO: unknown;
declare function __flagtabSend(payload: string): void;
void createContentScript({
  send: (message) => {
    __flagtabSend(JSON.stringify(message));
    return Promise.resolve(message.type === 'page/hello' ? { ok: true, result: HELLO } : { ok: true, result: { accepted: true } });
  },
  win: window,
  doc: document,
  now: () => performance.now(),
  onError: (error) => console.warn('Flagtab test harness:', error),
}).start();
`;

let bundle: string;
let demo: DemoServer;
let browser: Browser;

beforeAll(async () => {
  const result = await build({ stdin: { contents: HARNESS, loader: 'ts', resolveDir: process.cwd() }, bundle: true, write: false, format: 'iife' });
  bundle = result.outputFiles[0]?.text ?? '';
  demo = await startDemoServer();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

/** One tab with the content script in it, and everything it sent its "background". */
async function open(path: string, hello: Partial<PageHello> = {}) {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  const reports: PageReport[] = [];
  const invalid: string[] = [];
  cdp.on('Runtime.bindingCalled', ({ name, payload }) => {
    if (name !== '__flagtabSend') return;
    const message = JSON.parse(payload) as { type: string; data: unknown };
    if (message.type !== 'page/report') return;
    // The background's own validation: a report it would refuse is a failure here.
    const parsed = PageReportSchema().safeParse(message.data);
    if (parsed.success) reports.push(parsed.data);
    else invalid.push(parsed.error.message);
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Page.enable');
  await cdp.send('Runtime.addBinding', { name: '__flagtabSend', executionContextName: WORLD });
  const answer: PageHello = { markers: true, sdks: true, overrides: {}, outline: true, children: { armed: false, hosts: [] }, ...hello };
  await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: `var HELLO = ${JSON.stringify(answer)};\n${bundle}`, worldName: WORLD });
  await page.goto(`${demo.siteOrigin}${path}`);
  const markers = () => reports.filter((r) => r.kind === 'markers');
  /** flag key → value of the latest markers report, for one source. */
  const latest = (source: string) =>
    Object.fromEntries((markers().at(-1)?.observations ?? []).filter((o) => o.source === source).map((o) => [o.key, o.value]));
  const outlineCount = () => page.locator('[data-flagtab-outline]').getAttribute('data-count');
  return { page, cdp, reports, invalid, markers, latest, outlineCount };
}

/** The overlay's labels, read through its closed shadow root with CDP (the page cannot). */
async function outlineLabels(cdp: CDPSession, max = 10): Promise<{ text: string; display: string }[]> {
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '[data-flagtab-outline]' });
  const { node } = await cdp.send('DOM.describeNode', { nodeId, depth: 3, pierce: true });
  const labels = (node.shadowRoots?.[0]?.children ?? []).filter((n) => n.nodeName === 'DIV').slice(0, max).map((box) => box.children?.[0]);
  const out: { text: string; display: string }[] = [];
  await cdp.send('CSS.enable');
  for (const label of labels) {
    if (!label) continue;
    const { nodeIds } = await cdp.send('DOM.pushNodesByBackendIdsToFrontend', { backendNodeIds: [label.backendNodeId] });
    const { computedStyle } = await cdp.send('CSS.getComputedStyleForNode', { nodeId: nodeIds[0] ?? 0 });
    const style = (name: string) => computedStyle.find((p) => p.name === name)?.value ?? '';
    out.push({ text: label.children?.[0]?.nodeValue ?? '', display: `${style('display')} ${style('visibility')} ${style('opacity')}` });
  }
  return out;
}

describe('the content script in Chromium', () => {
  it('reads /markers in all three kinds and outlines its flagged elements', async () => {
    const tab = await open('/markers');
    await expect.poll(() => tab.markers().length).toBe(1);
    expect(tab.latest('meta')).toEqual({ 'new-checkout': false, 'hero-banner': 'a', 'price-format': 'short' });
    expect(tab.latest('script')).toEqual({ 'max-items': 3, 'theme-config': { accent: 'blue' }, 'free-shipping': true, 'express-pay': false });
    expect(tab.latest('element')).toEqual({ 'hero-banner': 'a', 'max-items': 3, 'free-shipping': true, 'new-checkout': undefined });
    expect(tab.markers()[0]?.notes).toEqual([]);

    await expect.poll(tab.outlineCount).toBe('4');
    await expect.poll(() => outlineLabels(tab.cdp)).toEqual([
      { text: 'hero-banner = "a"', display: 'block visible 1' },
      { text: 'max-items = 3', display: 'block visible 1' },
      { text: 'free-shipping = true', display: 'block visible 1' },
      { text: 'new-checkout', display: 'block visible 1' },
    ]);
    expect(tab.invalid).toEqual([]);
    await tab.page.close();
  });

  it('re-reads a single-page app as it changes its markers', async () => {
    const tab = await open('/markers/spa');
    await expect.poll(() => tab.latest('element')).toEqual({ 'hero-banner': 'a' });
    await expect.poll(tab.outlineCount).toBe('1');

    await tab.page.click('#add-promo');
    await expect.poll(() => tab.latest('element')).toEqual({ 'hero-banner': 'a', 'spring-promo': 'spring' });
    await expect.poll(tab.outlineCount).toBe('2');

    await tab.page.click('#switch-hero');
    await expect.poll(() => tab.latest('element')).toEqual({ 'hero-banner': 'c', 'spring-promo': 'spring' });

    await tab.page.click('#remove-promo');
    await expect.poll(() => tab.latest('element')).toEqual({ 'hero-banner': 'c' });
    await expect.poll(tab.outlineCount).toBe('1');

    await tab.page.click('#mark-meta');
    await expect.poll(() => tab.latest('meta')).toEqual({ 'new-checkout': false, 'spa-ready': true });
    expect(tab.invalid).toEqual([]);
    await tab.page.close();
  });

  it('survives /markers/hostile: honest markers reported, the flood bounded, the outline not hidden', async () => {
    const tab = await open('/markers/hostile');
    await tab.page.locator('body[data-flood="done"]').waitFor();
    const evaluations = () => tab.reports.filter((r) => r.kind === 'evaluations');
    // Every forged item is accounted for, as reported or dropped: 100,000 single ones, then a
    // batch of 10,000, then a few malformed ones.
    const accounted = () => evaluations().reduce((n, r) => n + r.observations.length + r.dropped, 0);
    await expect.poll(accounted, { timeout: 30_000 }).toBeGreaterThanOrEqual(HOSTILE_SIZES.floodMessages + 10_000);

    expect(tab.invalid).toEqual([]);
    const keys = new Set(evaluations().flatMap((r) => r.observations.map((o) => o.key)));
    expect(keys.size).toBeLessThanOrEqual(LIMITS.flagsPerTab);
    expect(keys.has('cyclic')).toBe(false); // arrived after the cap: dropped, not reported
    expect(evaluations().flatMap((r) => r.sdks)).toEqual([]);
    // A handful of reports, not one per message.
    expect(evaluations().length).toBeLessThan(40);

    await expect.poll(() => tab.markers().length).toBeGreaterThan(0);
    expect(tab.latest('meta')).toMatchObject({ [HOSTILE_HONEST.meta.key]: HOSTILE_HONEST.meta.value });
    expect(tab.latest('script')).toMatchObject({ [HOSTILE_HONEST.script.key]: HOSTILE_HONEST.script.value });
    expect(tab.latest('element')).toMatchObject({ [HOSTILE_HONEST.element.key]: HOSTILE_HONEST.element.value });
    expect(tab.markers().at(-1)?.notes).toEqual(expect.arrayContaining([
      '<meta name="feature-flags"> is 2.0 MB; Flagtab reads at most 64 KB.',
      '<script data-flag-values> is 1.0 MB; Flagtab reads at most 64 KB.',
      `${HOSTILE_SIZES.junkElements + 7} elements carry data-feature-flag; Flagtab looks at the first ${LIMITS.elementsScanned}.`,
    ]));

    await expect.poll(tab.outlineCount).toBe(String(LIMITS.elementsScanned));
    const host = tab.page.locator('[data-flagtab-outline]');
    expect(await host.evaluate((el) => getComputedStyle(el).display)).toBe('block');
    const [first] = await outlineLabels(tab.cdp, 1);
    expect(first).toEqual({ text: `${HOSTILE_HONEST.element.key} = 42`, display: 'block visible 1' });
    await tab.page.close();
  });
});
