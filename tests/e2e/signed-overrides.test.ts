import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite, makeSigningKey } from '../../demo/browser/flagtab';
import { useDemoAndExtension } from './support/environment';

const env = useDemoAndExtension();
const WHO = 'qa@demo.example';

beforeAll(async () => {
  await configure(env.ext, [demoSite(env.demo.siteOrigin, { transports: { signed: { enabled: true, name: 'X-Feature-Flags-V2' } } })]);
});

/** Loads the shop's home page in `page` and returns the request the server saw for it. */
async function loadHome(page: Page) {
  env.demo.clearRequests();
  await page.goto(env.demo.siteOrigin);
  return env.demo.waitForRequest((r) => r.host === 'shop.localhost' && r.path === '/');
}

describe('signed overrides (wire v2) in real Chromium', () => {
  it('a key made in the options page signs tab A\'s overrides; the verifying shop accepts them; tab B carries nothing', async () => {
    // The options page: make a key, read the one line the server needs.
    const { line, options } = await makeSigningKey(env.ext, 'Demo Shop', WHO);
    expect(line).toMatch(/^ed25519 [A-Za-z0-9_-]{43} [A-Za-z0-9_-]{43}$/);
    const kid = line.split(' ')[2]!;
    await expect.poll(() => options.getByRole('status').textContent()).toMatch(/Copy its line into the server/);

    // The shop now verifies, strictly, with that line as its only authorized key.
    await env.demo.authorize(line);

    const tabA = await env.ext.context.newPage();
    const tabB = await env.ext.context.newPage();
    await tabA.goto(env.demo.siteOrigin);
    await tabB.goto(env.demo.siteOrigin);
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tabA));
    await popup.setSwitch('new-checkout', true);
    expect(await popup.page.locator('.signing-warning').count()).toBe(0);

    // Tab A: the request went out signed and the server accepted it, for this key and tester.
    const a = await loadHome(tabA);
    expect(a.headers['x-feature-flags-v2']).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a.signed).toEqual({ status: 'accepted', kid, sub: WHO });
    await expect.poll(() => tabA.locator('#new-checkout').isVisible()).toBe(true);
    // The popup says what the server decided, from its status header on tab A's page.
    await popup.reload();
    await expect.poll(() => popup.page.locator('.server-decision').textContent()).toBe(`Server accepted your signed overrides (key ${kid}).`);
    // The token and the key never reach the page: not in its cookies, not in its storage.
    expect(await tabA.evaluate(() => document.cookie)).not.toContain('flagtab_v2');

    // Tab B, same site: nothing sent, nothing decided, the shop's defaults.
    const b = await loadHome(tabB);
    expect(b.headers['x-feature-flags-v2']).toBeUndefined();
    expect(b.headers['x-feature-flags']).toBeUndefined();
    expect(b.signed).toEqual({ status: 'none' });
    expect(await tabB.locator('#old-checkout').isVisible()).toBe(true);

    // Revoked: tab A's overrides go unsigned, and the strict shop ignores them.
    await options.getByRole('button', { name: 'Revoke key for Demo Shop' }).click();
    await options.getByRole('button', { name: 'Generate signing key for Demo Shop' }).waitFor();
    const revoked = await loadHome(tabA);
    expect(revoked.headers['x-feature-flags-v2']).toBeUndefined();
    expect(revoked.signed).toMatchObject({ status: 'rejected', reason: 'unsigned' });
    await popup.reload();
    await expect.poll(() => popup.page.locator('.signing-warning').textContent()).toMatch(/no signing key: overrides go unsigned/);
    await expect.poll(() => popup.page.locator('.server-decision').textContent()).toMatch(/^Server ignored them: they were not signed/);
  });
});
