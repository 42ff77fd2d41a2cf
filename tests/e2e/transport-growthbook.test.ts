/**
 * GrowthBook's _gbdebug, per tab, in real Chromium: Flagtab's popup sets a feature in tab A,
 * and a real Express app running GrowthBook in dev mode (devtoolsExpressPlugin, cookie-parser)
 * serves the forced value to tab A only — as a cookie, then as a query parameter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../../demo/browser/extension';
import { PopupPage, configure } from '../../demo/browser/flagtab';
import { GROWTHBOOK_CATALOGUE, startGrowthBookApp, type GrowthBookApp, type GrowthBookRequest } from '../../demo/vendors/growthbook-app';
import { gbdebugPayload } from '../../lib/transports/growthbook';

const FORCED = { 'new-checkout': true, 'hero-banner': 'b' };
const PAYLOAD = gbdebugPayload(FORCED);

let ext: ExtensionBrowser;
let app: GrowthBookApp;

beforeAll(async () => {
  app = await startGrowthBookApp();
  ext = await launchWithExtension();
});

afterAll(async () => {
  await ext?.close();
  await app?.close();
});

async function configureVia(via: 'cookie' | 'query') {
  await configure(ext, [{
    id: 'growthbook-app',
    name: 'GrowthBook app',
    hosts: ['growthbook.localhost'],
    catalogue: { provider: 'flags-file', inline: GROWTHBOOK_CATALOGUE },
    transports: { growthbook: { enabled: true, name: '_gbdebug', via } },
  }]);
}

const isSite = (r: GrowthBookRequest) => r.host.startsWith('growthbook.localhost');
const isOther = (r: GrowthBookRequest) => r.host.startsWith('other.localhost');
const pages = (rs: GrowthBookRequest[]) => rs.filter((r) => r.features && isSite(r));

/** What the page shows for a feature: its value (JSON) and GrowthBook's source. */
async function shown(tab: Page, key: string) {
  const output = tab.locator(`output[id="${key}"]`);
  return { value: JSON.parse((await output.textContent())!) as unknown, source: await output.getAttribute('data-source') };
}

/** Runs `load` and returns the requests the app saw meanwhile, once both images were fetched. */
async function seenDuring(tab: Page, load: () => Promise<unknown>) {
  const before = app.requests.length;
  await load();
  await tab.waitForLoadState('load');
  await expect.poll(() => app.requests.slice(before).filter((r) => r.url.startsWith('/pixel.gif')).length).toBeGreaterThanOrEqual(2);
  return app.requests.slice(before);
}

/** Opens tabs A and B on the app and sets FORCED in tab A through the popup. */
async function overrideTabA() {
  const tabA = await ext.context.newPage();
  const tabB = await ext.context.newPage();
  await tabA.goto(`${app.url}/`);
  await tabB.goto(`${app.url}/`);
  const popup = await PopupPage.open(ext, await tabIdOf(ext, tabA));
  await popup.setSwitch('new-checkout', true);
  await popup.chooseVariant('hero-banner', 'b');
  await expect.poll(() => popup.status().textContent()).toMatch(/^2 overrides in this tab/);
  return { tabA, tabB, popup };
}

