import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite, startAddingSite } from '../../demo/browser/flagtab';
import { sessionRules } from './support/session-rules';
import { useDemoAndExtension } from './support/environment';

/**
 * Sites with many exact hosts. One regexFilter listing them all is refused by Chrome's RE2
 * (2 KB of compiled program: two ~31-character hosts already fill it), so before the fix no
 * override could ever be set on such a site. The e2e build may already reach http://*.localhost,
 * and the demo server answers every *.localhost host (it is all 127.0.0.1).
 */
const env = useDemoAndExtension();

const HOSTS = [
  ...Array.from({ length: 98 }, (_, i) => `host-${String(i).padStart(3, '0')}.shop-many.localhost`),
  'shop.localhost',
  'api.eu.shop-many.localhost',
];
const port = () => new URL(env.demo.siteOrigin).port;
const at = (host: string, path = '/') => `http://${host}:${port()}${path}`;

beforeAll(async () => {
  await configure(env.ext, [demoSite(env.demo.siteOrigin, { hosts: HOSTS })]);
});

/** Has the page fetch `url` (no-cors: the demo only needs to see the request) and returns what reached the demo. */
async function fetchFrom(page: Page, url: string) {
  const { host, pathname } = new URL(url);
  const path = `${pathname}?probe=${Math.random().toString(36).slice(2)}`;
  await page.evaluate(async (u) => { await fetch(u, { mode: 'no-cors', credentials: 'include' }).catch(() => undefined); }, `${url.replace(/\/$/, '')}${path}`);
  return env.demo.waitForRequest((r) => r.host === host.split(':')[0] && r.path === path);
}

describe('a site with 100 exact hosts in real Chromium', () => {
  it('gets overrides on its hosts, whatever their depth, and a host it does not list gets nothing', async () => {
    const tab = await env.ext.context.newPage();
    await tab.goto(at('host-042.shop-many.localhost'));
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));
    await popup.page.getByRole('heading', { name: 'Demo Shop' }).waitFor();
    await popup.setSwitch('new-checkout', true);
    await expect.poll(() => popup.status().textContent()).toMatch(/^1 override in this tab/);

    // Chrome took the rules (it refused the single 100-host regex outright).
    const rules = await sessionRules(env.ext);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) expect(new TextEncoder().encode(rule.condition.regexFilter ?? '').length).toBeLessThan(2048);

    // The page itself, navigated within the site, and requests to several listed hosts.
    env.demo.clearRequests();
    await tab.goto(at('host-042.shop-many.localhost'));
    const doc = await env.demo.waitForRequest((r) => r.host === 'host-042.shop-many.localhost' && r.path === '/');
    expect(doc.headerOverrides).toEqual({ 'new-checkout': true });
    for (const host of ['host-000.shop-many.localhost', 'host-097.shop-many.localhost', 'shop.localhost', 'api.eu.shop-many.localhost']) {
      const seen = await fetchFrom(tab, at(host));
      expect(seen.headerOverrides, host).toEqual({ 'new-checkout': true });
    }
    // Hosts the site does not list: an unlisted sibling, a subdomain of a listed host, the parent.
    for (const host of ['host-099.shop-many.localhost', 'cdn.host-042.shop-many.localhost', 'shop-many.localhost', 'eu.shop-many.localhost']) {
      const seen = await fetchFrom(tab, at(host));
      expect(seen.headers['x-feature-flags'], host).toBeUndefined();
      expect(seen.headers.cookie ?? '', host).not.toContain('flagtab=');
    }
    await Promise.all([tab.close(), popup.page.close()]);
  });

  it('the options page asks the browser before saving, and says what to do with a host it refuses', async () => {
    // Ten labels is deeper than a label-counting regex holds, and this host is too long to spell out.
    const deep = `${'a'.repeat(40)}.${'b'.repeat(40)}.c.d.e.f.g.h.i.localhost`;
    const options = await env.ext.context.newPage();
    await options.goto(`chrome-extension://${env.ext.extensionId}/options.html`);
    await startAddingSite(options);
    await options.getByLabel('Site name').fill('Deep');
    await options.getByLabel('Hosts').fill(deep);
    await options.getByLabel('Catalogue URL').fill(`${env.demo.siteOrigin}/flags.json`);
    await options.getByRole('button', { name: 'Save site' }).click();
    await options.getByText('The browser refuses some of these hosts; nothing was saved').waitFor();
    await options.getByText(`The browser cannot match "${deep}" exactly`).waitFor();
    await options.getByText('list such a host as a wildcard for its parent').waitFor();

    // The advice works: a wildcard for its parent is accepted and saved.
    await options.getByLabel('Hosts').fill('*.c.d.e.f.g.h.i.localhost');
    await options.getByRole('button', { name: 'Save site' }).click();
    await options.getByRole('status').filter({ hasText: 'Saved "Deep"' }).waitFor();
    await options.close();
  });
});
