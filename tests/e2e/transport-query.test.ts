/**
 * The query-parameter transport and the test-traffic marker, from the real extension in
 * Chromium: tab A's page loads on the site get ?flags=… (a redirect rule with a
 * queryTransform), once, without a loop, kept on reload and replaced on change; its requests
 * carry the marker header; tab B and another host get neither.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../../demo/browser/extension';
import { PopupPage, configure, eventually } from '../../demo/browser/flagtab';
import { decodeOverrides } from '../../lib/wire';

interface Seen { host: string; url: string; headers: IncomingHttpHeaders }
const seen: Seen[] = [];
let server: Server;
let port: number;
let ext: ExtensionBrowser;

/** Every page says which flags its address carried, and fetches /api as an app would. */
const page = (url: URL) => `<!doctype html><title>query</title><p id="flags">${url.searchParams.get('flags') ?? 'none'}</p>
<script>fetch('/api').then((r) => r.text()).then((t) => { document.body.dataset.api = t; });</script>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    seen.push({ host: url.hostname, url: url.href, headers: req.headers });
    if (url.pathname === '/api') res.end(String(req.headers['x-test-traffic'] ?? 'unmarked'));
    else res.writeHead(200, { 'content-type': 'text/html' }).end(page(url));
  });
  port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  ext = await launchWithExtension();
  await configure(ext, [{
    id: 'query-shop',
    name: 'Query shop',
    hosts: ['query.localhost'],
    catalogue: { provider: 'flags-file', inline: JSON.stringify([{ key: 'new-checkout', type: 'boolean', default: false }]) },
    transports: {
      header: { enabled: false, name: 'X-Feature-Flags' },
      cookie: { enabled: false, name: 'flagtab' },
      query: { enabled: true, name: 'flags', encoding: 'wire' },
      marker: { enabled: true, name: 'X-Test-Traffic', value: 'flagtab-e2e' },
    },
  }]);
});

afterAll(async () => {
  await ext?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const origin = (host = 'query.localhost') => `http://${host}:${port}`;

/** Runs `load` and returns the page documents the server saw during it. */
async function documentsDuring(load: () => Promise<unknown>): Promise<Seen[]> {
  const from = seen.length;
  await load();
  await new Promise((resolve) => setTimeout(resolve, 300));
  return seen.slice(from).filter((s) => !['/api', '/favicon.ico'].includes(new URL(s.url).pathname));
}

const flagsOf = (s: Seen) => new URL(s.url).searchParams.get('flags');
const apiOf = (tab: Page) => eventually(() => tab.evaluate(() => document.body.dataset.api ?? ''), (t) => expect(t).not.toBe(''));

describe('the query parameter and the test-traffic marker, per tab', () => {
  it('tab A\'s page loads carry ?flags=… once, kept on reload and replaced on change; tab B and another host never', async () => {
    const tabA = await ext.context.newPage();
    const tabB = await ext.context.newPage();
    await tabA.goto(`${origin()}/products?sort=price`);
    await tabB.goto(`${origin()}/products?sort=price`);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, tabA));
    expect(await popup.page.locator('.address-line').count()).toBe(0);
    await popup.setSwitch('new-checkout', true);
    await popup.page.getByText('also travel in the address (?flags=…)').waitFor();

    // One request, already redirected in the browser: the server never saw the bare address.
    const first = await documentsDuring(() => tabA.reload());
    expect(first).toHaveLength(1);
    expect(decodeOverrides(flagsOf(first[0]!)!)).toEqual({ ok: true, values: { 'new-checkout': true } });
    expect(new URL(first[0]!.url).searchParams.get('sort')).toBe('price');
    expect(first[0]!.headers['x-test-traffic']).toBe('flagtab-e2e');
    expect(new URL(tabA.url()).searchParams.get('flags')).toBe('new-checkout=true');
    expect(await tabA.locator('#flags').textContent()).toBe('new-checkout=true');
    // The page's own fetch: marked, not redirected.
    expect(await apiOf(tabA)).toBe('flagtab-e2e');

    // Reload: the address already carries it, no redirect, no loop.
    const again = await documentsDuring(() => tabA.reload());
    expect(again.map(flagsOf)).toEqual(['new-checkout=true']);
    // The allow rule that stops that redirect leaves the header rules above it in force.
    expect(again[0]!.headers['x-test-traffic']).toBe('flagtab-e2e');

    // Tab B, same site: nothing.
    const b = await documentsDuring(() => tabB.reload());
    expect(b.map(flagsOf)).toEqual([null]);
    expect(b[0]!.headers['x-test-traffic']).toBeUndefined();
    expect(await apiOf(tabB)).toBe('unmarked');

    // Another host in tab A: nothing.
    const other = await documentsDuring(() => tabA.goto(`${origin('other.localhost')}/`));
    expect(other.map(flagsOf)).toEqual([null]);
    expect(other[0]!.headers['x-test-traffic']).toBeUndefined();

    // Back on the site with old values in a link: replaced by the tab's current ones.
    await tabA.goto(`${origin()}/`);
    await popup.reload();
    await popup.page.getByRole('button', { name: 'Reset new-checkout' }).waitFor();
    await popup.setSwitch('new-checkout', false);
    const changed = await documentsDuring(() => tabA.goto(`${origin()}/?flags=new-checkout%3Dtrue`));
    expect(changed.map(flagsOf)).toEqual(['new-checkout=false']);

    // Reset: the address still carries them; the popup says so, and its reload loads it clean.
    await popup.resetAll();
    await popup.reload();
    await popup.page.getByText('The address still carries ?flags=…').waitFor();
    const clean = await documentsDuring(async () => {
      await popup.page.getByRole('button', { name: 'Reload without them' }).click();
      await eventually(async () => tabA.url(), (url) => expect(new URL(url).searchParams.has('flags')).toBe(false));
      await tabA.waitForLoadState('load');
    });
    expect(clean.map(flagsOf)).toEqual([null]);
    expect(clean[0]!.headers['x-test-traffic']).toBeUndefined();
    await Promise.all([popup.page.close(), tabA.close(), tabB.close()]);
  });
});
