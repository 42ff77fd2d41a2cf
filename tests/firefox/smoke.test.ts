/**
 * Smoke test in real Firefox ESR: an override set in the popup for tab A reaches the demo
 * server on tab A's requests only, and the page bridge forces it in a GrowthBook page. Driven
 * by puppeteer over WebDriver BiDi, the extension installed as a temporary add-on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { buildExtension } from '../e2e/support/build';
import { demoSite } from '../e2e/support/flagtab';
import { byRole, launchFirefoxWithExtension, openExtensionPage, tabIdOf, type FirefoxWithExtension } from './support/firefox';

const CHOSEN = { 'new-checkout': true, 'hero-banner': 'b' };

let demo: DemoServer | undefined;
let firefox: FirefoxWithExtension | undefined;

beforeAll(async () => {
  const dir = await buildExtension('firefox');
  demo = await startDemoServer();
  firefox = await launchFirefoxWithExtension(dir);
});
afterAll(async () => {
  await firefox?.close();
  await demo?.close();
});

/** Picks the option labelled `label` in the select named `name` (option values are indices). */
async function chooseOption(page: Page, name: string, label: string): Promise<void> {
  const select = await page.waitForSelector(byRole('combobox', name));
  const value = await select!.evaluate((el, l) => [...(el as HTMLSelectElement).options].find((o) => o.text === l)?.value, label);
  if (value === undefined) throw new Error(`"${name}" has no option "${label}"`);
  await select!.select(value);
}

describe('Flagtab in Firefox ESR', () => {
  it('sends the chosen overrides on tab A and nothing on tab B', async () => {
    const ff = firefox!.browser;
    const site = demo!.siteOrigin;
    // Distinct URLs tell the two tabs apart, both to the extension and in the server's log.
    const [urlA, urlB] = [`${site}/?tab=a`, `${site}/?tab=b`];
    const [tabA, tabB] = [await ff.newPage(), await ff.newPage()];
    await tabA.goto(urlA);
    await tabB.goto(urlB);

    // Configure the demo site as an import on the options page would. The callback runs in the
    // extension page, so `browser` there is the WebExtension API.
    const setup = await openExtensionPage(ff, 'popup.html');
    await setup.evaluate((s) => browser.storage.local.set({ config: { version: 1, sites: [s] } }), demoSite(site));
    const tabIdA = await tabIdOf(setup, urlA);

    // The real popup, acting on tab A.
    const popup = await openExtensionPage(ff, `popup.html?tabId=${tabIdA}`);
    await popup.locator(byRole('switch', 'new-checkout')).click();
    await popup.waitForSelector(byRole('button', 'Reset new-checkout'));
    await chooseOption(popup, 'hero-banner', 'b');
    await popup.waitForSelector(byRole('button', 'Reset hero-banner'));

    demo!.clearRequests();
    await tabA.reload();
    await tabB.reload();
    const docA = await demo!.waitForRequest((r) => r.host === 'shop.localhost' && r.path === '/?tab=a');
    const docB = await demo!.waitForRequest((r) => r.host === 'shop.localhost' && r.path === '/?tab=b');

    expect(docA.headerOverrides, 'X-Feature-Flags on tab A').toEqual(CHOSEN);
    expect(docA.cookieOverrides, 'flagtab cookie on tab A').toEqual(CHOSEN);
    expect(docA.decodeErrors).toEqual([]);
    expect(docB.headers['x-feature-flags'], 'X-Feature-Flags on tab B').toBeUndefined();
    expect(docB.headers.cookie ?? '', 'cookie on tab B').not.toContain('flagtab=');
    // What the tester sees: tab A rendered the overridden page.
    expect(await tabA.$eval('#hero', (el) => el.textContent)).toBe('Banner B');

    // The page script and bridge run in Firefox too: on a GrowthBook page in tab A, the SDK
    // answers the override, and the popup names the SDK as the source.
    await tabA.goto(`${site}/sdk/growthbook?tab=a`);
    await tabA.waitForFunction(() => document.querySelector('#sdk-new-checkout')?.textContent === 'true', { timeout: 15_000 });
    // A fresh popup (reloading an extension page over WebDriver BiDi never reports its load).
    const after = await openExtensionPage(ff, `popup.html?tabId=${tabIdA}`);
    await after.waitForFunction(
      () => /^✓ Page uses true · GrowthBook SDK/.test(document.querySelector('li[data-flag-key="new-checkout"] .page-line')?.textContent ?? ''),
      { timeout: 15_000 },
    );
    await tabB.goto(`${site}/sdk/growthbook?tab=b`);
    await tabB.waitForFunction(() => document.querySelector('#sdk-status')?.textContent === 'ready');
    expect(await tabB.$eval('#sdk-new-checkout', (el) => el.textContent)).toBe('false');
  });
});
