import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite, eventually } from '../../demo/browser/flagtab';
import { useDemoAndExtension } from './support/environment';
import { startUnleash, type RunningUnleash } from '../support/unleash/unleash';
import { createFrontendToken, createViewerToken, seedUnleash } from '../support/unleash/seed';

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
  // The demo shop echoes its own flags.json flags, which Unleash does not list: without the echo
  // the list is exactly Unleash's catalogue (flags only the page knows are tested elsewhere).
  await configure(env.ext, [demoSite(env.demo.siteOrigin, {
    catalogue: { provider: 'unleash', baseUrl, project: 'default', environment: 'production' },
    detection: { echoHeader: { enabled: false, name: 'X-Feature-Flags-Applied' }, markers: true, sdks: true, forceInSdks: true },
  })]);
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
    expect(await popup.variantLabels('hero-banner'))
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

describe('the Unleash proxy client in the page (real frontend API), through the extension', () => {
  it('lists what the client evaluated, and the tab\'s overrides are forced inside it in that tab only', async () => {
    const key = await createFrontendToken(unleash, { environment: 'production' });
    // The frontend API serves from a cache Unleash refreshes in the background.
    await eventually(async () => {
      const response = await fetch(`${unleash.url}/api/frontend`, { headers: { Authorization: key } });
      return ((await response.json()) as { toggles?: { name: string }[] }).toggles?.map((t) => t.name) ?? [];
    }, (names) => expect(names).toEqual(expect.arrayContaining(['new-checkout', 'hero-banner'])), 30_000);
    const url = `${env.demo.siteOrigin}/sdk/unleash?${new URLSearchParams({ url: unleash.url, key })}`;
    const open = async () => {
      const page = await env.ext.context.newPage();
      await page.goto(url);
      await page.locator('#sdk-status', { hasText: 'ready' }).waitFor();
      return page;
    };
    const shown = (page: import('playwright-core').Page, flag: string) => page.locator(`#sdk-${flag}`).textContent();
    const tab = await open();
    const other = await open();
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));
    await expect.poll(() => popup.pageLine('new-checkout').textContent(), { timeout: 20_000 }).toBe('On page: true · Unleash SDK (isEnabled)');
    await expect.poll(() => popup.pageLine('dark-mode').textContent()).toBe('On page: false · Unleash SDK (isEnabled)');
    const hero = JSON.parse((await shown(tab, 'hero-banner'))!) as string;
    expect(await popup.pageLine('hero-banner').textContent()).toMatch(new RegExp(`^On page: ${hero} · Unleash SDK \\(getVariant · variant [abc]\\)$`));

    await popup.chooseVariant('hero-banner', 'c — Minimal');
    await popup.setSwitch('dark-mode', true);
    await expect.poll(() => shown(tab, 'hero-banner')).toBe('"Minimal"');
    await expect.poll(() => shown(tab, 'dark-mode')).toBe('true');
    await expect.poll(() => popup.pageLine('hero-banner').textContent()).toBe('✓ Page uses Minimal · Unleash SDK (getVariant · forced by Flagtab)');
    expect(await popup.warnings().count()).toBe(0);
    // The other tab asks the same Unleash and gets Unleash's answers.
    expect(await shown(other, 'dark-mode')).toBe('false');
    await Promise.all([popup.page.close(), tab.close(), other.close()]);
  });
});