describe('GrowthBook\'s _gbdebug per tab, from the popup to a real GrowthBook app', () => {
  it('as a cookie: tab A gets the forced values on the site\'s requests; tab B and another host get none', async () => {
    await configureVia('cookie');
    const { tabA, tabB, popup } = await overrideTabA();

    const seenA = await seenDuring(tabA, () => tabA.reload());
    expect(await shown(tabA, 'new-checkout')).toEqual({ value: true, source: 'override' });
    expect(await shown(tabA, 'hero-banner')).toEqual({ value: 'b', source: 'override' });
    expect(await shown(tabA, 'max-items')).toEqual({ value: 3, source: 'defaultValue' });
    const siteRequests = seenA.filter(isSite);
    expect(siteRequests.map((r) => r.url)).toEqual(expect.arrayContaining(['/', '/pixel.gif']));
    for (const r of siteRequests) expect(r.cookieValue, r.url).toBe(PAYLOAD);
    // Beside Flagtab's own cookie (on by default): Chromium takes both appends in one rule.
    for (const r of siteRequests) expect(r.cookie, r.url).toMatch(/flagtab=[^;]+; _gbdebug=/);
    for (const r of seenA.filter(isOther)) expect(r.cookie ?? '', r.url).not.toContain('_gbdebug');
    expect(seenA.filter(isOther).length).toBeGreaterThan(0);
    // Sent by the browser, not stored: the page cannot read it.
    expect(await tabA.evaluate(() => document.cookie)).not.toContain('_gbdebug');

    const seenB = await seenDuring(tabB, () => tabB.reload());
    expect(await shown(tabB, 'new-checkout')).toEqual({ value: false, source: 'defaultValue' });
    expect(await shown(tabB, 'hero-banner')).toEqual({ value: 'a', source: 'defaultValue' });
    for (const r of seenB) expect(r.cookie ?? '', r.url).not.toContain('_gbdebug');

    // Tab A on a host outside the site: nothing.
    const seenOther = await seenDuring(tabA, () => tabA.goto(`http://other.localhost:${app.port}/`));
    for (const r of seenOther) expect(r.cookie ?? '', `${r.host}${r.url}`).not.toContain('_gbdebug');
    expect(await shown(tabA, 'new-checkout')).toEqual({ value: false, source: 'defaultValue' });

    await Promise.all([popup.page.close(), tabA.close(), tabB.close()]);
  });

  it('as a query parameter: tab A\'s page loads carry it (kept on reload, no redirect loop); tab B\'s never do', async () => {
    await configureVia('query');
    const { tabA, tabB, popup } = await overrideTabA();

    // One page load, one request: Chromium redirects inside the browser, the app sees the result.
    const seenA = await seenDuring(tabA, () => tabA.reload());
    expect(pages(seenA).map((r) => r.url)).toEqual([expect.stringMatching(/^\/\?_gbdebug=/)]);
    expect(pages(seenA)).toHaveLength(1);
    // Chromium percent-encodes the value it adds (the JSON's braces, quotes, colons, commas).
    expect(pages(seenA)[0]!.url).toBe(`/?_gbdebug=${encodeURIComponent(PAYLOAD)}`);
    expect(pages(seenA)[0]!.query).toBe(PAYLOAD);
    expect(new URL(tabA.url()).searchParams.get('_gbdebug')).toBe(PAYLOAD);
    expect(await shown(tabA, 'new-checkout')).toEqual({ value: true, source: 'override' });
    expect(await shown(tabA, 'hero-banner')).toEqual({ value: 'b', source: 'override' });
    // Subresources are not redirected: the parameter is on page loads only.
    const images = seenA.filter((r) => r.url.startsWith('/pixel.gif'));
    expect(images.length).toBeGreaterThanOrEqual(2);
    for (const r of images) expect(r.url, `${r.host}${r.url}`).not.toContain('_gbdebug');

    // A reload keeps the address and is not redirected again.
    const addressA = tabA.url();
    const reloaded = await seenDuring(tabA, () => tabA.reload());
    expect(pages(reloaded)).toHaveLength(1);
    expect(tabA.url()).toBe(addressA);
    expect(pages(reloaded)[0]!.query).toBe(PAYLOAD);

    // A link to another page of the site: the parameter is added to it, once.
    const next = await seenDuring(tabA, () => Promise.all([tabA.waitForURL(/\/next\?/), tabA.click('#next')]));
    expect(pages(next)).toHaveLength(1);
    expect(pages(next)[0]!.url).toMatch(/^\/next\?_gbdebug=/);
    expect(await shown(tabA, 'new-checkout')).toEqual({ value: true, source: 'override' });

    // The tester picks a value with a space, "+" and "&": the address already carrying the old
    // values is redirected once to the new ones, and GrowthBook reads them whole.
    await popup.chooseVariant('hero-banner', 'spaced — b c+d&e');
    const changed = gbdebugPayload({ ...FORCED, 'hero-banner': 'b c+d&e' });
    const afterChange = await seenDuring(tabA, () => tabA.reload());
    expect(pages(afterChange)).toHaveLength(1);
    expect(pages(afterChange)[0]!.query).toBe(changed);
    expect(new URL(tabA.url()).searchParams.getAll('_gbdebug')).toEqual([changed]);
    expect(await shown(tabA, 'hero-banner')).toEqual({ value: 'b c+d&e', source: 'override' });
    // Form-encoded, as URLSearchParams writes it: the space as "+", the "+" and "&" escaped.
    expect(pages(afterChange)[0]!.url).toBe(`/next?${new URLSearchParams([['_gbdebug', changed]])}`);

    // A host outside the site: nothing added.
    const other = await seenDuring(tabA, () => Promise.all([tabA.waitForURL(/other\.localhost/), tabA.click('#other')]));
    for (const r of other) expect(r.url, `${r.host}${r.url}`).not.toContain('_gbdebug');
    expect(new URL(tabA.url()).searchParams.has('_gbdebug')).toBe(false);

    // Tab B, same app: its reloads and navigations never carry it.
    const seenB = [
      ...await seenDuring(tabB, () => tabB.reload()),
      ...await seenDuring(tabB, () => Promise.all([tabB.waitForURL(/\/next$/), tabB.click('#next')])),
    ];
    expect(pages(seenB)).toHaveLength(2);
    for (const r of seenB) expect(r.url, r.url).not.toContain('_gbdebug');
    expect(tabB.url()).not.toContain('_gbdebug');
    expect(await shown(tabB, 'new-checkout')).toEqual({ value: false, source: 'defaultValue' });

    await Promise.all([popup.page.close(), tabA.close(), tabB.close()]);
  });
});
