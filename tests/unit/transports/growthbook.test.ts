import { request } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_COOKIE_BYTES, MAX_QUERY_BYTES, gbdebugCookie, gbdebugPayload, growthbookTransport } from '../../../lib/transports/growthbook';
import { growthbookMeta } from '../../../lib/transports/growthbook/meta';
import { GrowthBookSettingsSchema } from '../../../lib/transports/growthbook/settings';
import { carriedBy, refusalFor } from '../../../lib/transports/registry';
import { TransportsSchema } from '../../../lib/transports/settings';
import { planSessionRules, type TabSiteOverrides } from '../../../lib/overrides/planner';
import { CHROME_RESOURCE_TYPES } from '../../../lib/overrides/rules';
import { createOverrideEngine, type EngineDeps } from '../../../lib/overrides/engine';
import { DEFAULT_DETECTION, type Site } from '../../../lib/config/schema';
import { fakeBrowser } from '@webext-core/fake-browser';
import { createFakeDnr } from '../../support/fake-dnr';
import { startGrowthBookApp, type GrowthBookApp } from '../../../demo/vendors/growthbook-app';

const cookie = { enabled: true, name: '_gbdebug', via: 'cookie' as const };
const query = { enabled: true, name: '_gbdebug', via: 'query' as const };
const FORCED = { 'new-checkout': true, 'hero-banner': 'b' };

/** Values as the engine keeps them: a null-prototype record (keys chosen by a provider). */
const dict = (entries: Record<string, unknown>) => Object.assign(Object.create(null), entries) as Record<string, never>;

