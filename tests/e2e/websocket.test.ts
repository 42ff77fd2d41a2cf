import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LIVE_SOCKET_PATH } from '../../demo/live';
import { tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite } from '../../demo/browser/flagtab';
import { useDemoAndExtension } from './support/environment';

const env = useDemoAndExtension();

beforeAll(async () => {
  await configure(env.ext, [demoSite(env.demo.siteOrigin)]);
});

/** Opens the live page in `tab`; returns the handshake the server recorded and what the page shows. */
async function openLive(tab: Page) {
  env.demo.clearRequests();
  await tab.goto(`${env.demo.siteOrigin}/live`);
  const handshake = await env.demo.waitForRequest((r) => r.host === 'shop.localhost' && r.path === LIVE_SOCKET_PATH);
  // The server answers with what the handshake carried; the page shows it.
  await expect.poll(() => tab.locator('#socket-result').textContent(), { timeout: 10_000 }).toMatch(/^\{/);
  const shown = JSON.parse((await tab.locator('#socket-result').textContent())!) as { overrides: Record<string, unknown> };
  return { handshake, shown };
}

describe('websockets in real Chromium', () => {
  it('the overridden tab\'s handshake carries the header and the cookie; another tab\'s carries neither', async () => {
    const tabA = await env.ext.context.newPage();
    const tabB = await env.ext.context.newPage();
    await tabA.goto(`${env.demo.siteOrigin}/live`);
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tabA));
    await popup.setSwitch('new-checkout', true);

    const a = await openLive(tabA);
    expect(a.handshake.headers.upgrade).toBe('websocket');
    expect(a.handshake.headerOverrides).toEqual({ 'new-checkout': true });
    expect(a.handshake.cookieOverrides).toEqual({ 'new-checkout': true });
    expect(a.shown.overrides).toEqual({ 'new-checkout': true });

    const b = await openLive(tabB);
    expect(b.handshake.headers.upgrade).toBe('websocket');
    expect(b.handshake.headers['x-feature-flags']).toBeUndefined();
    expect(b.handshake.headers.cookie ?? '').not.toContain('flagtab=');
    expect(b.shown.overrides).toEqual({});
    await Promise.all([tabA.close(), tabB.close(), popup.page.close()]);
  });
});
