/**
 * Share links in real Chromium: tab A copies a link to its page with its overrides in the
 * fragment; tab B opens it and nothing reaches the server with overrides until Apply in B's
 * popup; then only tab B's requests carry them, the fragment stays, and the offer does not come
 * back. A hostile page that writes a share fragment into its own address (location.hash, a
 * rewritten in-page link) gets no offer; a rewritten link to another page of the site gets an
 * offer that shows exactly what it would set, and applies nothing unless Apply is clicked.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../../demo/browser/extension';
import { PopupPage, configure, eventually } from '../../demo/browser/flagtab';
import { ROOT } from '../../demo/browser/build';
import { decodeOverrides } from '../../lib/wire';
import { shareUrl } from '../../lib/share/codec';

interface Seen { path: string; flags: string | undefined }
const seen: Seen[] = [];
let server: Server;
let port: number;
let ext: ExtensionBrowser;
const origin = () => `http://share.localhost:${port}`;

/** The fragment a hostile page writes: values its author wants, under a harmless name. */
const evilFragment = () => {
  const made = shareUrl('x:', { v: 1, site: 'share-shop', name: 'Harmless', values: { 'new-checkout': true, 'hero-banner': 'c' } });
  if (!made.ok) throw new Error(made.reason);
  return made.url.slice(made.url.indexOf('#') + 1);
};

const checkout = '<!doctype html><title>checkout</title><p>Checkout</p><script>fetch("/api")</script>';
/** Sets its own address to a share link, rewrites its links to carry one, and frames a page opened with one. */
const hostile = (fragment: string) => `<!doctype html><title>hostile</title>
<a id="same" href="#top">Top</a> <a id="other" href="/checkout">Checkout</a>
<iframe src="/checkout#${fragment}"></iframe>
<script>
  fetch("/api");
  location.hash = ${JSON.stringify(fragment)};
  document.getElementById('same').href = '#' + ${JSON.stringify(fragment)};
  document.getElementById('other').href = '/checkout#' + ${JSON.stringify(fragment)};
</script>`;

beforeAll(async () => {
  const flags = readFileSync(`${ROOT}/demo/flags.json`, 'utf8');
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://share.localhost');
    const header = req.headers['x-feature-flags'];
    if (url.pathname !== '/favicon.ico') seen.push({ path: url.pathname, flags: typeof header === 'string' ? header : undefined });
    if (url.pathname === '/flags.json') res.writeHead(200, { 'content-type': 'application/json' }).end(flags);
    else if (url.pathname === '/api') res.end('ok');
    else res.writeHead(200, { 'content-type': 'text/html' }).end(url.pathname === '/hostile' ? hostile(evilFragment()) : checkout);
  });
  port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  ext = await launchWithExtension();
  await configure(ext, [{
    id: 'share-shop',
    name: 'Share Shop',
    hosts: ['share.localhost'],
    catalogue: { provider: 'flags-file', url: `${origin()}/flags.json` },
    transports: { header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: false, name: 'flagtab' } },
  }]);
});

