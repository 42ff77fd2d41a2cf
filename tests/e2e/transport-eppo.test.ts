/**
 * Eppo's override header from Flagtab in real Chromium, read by Eppo's real server SDK in a
 * demo app (demo/vendors/eppo-app.ts): tab A's popup override is the app's assignment in tab A
 * only; tab B gets the real assignment and no header; with a key Eppo does not know, the SDK
 * refuses the overrides and the app serves the real assignment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../../demo/browser/extension';
import { PopupPage, configure, storeTransportSecret } from '../../demo/browser/flagtab';
import { startEppoDemo } from '../../demo/vendors/eppo-app';

const KEY = 'demo-extension-key-1';
const SITE_ID = 'eppo-shop';
const HOSTS = ['eppo.localhost'];
let ext: ExtensionBrowser;
let demo: Awaited<ReturnType<typeof startEppoDemo>>;

beforeAll(async () => {
  demo = await startEppoDemo([KEY]);
  ext = await launchWithExtension();
  // The catalogue names Eppo's flag and its two variations; header and cookie are off, so
  // Eppo's header is all the app gets.
  const catalogue = JSON.stringify({ flags: { 'checkout-theme': { state: 'ENABLED', variants: { classic: 'classic', modern: 'modern' }, defaultVariant: 'classic' } } });
  await configure(ext, [{
    id: SITE_ID,
    name: 'Eppo shop',
    hosts: HOSTS,
    catalogue: { provider: 'flags-file', inline: catalogue },
    transports: {
      header: { enabled: false, name: 'X-Feature-Flags' },
      cookie: { enabled: false, name: 'flagtab' },
      eppo: { enabled: true, name: 'x-eppo-overrides' },
    },
  }]);
  await storeTransportSecret(ext, SITE_ID, 'eppo', KEY, HOSTS);
});

afterAll(async () => {
  await ext?.close();
  await demo?.close();
});

/** Reloads `tab` and returns what the page shows and what the app saw for that load. */
async function reload(tab: Page) {
  const before = demo.seen.length;
  await tab.reload();
  expect(demo.seen.length, 'the app saw the reload').toBeGreaterThan(before);
  return {
    seen: demo.seen.at(-1)!,
    theme: await tab.locator('#checkout-theme').textContent(),
    overrides: await tab.locator('#eppo-overrides').textContent(),
  };
}

describe('Eppo\'s x-eppo-overrides header, read by Eppo\'s node server SDK', () => {
  it('tab A\'s override is the assignment in tab A; tab B gets the real one; an unknown key is refused by the SDK', async () => {
    const origin = `http://${HOSTS[0]}:${demo.port}/`;
    const tabA = await ext.context.newPage();
    const tabB = await ext.context.newPage();
    await tabA.goto(origin);
    await tabB.goto(origin);
    expect(await tabA.locator('#checkout-theme').textContent()).toBe('classic');

    const popup = await PopupPage.open(ext, await tabIdOf(ext, tabA));
    await popup.chooseVariant('checkout-theme', 'modern');

    // Tab A: the header as Eppo's extension sends it, accepted by the SDK, the override used.
    const a = await reload(tabA);
    expect(a.theme).toBe('modern');
    expect(a.overrides).toBe('applied');
    expect(JSON.parse(a.seen.header!)).toEqual({ browserExtensionKey: KEY, overrides: { 'checkout-theme': { key: 'modern', value: 'modern' } } });
    expect(demo.cloud.keyChecks).toContain(KEY);

    // Tab B, same site: no header, the real assignment.
    const b = await reload(tabB);
    expect(b.seen.header).toBeUndefined();
    expect(b.theme).toBe('classic');
    expect(b.overrides).toBe('none');

    // A key Eppo does not know. The header is made when the overrides change, so set the
    // override again for the new key to be used (reset first: each step waits on the popup).
    await storeTransportSecret(ext, SITE_ID, 'eppo', 'wrong-extension-key', HOSTS);
    await popup.resetAll();
    await popup.chooseVariant('checkout-theme', 'modern');
    const refused = await reload(tabA);
    expect(JSON.parse(refused.seen.header!).browserExtensionKey).toBe('wrong-extension-key');
    expect(demo.cloud.keyChecks).toContain('wrong-extension-key');
    expect(refused.overrides).toBe('refused: Unable to authorize key: Unauthorized');
    expect(refused.theme).toBe('classic');
    // What Flagtab shows: the override as set, and no warning. It cannot see the app's refusal
    // (the SDK says it only to the app), so it says nothing about it.
    await popup.reload();
    await expect.poll(() => popup.status().textContent()).toMatch(/^1 override in this tab/);
    expect(await popup.warnings().count()).toBe(0);

    await Promise.all([popup.page.close(), tabA.close(), tabB.close()]);
  });
});
