import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { createFrontendToken, seedUnleash } from '../support/unleash/seed';
import { startUnleash, type RunningUnleash } from '../support/unleash/unleash';
import { BridgePage, buildBridgeScript, launchChromium, startSdkServer, type SdkServer } from './support/bridge-page';
import { eventually } from '../../demo/browser/flagtab';

/**
 * The page bridge against the real unleash-proxy-client, fetching from a real Unleash 8's
 * frontend API (on its own PostgreSQL), seeded with SEEDED_FLAGS: in production new-checkout
 * and hero-banner (variants a/b/c with payloads Classic/Bold/Minimal) are on, dark-mode is off.
 * The test plays Flagtab's content script, as in bridge-sdks.test.ts.
 */
let unleash: RunningUnleash;
let server: SdkServer;
let browser: Browser;
let context: BrowserContext;
let bridge: string;
let pageUrl: string;

beforeAll(async () => {
  [unleash, server, browser, bridge] = await Promise.all([startUnleash(), startSdkServer(), launchChromium(), buildBridgeScript()]);
  await seedUnleash(unleash);
  const key = await createFrontendToken(unleash, { environment: 'production' });
  // The frontend API answers from a cache Unleash refreshes in the background: wait until it
  // serves the seeded flags, or the first page would see none.
  await eventually(() => frontendToggles(unleash.url, key), (names) => expect(names).toEqual(expect.arrayContaining(['new-checkout', 'hero-banner'])), 30_000);
  // The page (shop.localhost) calls Unleash on another origin: Unleash's default frontend CORS
  // origins ('*') allow it, no setting needed.
  pageUrl = `${server.siteOrigin}/sdk/unleash?${new URLSearchParams({ url: unleash.url, key })}`;
  context = await browser.newContext();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await unleash?.stop();
});

async function frontendToggles(url: string, key: string): Promise<string[]> {
  const response = await fetch(`${url}/api/frontend`, { headers: { Authorization: key } });
  if (!response.ok) throw new Error(`Unleash frontend API answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { toggles: { name: string }[] };
  return body.toggles.map((t) => t.name);
}

async function openUnleashPage(): Promise<BridgePage> {
  const tab = await BridgePage.open(context, bridge);
  await tab.goto(pageUrl);
  return tab;
}

describe('the bridge and the Unleash proxy client', () => {
  it('reports isEnabled and getVariant as the catalogue describes the flags: booleans, and variant payloads', async () => {
    const tab = await openUnleashPage();
    expect(await tab.shown('new-checkout')).toBe(true);
    expect(await tab.shown('dark-mode')).toBe(false);
    // Which variant a session gets is Unleash's choice; the report must say what the page got.
    const hero = await tab.shown('hero-banner');
    expect(['Classic', 'Bold', 'Minimal']).toContain(hero);

    await eventually(async () => tab.evaluations('unleash'), (evaluations) => {
      expect(evaluations['new-checkout']).toMatchObject({ value: true, detail: 'isEnabled' });
      expect(evaluations['dark-mode']).toMatchObject({ value: false, detail: 'isEnabled' });
      expect(evaluations['hero-banner']).toMatchObject({ value: hero, detail: expect.stringMatching(/^getVariant · variant [abc]$/) });
    });
    expect(Object.values(tab.evaluations('unleash')).some((e) => e.forced)).toBe(false);
    expect(tab.found()).toEqual(['unleash']);
    expect(tab.errors).toEqual([]);
    await tab.page.close();
  });

  it('with force, makes the client answer the overrides in this tab only, and the app re-renders on "update"', async () => {
    const tab = await openUnleashPage();
    const renders = await tab.renders();
    const forced = { 'new-checkout': false, 'hero-banner': 'Bold-ish', 'dark-mode': true };
    await tab.pushOverrides(forced, true);
    for (const [key, value] of Object.entries(forced)) await eventually(() => tab.shown(key), (shown) => expect(shown, key).toEqual(value));
    expect(await tab.renders()).toBeGreaterThan(renders);
    await eventually(async () => tab.evaluations('unleash'), (evaluations) => {
      expect(evaluations['new-checkout']).toMatchObject({ value: false, forced: true, detail: 'isEnabled · forced by Flagtab' });
      expect(evaluations['dark-mode']).toMatchObject({ value: true, forced: true });
      expect(evaluations['hero-banner']).toMatchObject({ value: 'Bold-ish', forced: true, detail: 'getVariant · forced by Flagtab' });
    });
    // The variant the app gets carries the override as a typed payload.
    const variant = await tab.page.evaluate(() => (window as unknown as { unleash: { getVariant(k: string): unknown } }).unleash.getVariant('hero-banner'));
    expect(variant).toEqual({ name: 'Bold-ish', enabled: true, feature_enabled: true, payload: { type: 'string', value: 'Bold-ish' } });

    // Another tab of the site, without overrides, keeps Unleash's answers.
    const other = await openUnleashPage();
    expect(await other.shown('new-checkout')).toBe(true);
    expect(await other.shown('dark-mode')).toBe(false);

    // "disabled", the catalogue's off value for variant flags, switches the flag off.
    await tab.pushOverrides({ 'hero-banner': 'disabled' }, true);
    await eventually(() => tab.shown('hero-banner'), (shown) => expect(shown).toBe('disabled'));
    await eventually(() => tab.shown('new-checkout'), (shown) => expect(shown).toBe(true));
    expect([...tab.errors, ...other.errors]).toEqual([]);
    await Promise.all([tab.page.close(), other.page.close()]);
  });

  it('without force, leaves the client’s answers alone', async () => {
    const tab = await openUnleashPage();
    const hero = await tab.shown('hero-banner');
    const before = tab.found().length;
    await tab.pushOverrides({ 'new-checkout': false, 'dark-mode': true, 'hero-banner': 'Bold-ish' }, false);
    await eventually(async () => tab.found().length, (n) => expect(n).toBeGreaterThan(before));
    const asked = await tab.page.evaluate(() => {
      const client = (window as unknown as { unleash: { isEnabled(k: string): boolean; getVariant(k: string): { payload?: { value: string } } } }).unleash;
      return { newCheckout: client.isEnabled('new-checkout'), darkMode: client.isEnabled('dark-mode'), hero: client.getVariant('hero-banner').payload?.value };
    });
    expect(asked).toEqual({ newCheckout: true, darkMode: false, hero });
    await eventually(async () => tab.evaluations('unleash'), (evaluations) => {
      expect(evaluations['new-checkout']).toMatchObject({ value: true });
      expect(Object.values(evaluations).some((e) => e.forced)).toBe(false);
    });
    expect(tab.errors).toEqual([]);
    await tab.page.close();
  });
});

describe('the Unleash demo page without an Unleash', () => {
  it('says what it needs instead of failing', async () => {
    const tab = await BridgePage.open(context, bridge);
    await tab.page.goto(`${server.siteOrigin}/sdk/unleash`);
    expect(await tab.page.locator('#sdk-help').textContent()).toContain('needs the address of an Unleash and a frontend API token');
    expect(tab.errors).toEqual([]);
    await tab.page.close();
  });
});