afterAll(async () => {
  await ext?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** The page and API requests the server saw while `act` ran (and a moment after, for late fetches). */
async function requestsDuring(act: () => Promise<unknown>): Promise<Seen[]> {
  const from = seen.length;
  await act();
  await eventually(async () => seen.slice(from), (s) => expect(s.some((r) => r.path === '/api')).toBe(true));
  await new Promise((resolve) => setTimeout(resolve, 200));
  return seen.slice(from).filter((s) => s.path !== '/flags.json');
}
const flagsOf = (s: Seen) => (s.flags === undefined ? undefined : decodeOverrides(s.flags));
const reloaded = (tab: Page) => requestsDuring(() => tab.reload());

/** The toolbar badge of a tab, as Flagtab set it. */
async function badgeOf(tabId: number): Promise<string> {
  return (await ext.worker()).evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

/** Waits until the popup has asked the background for an offer, then says whether one shows. */
async function offerCount(popup: PopupPage): Promise<number> {
  await popup.page.locator('.share[data-loaded="true"]').first().waitFor({ state: 'attached' });
  return popup.page.getByRole('region', { name: 'Share link' }).count();
}

describe('share links', () => {
  it('tab B applies tab A\'s link only after Apply in its popup; only tab B then sends the values', async () => {
    const tabA = await ext.context.newPage();
    await tabA.goto(`${origin()}/checkout`);
    const popupA = await PopupPage.open(ext, await tabIdOf(ext, tabA));
    await popupA.setSwitch('new-checkout', true);
    await popupA.chooseVariant('hero-banner', 'b');
    await popupA.page.getByText('Share these overrides').click();
    await popupA.page.getByLabel('Share link name (optional)').fill('New checkout, banner B');
    await popupA.page.getByRole('button', { name: 'Copy share link' }).click();
    const link = await popupA.page.getByRole('textbox', { name: 'Share link', exact: true }).inputValue();
    expect(link.startsWith(`${origin()}/checkout#flagtab=`)).toBe(true);

    const tabB = await ext.context.newPage();
    const opened = await requestsDuring(() => tabB.goto(link));
    expect(opened.map((s) => s.flags)).toEqual([undefined, undefined]); // the page and its fetch, without overrides
    const tabBId = await tabIdOf(ext, tabB);
    await eventually(() => badgeOf(tabBId), (text) => expect(text).toBe('link'));
    const popupB = await PopupPage.open(ext, tabBId);
    const offer = popupB.page.getByRole('region', { name: 'Share link' });
    await offer.getByText('Apply \'New checkout, banner B\' in this tab?').waitFor();
    expect(await offer.getByRole('list', { name: 'Flags the link sets' }).innerText()).toBe('hero-banner = "b"\nnew-checkout = true');
    // The screenshot docs/scenarios.md shows.
    await offer.screenshot({ path: `${ROOT}/docs/images/share-offer.png` });
    // Offered is not applied: a reload still goes without.
    expect((await reloaded(tabB)).map((s) => s.flags)).toEqual([undefined, undefined]);

    await offer.getByRole('button', { name: 'Apply', exact: true }).click();
    await popupB.page.getByText('Applied 2 flags from the share link').waitFor();
    // The page on screen loaded before Apply: Flagtab says so until it is reloaded.
    await eventually(() => badgeOf(tabBId), (text) => expect(text).toBe('!'));
    const after = await reloaded(tabB);
    await eventually(() => badgeOf(tabBId), (text) => expect(text).toBe('2'));
    expect(after.map(flagsOf)).toEqual([
      { ok: true, values: { 'new-checkout': true, 'hero-banner': 'b' } },
      { ok: true, values: { 'new-checkout': true, 'hero-banner': 'b' } },
    ]);
    expect(tabB.url()).toBe(link); // Flagtab did not navigate: the fragment stays

    // The same link in the same tab is not offered again (the reload above committed it again).
    await popupB.reload();
    await popupB.page.getByText('2 overrides in this tab').waitFor();
    expect(await offerCount(popupB)).toBe(0);

    // Another tab on the site: nothing.
    const tabC = await ext.context.newPage();
    expect((await requestsDuring(() => tabC.goto(`${origin()}/checkout`))).map((s) => s.flags)).toEqual([undefined, undefined]);
    for (const page of [tabA, tabB, tabC, popupA.page, popupB.page]) await page.close();
  });

  it('a page that sets a share fragment itself gets no offer; a rewritten link shows exactly what it sets and applies nothing without Apply', async () => {
    const tab = await ext.context.newPage();
    const loaded = await requestsDuring(() => tab.goto(`${origin()}/hostile`));
    expect(loaded.map((s) => s.flags).every((f) => f === undefined)).toBe(true);
    await eventually(async () => tab.url(), (url) => expect(url).toContain('#flagtab='));
    const tabId = await tabIdOf(ext, tab);
    const popup = await PopupPage.open(ext, tabId);
    await popup.page.getByText('No overrides in this tab').waitFor();
    expect(await offerCount(popup)).toBe(0);
    expect(await badgeOf(tabId)).toBe('');
    expect(await popup.page.getByRole('button', { name: 'Apply', exact: true }).count()).toBe(0);

    // The rewritten in-page link changes the fragment only: still no offer.
    await tab.locator('#same').click();
    await popup.reload();
    expect(await offerCount(popup)).toBe(0);

    // The rewritten link to another page loads a document whose address carries the link: offered,
    // every value shown, nothing applied; Dismiss, and a reload still goes without.
    const followed = await requestsDuring(() => tab.locator('#other').click());
    expect(followed.map((s) => s.flags)).toEqual([undefined, undefined]);
    await popup.reload();
    const offer = popup.page.getByRole('region', { name: 'Share link' });
    await offer.getByText('Apply \'Harmless\' in this tab?').waitFor();
    expect(await offer.getByRole('list', { name: 'Flags the link sets' }).innerText()).toBe('hero-banner = "c"\nnew-checkout = true');
    expect(await badgeOf(tabId)).toBe('link');
    await offer.getByRole('button', { name: 'Dismiss' }).click();
    await eventually(() => popup.page.getByRole('region', { name: 'Share link' }).count(), (n) => expect(n).toBe(0));
    expect((await reloaded(tab)).map((s) => s.flags)).toEqual([undefined, undefined]);
    await popup.reload();
    expect(await offerCount(popup)).toBe(0);
    await popup.page.getByText('No overrides in this tab').waitFor();
  });

  it('on a host Flagtab has no site for, the popup says so and offers nothing to apply', async () => {
    const tab = await ext.context.newPage();
    const made = shareUrl(`http://elsewhere.localhost:${port}/checkout`, { v: 1, site: 'share-shop', values: { 'new-checkout': true } });
    if (!made.ok) throw new Error(made.reason);
    await tab.goto(made.url);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, tab));
    const offer = popup.page.getByRole('region', { name: 'Share link' });
    await offer.getByText(`for the site "share-shop", but Flagtab is not set up for elsewhere.localhost:${port}`).waitFor();
    expect(await offer.getByRole('button', { name: 'Apply', exact: true }).count()).toBe(0);
    await popup.page.getByRole('button', { name: 'Set up this site' }).waitFor();
  });
});
