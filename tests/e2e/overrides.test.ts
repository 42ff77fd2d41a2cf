import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../demo/server';
import { tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite, eventually } from '../../demo/browser/flagtab';
import { sessionRules } from './support/session-rules';
import { useDemoAndExtension } from './support/environment';

const CHOSEN = { 'new-checkout': true, 'hero-banner': 'b' };

const env = useDemoAndExtension();

beforeAll(async () => {
  await configure(env.ext, [demoSite(env.demo.siteOrigin)]);
});

/** Loads `url` in `page` and waits until the page's fetch, XHR and iframe have all been answered. */
async function loadShop(page: import('playwright-core').Page, url = env.demo.siteOrigin) {
  env.demo.clearRequests();
  await page.goto(url);
  await page.locator('#api-result pre').waitFor();
  await page.locator('#xhr-result pre').waitFor();
  await page.frameLocator('#frame').locator('#frame-flags').waitFor();
  await env.demo.waitForRequest((r) => r.host === 'cdn.localhost' && r.path === '/collect');
  await env.demo.waitForRequest((r) => r.host === 'cdn.localhost' && r.path === '/pixel.gif');
  return [...env.demo.requests];
}

// Chromium fetches favicons itself, outside the tab, so they are not the page's requests.
const shopRequests = (rs: RecordedRequest[]) => rs.filter((r) => r.host === 'shop.localhost' && r.path !== '/favicon.ico');
const thirdParty = (rs: RecordedRequest[]) => rs.filter((r) => r.host === 'cdn.localhost');

describe('per-tab overrides in real Chromium', () => {
  it('tab A carries exactly the chosen values on every request to the site; tab B and third parties get none', async () => {
    const tabA = await env.ext.context.newPage();
    const tabB = await env.ext.context.newPage();
    await tabA.goto(env.demo.siteOrigin);
    await tabB.goto(env.demo.siteOrigin);

    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tabA));
    await expect.poll(() => popup.flagSwitch('new-checkout').isChecked()).toBe(false);
    await popup.setSwitch('new-checkout', true);
    await popup.chooseVariant('hero-banner', 'b');
    await expect.poll(() => popup.status().textContent()).toMatch(/^2 overrides in this tab · expire at /);

    // What the tester sees: the server rendered the new checkout and banner B in tab A.
    const requestsA = await loadShop(tabA);
    await expect.poll(() => tabA.locator('#new-checkout').isVisible()).toBe(true);
    expect(await tabA.locator('#hero').textContent()).toBe('Banner B');

    // What the server received: every request of tab A to the shop, in both transports.
    const paths = shopRequests(requestsA).map((r) => r.path);
    expect(paths).toEqual(expect.arrayContaining(['/', '/app.js', '/api/features', '/api/xhr', '/frame']));
    for (const r of shopRequests(requestsA)) {
      expect(r.headerOverrides, `header on ${r.path}`).toEqual(CHOSEN);
      expect(r.cookieOverrides, `cookie on ${r.path}`).toEqual(CHOSEN);
      expect(r.decodeErrors).toEqual([]);
    }
    // The page's own JavaScript cannot see the override cookie.
    expect(await tabA.evaluate(() => document.cookie)).not.toContain('flagtab=');

    // Third-party requests from tab A: nothing.
    expect(thirdParty(requestsA).map((r) => r.path)).toEqual(expect.arrayContaining(['/tracker.js', '/pixel.gif', '/collect']));
    for (const r of thirdParty(requestsA)) {
      expect(r.headers['x-feature-flags'], r.path).toBeUndefined();
      expect(r.headers.cookie ?? '', r.path).not.toContain('flagtab=');
    }

    // Tab B, same site, same browser: nothing.
    const requestsB = await loadShop(tabB);
    expect(shopRequests(requestsB).length).toBeGreaterThanOrEqual(5);
    for (const r of requestsB) {
      expect(r.headers['x-feature-flags'], r.path).toBeUndefined();
      expect(r.headers.cookie ?? '', r.path).not.toContain('flagtab=');
    }
    expect(await tabB.locator('#old-checkout').isVisible()).toBe(true);
    expect(await tabB.locator('#hero').textContent()).toBe('Banner A');

    // The badge shows the count on tab A only.
    const sw = await env.ext.worker();
    const [idA, idB] = [await tabIdOf(env.ext, tabA), await tabIdOf(env.ext, tabB)];
    expect(await sw.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), idA)).toBe('2');
    expect(await sw.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), idB)).toBe('');

    // Reset all: the next load of tab A carries nothing.
    await popup.resetAll();
    const afterReset = await loadShop(tabA);
    for (const r of afterReset) expect(r.headers['x-feature-flags'], r.path).toBeUndefined();
    await Promise.all([tabA.close(), tabB.close(), popup.page.close()]);
  });

  it('closing the tab leaves no session rule behind', async () => {
    const tab = await env.ext.context.newPage();
    await tab.goto(env.demo.siteOrigin);
    const tabId = await tabIdOf(env.ext, tab);
    const popup = await PopupPage.open(env.ext, tabId);
    await popup.setSwitch('new-checkout', true);
    expect((await sessionRules(env.ext)).map((r) => r.condition.tabIds)).toContainEqual([tabId]);
    await tab.close();
    await eventually(() => sessionRules(env.ext), (rules) =>
      expect(rules.filter((r) => r.condition.tabIds?.includes(tabId))).toEqual([]));
    await popup.page.close();
  });

  it('a checkout opened in a new tab from the overridden tab is still under test', async () => {
    const tab = await env.ext.context.newPage();
    await tab.goto(env.demo.siteOrigin);
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));
    await popup.setSwitch('new-checkout', true);
    // No reload: the page's script hears that its tab is now under test, and holds new tabs back.
    await popup.page.close();

    env.demo.clearRequests();
    const [child] = await Promise.all([env.ext.context.waitForEvent('page'), tab.locator('#open-checkout').click()]);
    // The child's very first document request carries them (see tests/e2e/children.test.ts).
    const doc = await env.demo.waitForRequest((r) => r.path === '/checkout');
    expect(doc.headerOverrides).toEqual({ 'new-checkout': true });
    await child.waitForURL(/\/checkout/); // it starts on about:blank (lib/background/children.ts)
    await child.waitForLoadState();
    const childId = await tabIdOf(env.ext, child);
    expect(await child.locator('#new-checkout').isVisible()).toBe(true);
    const childPopup = await PopupPage.open(env.ext, childId);
    await expect.poll(() => childPopup.flagSwitch('new-checkout').isChecked()).toBe(true);
    await Promise.all([tab.close(), child.close(), childPopup.page.close()]);
  });

  it('the popup says when a site is not set up, and offers to set it up', async () => {
    const tab = await env.ext.context.newPage();
    await tab.goto(env.demo.thirdPartyOrigin + '/collect');
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));
    await popup.page.getByText('Flagtab is not set up for cdn.localhost').waitFor();
    const [options] = await Promise.all([
      env.ext.context.waitForEvent('page'),
      popup.page.getByRole('button', { name: 'Set up this site' }).click(),
    ]);
    await options.waitForLoadState();
    expect(options.url()).toContain('options.html?addHost=cdn.localhost');
    await Promise.all([tab.close(), popup.page.close(), options.close()]);
  });
});