describe('the _gbdebug payload', () => {
  it('is GrowthBook\'s devtools JSON with the values under "features", keys sorted', () => {
    expect(gbdebugPayload({ 'new-checkout': true, 'hero-banner': 'b' })).toBe('{"features":{"hero-banner":"b","new-checkout":true}}');
    expect(gbdebugPayload(dict({ b: 1, a: 2 }))).toBe(gbdebugPayload(dict({ a: 2, b: 1 })));
    expect(JSON.parse(gbdebugPayload({ cfg: { n: [1, 2], s: 'x;y=z' } }))).toEqual({ features: { cfg: { n: [1, 2], s: 'x;y=z' } } });
  });

  it('keeps a hostile key as data, as GrowthBook reads it (Object.entries of JSON.parse)', () => {
    const values = dict(JSON.parse('{"__proto__":true,"constructor":"x"}'));
    const parsed = JSON.parse(gbdebugPayload(values)) as { features: object };
    expect(new Map(Object.entries(parsed.features))).toEqual(new Map<string, unknown>([['__proto__', true], ['constructor', 'x']]));
  });

  it('as a cookie, is one URL-encoded pair with no separator a Cookie header would split on', () => {
    const pair = gbdebugCookie('_gbdebug', { note: 'a; b=c, "d" é' });
    expect(pair).toMatch(/^_gbdebug=[A-Za-z0-9%_.!~*'()-]+$/);
    expect(JSON.parse(decodeURIComponent(pair.slice('_gbdebug='.length)))).toEqual({ features: { note: 'a; b=c, "d" é' } });
  });

  it('as a query parameter, reads back whole with node:querystring (Express 5\'s parser)', () => {
    const [param] = growthbookTransport.queryParams!(query, { note: 'a+b &c=d #e' });
    const address = new URL('https://shop.example.com/?page=2');
    address.searchParams.set(param!.key, param!.value);
    expect(parseQuery(address.search.slice(1))).toEqual({ page: '2', _gbdebug: '{"features":{"note":"a+b &c=d #e"}}' });
  });
});

describe('what the growthbook transport asks of the browser', () => {
  it('appends the cookie to the Cookie header in cookie mode, adds the parameter in query mode, and nothing when off or empty', () => {
    expect(growthbookTransport.requestHeaders(cookie, FORCED)).toEqual([{ header: 'Cookie', operation: 'append', value: gbdebugCookie('_gbdebug', FORCED) }]);
    expect(growthbookTransport.queryParams!(cookie, FORCED)).toEqual([]);
    expect(growthbookTransport.requestHeaders(query, FORCED)).toEqual([]);
    expect(growthbookTransport.queryParams!(query, FORCED)).toEqual([{ key: '_gbdebug', value: gbdebugPayload(FORCED) }]);
    for (const settings of [cookie, query]) {
      expect(growthbookTransport.requestHeaders({ ...settings, enabled: false }, FORCED)).toEqual([]);
      expect(growthbookTransport.queryParams!({ ...settings, enabled: false }, FORCED)).toEqual([]);
      expect(growthbookTransport.requestHeaders(settings, {})).toEqual([]);
      expect(growthbookTransport.queryParams!(settings, {})).toEqual([]);
    }
  });

  it('is off by default, named _gbdebug, sent as a cookie; the name must read back as typed', () => {
    expect(TransportsSchema.parse({}).growthbook).toEqual({ enabled: false, name: '_gbdebug', via: 'cookie' });
    expect(growthbookMeta.defaults).toEqual({ enabled: false, name: '_gbdebug', via: 'cookie' });
    expect(GrowthBookSettingsSchema.safeParse({ enabled: true, name: 'gb debug' }).success).toBe(false);
    expect(GrowthBookSettingsSchema.safeParse({ enabled: true, name: '_gbdebug', via: 'header' }).success).toBe(false);
  });

  it('tells the tester what the app needs, in the options page', () => {
    expect(growthbookMeta.hint).toMatch(/enableDevMode: true/);
    expect(growthbookMeta.hint).toMatch(/devtoolsExpressPlugin or devtoolsNextjsPlugin/);
    expect(growthbookMeta.hint).toMatch(/whole origin.*only this tab/);
  });
});

describe('refuse: what GrowthBook cannot take through _gbdebug', () => {
  const big = (bytes: number) => ({ blob: 'x'.repeat(bytes) });
  const cases: [string, typeof cookie | typeof query, Record<string, unknown>, RegExp | undefined][] = [
    ['ordinary values, cookie', cookie, FORCED, undefined],
    ['ordinary values, query', query, FORCED, undefined],
    ['a flag forced to null', cookie, { 'new-checkout': true, banner: null }, /cannot force a flag to null \(banner\)/],
    ['a flag forced to null, query', query, { banner: null }, /cannot force a flag to null/],
    ['null inside a JSON value is fine', cookie, { cfg: { a: null } }, undefined],
    ['a cookie just at the limit', cookie, big(MAX_COOKIE_BYTES - gbdebugCookie('_gbdebug', big(0)).length), undefined],
    ['a cookie one byte over', cookie, big(MAX_COOKIE_BYTES - gbdebugCookie('_gbdebug', big(0)).length + 1), /_gbdebug cookie would take 4097 bytes; a cookie holds at most 4096/],
    ['multi-byte text counts in bytes', cookie, { t: 'é'.repeat(700) }, /cookie would take \d+ bytes/],
    ['a query parameter over its limit', query, big(MAX_QUERY_BYTES), /query parameter would take \d+ bytes of the address/],
    ['switched off: nothing to refuse', { ...cookie, enabled: false }, { banner: null, ...big(9000) }, undefined],
  ];
  it.each(cases)('%s', (_name, settings, values, expected) => {
    const why = growthbookTransport.refuse!(settings, values as never);
    if (expected) expect(why).toMatch(expected);
    else expect(why).toBeUndefined();
  });

  it('reaches the engine through the registry (the message the popup shows)', () => {
    expect(refusalFor({ header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: true, name: 'flagtab' }, growthbook: cookie }, { banner: null })).toMatch(/null/);
    expect(refusalFor({ header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: true, name: 'flagtab' } }, { banner: null })).toBeUndefined();
  });
});

