import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tabIdOf } from './support/extension';
import { PopupPage, configure, demoSite, eventually } from './support/flagtab';
import { useDemoAndExtension } from './support/environment';
import { startUnleash, type RunningUnleash } from '../support/unleash/unleash';
import { createViewerToken, seedUnleash } from '../support/unleash/seed';

/**
 * The whole path against a real Unleash 8 (on Debian's PostgreSQL): flags created through
 * Unleash's admin API → the catalogue in the popup → an override with one of those variants →
 * the demo shop's server receives it, in this tab only.
 */
const env = useDemoAndExtension();
let unleash: RunningUnleash;

beforeAll(async () => {
  unleash = await startUnleash();
  await seedUnleash(unleash);
  const token = await createViewerToken(unleash);
  // *.localhost reaches 127.0.0.1; the e2e build may fetch from it without a prompt.
  const baseUrl = unleash.url.replace('127.0.0.1', 'unleash.localhost');
  await configure(env.ext, [demoSite(env.demo.siteOrigin, { catalogue: { provider: 'unleash', baseUrl, project: 'default', environment: 'production' } })]);
  const sw = await env.ext.worker();
  // As the options page stores it: under the site's id, bound to the address it is for.
  await sw.evaluate(({ t, origin }) => chrome.storage.local.set({ 'secrets.v1': { 'demo-shop': { catalogue: t, 'catalogue@origin': origin } } }), { t: token, origin: baseUrl });
}, 120_000);

afterAll(async () => {
  await unleash?.stop();
});

describe('Unleash → popup → override → server', () => {
  it('lists the Unleash flags with their state, variants and ticket, and a chosen variant reaches the server in this tab only', async () => {
    const tab = await env.ext.context.newPage();
    const other = await env.ext.context.newPage();
    await tab.goto(env.demo.siteOrigin);
    await other.goto(env.demo.siteOrigin);
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));
    const page = popup.page;

    // The catalogue as Unleash has it: archived flags absent, production state shown.
    await expect.poll(() => page.locator('p.count').textContent(), { timeout: 20_000 }).toBe('5 of 5 flags');
    await expect.poll(() => page.locator('.catalogue-status').textContent()).toMatch(/^Unleash · production · updated just now/);
    const hero = page.locator('li[data-flag-key="hero-banner"]');
    await expect.poll(() => hero.textContent()).toMatch(/On in production.*SHOP-142/);
    expect(await page.locator('li[data-flag-key="dark-mode"]').textContent()).toContain('Off in production');
    expect(await page.locator('li[data-flag-key="old-banner"] .stale').getAttribute('title')).toMatch(/stale/i);
    expect(await popup.variantPicker('hero-banner').locator('option').allTextContents())
      .toEqual(expect.arrayContaining(['a — Classic', 'b — Bold', 'c — Minimal']));

    await popup.chooseVariant('hero-banner', 'b — Bold');
    await popup.setSwitch('new-checkout', false);

    env.demo.clearRequests();
    await tab.reload();
    const sent = await env.demo.waitForRequest((r) => r.host === 'shop.localhost' && r.path === '/');
    expect(sent.headerOverrides).toEqual({ 'hero-banner': 'Bold', 'new-checkout': false });
    expect(sent.cookieOverrides).toEqual({ 'hero-banner': 'Bold', 'new-checkout': false });

    env.demo.clearRequests();
    await other.reload();
    const untouched = await env.demo.waitForRequest((r) => r.host === 'shop.localhost' && r.path === '/');
    expect(untouched.headerOverrides).toBeUndefined();
    expect(untouched.cookieOverrides).toBeUndefined();

    // Search finds a flag by its ticket.
    await page.getByRole('searchbox', { name: 'Search flags' }).fill('shop-142');
    await eventually(() => page.locator('p.count').textContent(), (t) => expect(t).toBe('1 of 5 flags'));
  });

  it('a token Unleash rejects shows what to do, and nothing crashes', async () => {
    const sw = await env.ext.worker();
    const stored = await sw.evaluate(() => chrome.storage.local.get('secrets.v1')) as { 'secrets.v1': Record<string, Record<string, string>> };
    const site = stored['secrets.v1']['demo-shop']!;
    await sw.evaluate((s) => chrome.storage.local.set({ 'secrets.v1': { 'demo-shop': s } }), { ...site, catalogue: 'user:not-a-real-token' });
    const tab = await env.ext.context.newPage();
    await tab.goto(env.demo.siteOrigin);
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));
    await popup.page.getByRole('button', { name: 'Refresh catalogue' }).click();
    await expect.poll(() => popup.page.getByRole('alert').first().textContent(), { timeout: 20_000 })
      .toMatch(/HTTP 401.*Personal Access Token/i);
    // The last good catalogue stays usable.
    expect(await popup.page.locator('p.count').textContent()).toBe('5 of 5 flags');
  });
});
