import { beforeAll, describe, expect, it } from 'vitest';
import { tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite } from '../../demo/browser/flagtab';
import { useDemoAndExtension } from './support/environment';

const env = useDemoAndExtension();

beforeAll(async () => {
  // Markers alone: the echo header would also vouch for the values, and SDKs are not on these pages.
  await configure(env.ext, [demoSite(env.demo.siteOrigin, { detection: { echoHeader: { enabled: false, name: 'X-Feature-Flags-Applied' }, markers: true, sdks: false, forceInSdks: false } })]);
});

/** The outline overlay's host on the page, and how many labels it draws. */
const outlineCount = (page: import('playwright-core').Page) =>
  page.evaluate(() => document.querySelector('[data-flagtab-outline]')?.getAttribute('data-count') ?? null);

describe('page markers: meta, data-flag-values and data-feature-flag', () => {
  it('lists what the markup says, outlines the flagged elements, and warns when the app ignores the override', async () => {
    const tab = await env.ext.context.newPage();
    await tab.goto(`${env.demo.siteOrigin}/markers`);
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));

    await expect.poll(() => popup.pageLine('new-checkout').textContent()).toBe('On page: false · page <meta> · 1 element');
    expect(await popup.pageLine('hero-banner').textContent()).toBe('On page: a · page <meta> · 1 element');
    expect(await popup.pageLine('max-items').textContent()).toBe('On page: 3 · page data-flag-values · 1 element');
    expect(await popup.pageLine('theme-config').textContent()).toBe('On page: {"accent":"blue"} · page data-flag-values');

    // Outline: the four flagged elements get a labelled outline, and it stays on across a reload.
    expect(await outlineCount(tab)).toBeNull();
    await popup.page.getByRole('checkbox', { name: 'Outline flagged elements' }).check();
    await expect.poll(() => outlineCount(tab)).toBe('4');

    await popup.setSwitch('new-checkout', true);
    await expect.poll(() => popup.pageLine('new-checkout').textContent()).toBe('Set after this page loaded: reload the tab to see it applied');
    await popup.page.getByRole('button', { name: 'Reload tab' }).click();
    await expect.poll(() => popup.pageLine('new-checkout').textContent()).toBe('✓ Page uses true · page <meta> · 1 element');
    expect(await tab.locator('#new-checkout').isVisible()).toBe(true);
    await expect.poll(() => outlineCount(tab)).toBe('4');
    expect(await popup.warnings().count()).toBe(0);

    await tab.goto(`${env.demo.siteOrigin}/markers/ignores-overrides`);
    await expect.poll(() => popup.warnings().allTextContents()).toEqual(['⚠ Not honoured: page uses false, not your true · page <meta>']);

    await popup.page.getByRole('checkbox', { name: 'Outline flagged elements' }).uncheck();
    await expect.poll(() => outlineCount(tab)).toBeNull();
    await popup.page.close();
  });

  it('follows a single-page app as it adds, changes and removes flagged elements', async () => {
    const tab = await env.ext.context.newPage();
    await tab.goto(`${env.demo.siteOrigin}/markers/spa`);
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));
    await popup.page.getByRole('checkbox', { name: 'Only flags on this page' }).check();
    await expect.poll(() => popup.pageLine('hero-banner').textContent()).toBe('On page: a · page element · 1 element');

    await tab.getByRole('button', { name: 'Show the spring promo' }).click();
    await expect.poll(() => popup.pageLine('spring-promo').textContent()).toBe('On page: spring · page element · 1 element');
    await tab.getByRole('button', { name: 'Switch the banner to C' }).click();
    await expect.poll(() => popup.pageLine('hero-banner').textContent()).toBe('On page: c · page element · 1 element');
    await tab.getByRole('button', { name: 'Hide the spring promo' }).click();
    await expect.poll(() => popup.pageLine('spring-promo').count()).toBe(0);
    // The filter shows only what the page reports: the two marked flags, nothing else.
    expect(await popup.page.locator('li.flag').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-flag-key')))).toEqual(['new-checkout', 'hero-banner']);
    await popup.page.close();
  });

  it('says the outline reached the page: the page script hears the background without answering it', async () => {
    // The background's tabs.sendMessage resolves although the content script's listener sends no
    // reply (webextension-polyfill used to turn Chrome's "port closed" into a resolve); a rejection
    // would read as "not running" and the popup would say to reload a page that is fine.
    const tab = await env.ext.context.newPage();
    await tab.goto(`${env.demo.siteOrigin}/markers`);
    const tabId = await tabIdOf(env.ext, tab);
    const popup = await PopupPage.open(env.ext, tabId);
    await expect.poll(() => popup.pageLine('new-checkout').textContent()).toBe('On page: false · page <meta> · 1 element');
    const reply = await popup.page.evaluate((id) => chrome.runtime.sendMessage({ type: 'page/outline', data: { tabId: id, on: true } }), tabId);
    expect(reply).toEqual({ ok: true, result: { on: true, applied: true } });
    await expect.poll(() => outlineCount(tab)).toBe('4');
    await popup.page.close();
  });
});