describe('carried: the request had the cookie or the parameter', () => {
  const base = { header: { enabled: false, name: 'X-Feature-Flags' }, cookie: { enabled: false, name: 'flagtab' } };
  it.each([
    ['cookie mode, the cookie among others', cookie, [{ name: 'Cookie', value: 'sid=1; _gbdebug=%7B%7D' }], undefined, true],
    ['cookie mode, no such cookie', cookie, [{ name: 'Cookie', value: 'sid=1; _gbdebugx=1' }], undefined, false],
    ['cookie mode, the parameter does not count', cookie, [], 'https://a.example/?_gbdebug=%7B%7D', false],
    ['query mode, the parameter', query, [], 'https://a.example/p?x=1&_gbdebug=%7B%7D', true],
    ['query mode, another parameter', query, [], 'https://a.example/p?gbdebug=1', false],
    ['query mode, the cookie does not count', query, [{ name: 'cookie', value: '_gbdebug=1' }], 'https://a.example/', false],
    ['switched off', { ...cookie, enabled: false }, [{ name: 'Cookie', value: '_gbdebug=1' }], undefined, false],
  ] as const)('%s', (_name, settings, headers, url, expected) => {
    expect(carriedBy({ ...base, growthbook: settings }, headers, url)).toBe(expected);
  });
});

describe('a refusal is an error when the tester sets the value, and nothing changes', () => {
  // Size: Flagtab's own wire limit (fitsOnTheWire, its base64url cookie over 4096) is met first
  // for any values whose _gbdebug cookie would pass 4096 with the default name, so the size
  // refusal is tested on the transport above, not through the engine.
  it('the engine refuses a null value with GrowthBook\'s reason and keeps the tab\'s overrides', async () => {
    fakeBrowser.reset();
    const dnr = createFakeDnr();
    const site: Site = {
      id: 'gb', name: 'GrowthBook app', hosts: ['app.example.com'],
      catalogue: { provider: 'flags-file', url: 'https://app.example.com/flags.json' },
      transports: { header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: true, name: 'flagtab' }, growthbook: cookie },
      expiryMinutes: 60, detection: DEFAULT_DETECTION,
    };
    const engine = createOverrideEngine({
      session: fakeBrowser.storage.session as unknown as EngineDeps['session'],
      dnr, alarms: fakeBrowser.alarms as unknown as EngineDeps['alarms'],
      async setBadge() {}, openTabIds: async () => [1], sites: async () => [site],
      resourceTypes: CHROME_RESOURCE_TYPES, now: () => 1_000_000,
    });
    const cookieOf = () => dnr.headersFor({ url: 'https://app.example.com/', tabId: 1, type: 'main_frame' }).cookie;

    await engine.setOverride(1, 'gb', 'a', true);
    expect(cookieOf()).toContain(gbdebugCookie('_gbdebug', { a: true }));
    await expect(engine.setOverride(1, 'gb', 'banner', null)).rejects.toThrow(/cannot be sent: GrowthBook cannot force a flag to null \(banner\)/);
    expect((await engine.getTab(1)).gb?.values).toEqual({ a: true });
    expect(cookieOf()).toContain(gbdebugCookie('_gbdebug', { a: true }));
  });
});

/**
 * What Flagtab's planned rules make the browser send (the fake DNR plays Chromium), sent to the
 * real GrowthBook app: the forced values come back in the overridden tab only.
 */
