import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RecordedRequest } from '../../demo/server';
import { tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite } from '../../demo/browser/flagtab';
import { useDemoAndExtension } from './support/environment';

const SCENARIO = 'New checkout, banner B';
const CHOSEN = { 'new-checkout': true, 'hero-banner': 'b' };

const env = useDemoAndExtension();

beforeAll(async () => {
  await configure(env.ext, [demoSite(env.demo.siteOrigin)]);
});

// Chromium fetches favicons itself, outside the tab, so they are not the page's requests.
const shopDocuments = (rs: RecordedRequest[]) => rs.filter((r) => r.host === 'shop.localhost' && r.path !== '/favicon.ico');

/** Loads `path` in `tab` and returns what the shop received for it. */
async function load(tab: Page, path: string): Promise<RecordedRequest[]> {
  env.demo.clearRequests();
  await tab.goto(`${env.demo.siteOrigin}${path}`);
  await env.demo.waitForRequest((r) => r.host === 'shop.localhost' && r.path === path);
  return shopDocuments([...env.demo.requests]);
}

describe('scenarios in real Chromium', () => {
  it('applies SHOP-142\'s flags in one click, saves the scenario, and a second tab applies it from its chip; the shop sees the values on that tab only', async () => {
    const tab1 = await env.ext.context.newPage();
    await tab1.goto(`${env.demo.siteOrigin}/checkout`);
    const popup1 = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab1));
    const p1 = popup1.page;

    // One click sets every flag linked to the ticket (the demo links new-checkout to SHOP-142).
    await p1.getByRole('button', { name: 'Apply the flags of SHOP-142' }).click();
    await expect.poll(() => popup1.flagSwitch('new-checkout').isChecked()).toBe(true);
    await expect.poll(() => p1.locator('.scenario-notice').textContent()).toBe('Set new-checkout for SHOP-142.');
    await popup1.chooseVariant('hero-banner', 'b');

    // Save as scenario: the start path and the tickets come prefilled from the tab and its flags.
    await p1.getByRole('button', { name: 'Save as scenario…' }).click();
    expect(await p1.getByRole('textbox', { name: 'Start path (optional)' }).inputValue()).toBe('/checkout');
    expect(await p1.getByRole('textbox', { name: 'Tickets (comma-separated)' }).inputValue()).toBe('SHOP-142, SHOP-150');
    await p1.getByRole('textbox', { name: 'Scenario name' }).fill(SCENARIO);
    await p1.getByRole('button', { name: 'Save scenario' }).click();
    await expect.poll(() => p1.locator('.scenario-notice').textContent()).toBe(`Saved scenario "${SCENARIO}".`);
    await expect.poll(() => p1.locator('.scenario-current').textContent()).toBe(`Scenario: ${SCENARIO}`);
    // For docs/scenarios.md: the popup's scenarios, under the list (the tab's scenario, its chip,
    // the ticket buttons). The region itself, wherever the popup's layout puts it.
    await p1.getByRole('region', { name: 'Scenarios' }).screenshot({ path: 'docs/images/scenarios-popup.png' });

    // Tab 2 has an override of its own, which the scenario replaces.
    const tab2 = await env.ext.context.newPage();
    await tab2.goto(env.demo.siteOrigin);
    const popup2 = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab2));
    await popup2.chooseVariant('price-format', 'long');
    const chip = popup2.page.getByRole('button', { name: `Apply scenario ${SCENARIO}` });
    expect(await chip.getAttribute('title')).toMatch(/replacing the tab's overrides on Demo Shop, then opens \/checkout$/);
    env.demo.clearRequests();
    await chip.click();

    // The background opens the start path under exactly the scenario's values.
    const checkout = await env.demo.waitForRequest((r) => r.host === 'shop.localhost' && r.path === '/checkout');
    expect(checkout.headerOverrides).toEqual(CHOSEN);
    expect(checkout.cookieOverrides).toEqual(CHOSEN);
    await expect.poll(() => tab2.url()).toBe(`${env.demo.siteOrigin}/checkout`);
    await expect.poll(() => popup2.page.locator('.scenario-current').textContent()).toBe(`Scenario: ${SCENARIO}`);
    expect(await popup2.flagSwitch('new-checkout').isChecked()).toBe(true);
    expect(await popup2.page.getByRole('button', { name: 'Reset price-format' }).count()).toBe(0);
    for (const r of await load(tab2, '/')) expect(r.headerOverrides, `tab 2 ${r.path}`).toEqual(CHOSEN);

    // A third tab on the same site sends nothing.
    const tab3 = await env.ext.context.newPage();
    for (const r of await load(tab3, '/')) {
      expect(r.headers['x-feature-flags'], `tab 3 ${r.path}`).toBeUndefined();
      expect(r.headers.cookie ?? '', `tab 3 ${r.path}`).not.toContain('flagtab=');
    }

    // The scenario is in the configuration, so it goes with an export.
    const sw = await env.ext.worker();
    const stored = await sw.evaluate(async () => (await chrome.storage.local.get('config')).config as { scenarios?: unknown[] });
    expect(stored.scenarios).toEqual([{ id: 'new-checkout-banner-b', siteId: 'demo-shop', name: SCENARIO, startPath: '/checkout', tickets: ['SHOP-142', 'SHOP-150'], values: CHOSEN }]);

    // The options page lists it under its site, to rename, edit or delete.
    const options = await env.ext.context.newPage();
    await options.goto(`chrome-extension://${env.ext.extensionId}/options.html`);
    const list = options.getByRole('region', { name: 'Scenarios of Demo Shop' });
    await list.getByRole('button', { name: `Edit scenario ${SCENARIO}` }).waitFor();
    const listed = await list.textContent();
    expect(listed).toContain('new-checkout = true');
    expect(listed).toContain('hero-banner = "b"');
    expect(listed).toContain(' · opens /checkout · SHOP-142, SHOP-150');
    await options.close();
  });

  it('takes a variant from the saved scenario linked to the ticket, and says where it came from', async () => {
    const tab = await env.ext.context.newPage();
    await tab.goto(env.demo.siteOrigin);
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));
    // SHOP-150 links hero-banner; the saved scenario is linked to SHOP-150 too and sets banner B.
    await popup.page.getByRole('button', { name: 'Apply the flags of SHOP-150' }).click();
    await expect.poll(() => popup.chosenVariant('hero-banner')).toBe('b');
    await expect.poll(() => popup.page.locator('.scenario-notice').textContent())
      .toBe(`Set hero-banner for SHOP-150 (variants from "${SCENARIO}").`);
    env.demo.clearRequests();
    await tab.reload();
    const doc = await env.demo.waitForRequest((r) => r.host === 'shop.localhost' && r.path === '/');
    expect(doc.headerOverrides).toEqual({ 'hero-banner': 'b' });
  });

  it('presents: "Next scenario" (the shortcut\'s path) flips the tab between "before" and "after", reloading it each time; the shortcut is in the manifest', async () => {
    // "Before": banner A, saved from a tab of its own.
    const before = await env.ext.context.newPage();
    await before.goto(env.demo.siteOrigin);
    const setup = await PopupPage.open(env.ext, await tabIdOf(env.ext, before));
    await setup.chooseVariant('hero-banner', 'a');
    await setup.page.getByRole('button', { name: 'Save as scenario…' }).click();
    await setup.page.getByRole('textbox', { name: 'Start path (optional)' }).fill('');
    await setup.page.getByRole('textbox', { name: 'Scenario name' }).fill('Before');
    await setup.page.getByRole('button', { name: 'Save scenario' }).click();
    await expect.poll(() => setup.page.locator('.scenario-notice').textContent()).toBe('Saved scenario "Before".');

    const demo = await env.ext.context.newPage();
    await demo.goto(env.demo.siteOrigin);
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, demo));
    const next = popup.page.getByRole('button', { name: 'Next scenario' });
    const seen: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      env.demo.clearRequests();
      await next.click();
      // The tab reloads by itself under the next scenario.
      const doc = await env.demo.waitForRequest((r) => r.host === 'shop.localhost' && r.path === '/');
      seen.push(doc.headerOverrides);
      await expect.poll(() => popup.page.locator('.scenario-notice').textContent()).toMatch(/^Presenting "/);
    }
    // For docs/scenarios.md: the popup while presenting.
    await popup.page.getByRole('region', { name: 'Scenarios' }).screenshot({ path: 'docs/images/presenter.png' });
    // The cycle is the site's scenarios in saved order: the first test's, then "Before", round.
    expect(seen).toEqual([CHOSEN, { 'hero-banner': 'a' }, CHOSEN]);

    const manifest = await (await env.ext.worker()).evaluate(() => chrome.runtime.getManifest().commands);
    expect(manifest?.['presenter-next-scenario']).toMatchObject({ suggested_key: { default: 'Alt+Shift+N' } });
  });
});