describe('the planned rules, fed to a real Express app running GrowthBook in dev mode', () => {
  let app: GrowthBookApp;
  beforeAll(async () => { app = await startGrowthBookApp(); });
  afterAll(async () => { await app.close(); });

  const site = (growthbook: typeof cookie | typeof query, values: TabSiteOverrides['values']): TabSiteOverrides => ({
    tabId: 7,
    hosts: ['growthbook.localhost'],
    // The site keeps Flagtab's own cookie on: two cookies appended by one rule.
    transports: { header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: true, name: 'flagtab' }, growthbook },
    values,
  });

  async function install(o: TabSiteOverrides) {
    const dnr = createFakeDnr();
    await dnr.updateSessionRules(planSessionRules([o], [], CHROME_RESOURCE_TYPES));
    return dnr;
  }

  /** GETs `url` from the app (on 127.0.0.1, with `url`'s host as Host) and returns what GrowthBook decided. */
  function load(url: string, headers: Record<string, string>) {
    const { host, pathname, search } = new URL(url);
    return new Promise<Record<string, { value: unknown; source: string }>>((resolve, reject) => {
      const before = app.requests.length;
      const req = request({ host: '127.0.0.1', port: app.port, path: `${pathname}${search}`, headers: { ...headers, host } }, (res) => {
        res.resume();
        res.on('end', () => resolve(app.requests.slice(before).find((r) => r.features)!.features!));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('cookie mode: tab 7\'s page load and its requests carry _gbdebug beside the site\'s cookies; GrowthBook forces the values; tab 8 gets the real ones', async () => {
    const dnr = await install(site(cookie, FORCED));
    const page = { url: `${app.url}/`, tabId: 7, type: 'main_frame', headers: { Cookie: 'sid=abc' } };
    expect(dnr.redirectFor(page)).toBeUndefined();
    const headers = dnr.headersFor(page);
    expect(headers.cookie).toMatch(/^sid=abc; flagtab=[^;]+; _gbdebug=%7B/);
    const forced = await load(page.url, headers);
    expect(forced['new-checkout']).toEqual({ value: true, source: 'override' });
    expect(forced['hero-banner']).toEqual({ value: 'b', source: 'override' });
    expect(forced['max-items']).toEqual({ value: 3, source: 'defaultValue' });
    expect(app.requests.at(-1)!.cookieValue).toBe(gbdebugPayload(FORCED));

    expect(dnr.headersFor({ url: `${app.url}/api`, tabId: 7, type: 'xmlhttprequest' }).cookie).toMatch(/_gbdebug=/);
    const other = { url: `${app.url}/`, tabId: 8, type: 'main_frame', headers: { Cookie: 'sid=abc' } };
    expect(dnr.headersFor(other)).toEqual({ cookie: 'sid=abc' });
    expect((await load(other.url, dnr.headersFor(other)))['new-checkout']).toEqual({ value: false, source: 'defaultValue' });
    expect(dnr.headersFor({ url: `http://other.localhost:${app.port}/`, tabId: 7, type: 'main_frame' })).toEqual({});
  });

  it('query mode: tab 7\'s page load is redirected once to carry _gbdebug; GrowthBook forces the values; tab 8 is not redirected', async () => {
    const dnr = await install(site(query, FORCED));
    const first = { url: `${app.url}/next?page=2`, tabId: 7, type: 'main_frame' };
    const redirected = dnr.redirectFor(first);
    expect(redirected).toBeDefined();
    expect(new URL(redirected!).searchParams.get('_gbdebug')).toBe(gbdebugPayload(FORCED));
    expect(new URL(redirected!).searchParams.get('page')).toBe('2');
    // The redirected load already carries the same parameter: no second redirect, no loop.
    expect(dnr.redirectFor({ ...first, url: redirected! })).toBeUndefined();
    const forced = await load(redirected!, dnr.headersFor({ ...first, url: redirected! }));
    expect(forced['new-checkout']).toEqual({ value: true, source: 'override' });
    expect(forced['hero-banner']).toEqual({ value: 'b', source: 'override' });
    expect(app.requests.at(-1)!.query).toBe(gbdebugPayload(FORCED));

    // Subresources are not redirected; other tabs and hosts are not either.
    expect(dnr.redirectFor({ url: `${app.url}/pixel.gif`, tabId: 7, type: 'image' })).toBeUndefined();
    expect(dnr.redirectFor({ ...first, tabId: 8 })).toBeUndefined();
    expect(dnr.redirectFor({ ...first, url: `http://other.localhost:${app.port}/` })).toBeUndefined();
    expect((await load(first.url, dnr.headersFor({ ...first, tabId: 8 })))['new-checkout']).toEqual({ value: false, source: 'defaultValue' });
  });

  it('query mode: a stale _gbdebug in the address is replaced by the tab\'s current values', async () => {
    const dnr = await install(site(query, { 'new-checkout': false }));
    const stale = `${app.url}/?_gbdebug=${encodeURIComponent(gbdebugPayload(FORCED))}`;
    const redirected = dnr.redirectFor({ url: stale, tabId: 7, type: 'main_frame' })!;
    expect(new URL(redirected).searchParams.getAll('_gbdebug')).toEqual(['{"features":{"new-checkout":false}}']);
    expect((await load(redirected, {}))['new-checkout']).toEqual({ value: false, source: 'override' });
  });
});
