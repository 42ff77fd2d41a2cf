import { describe, expect, it } from 'vitest';
import { createOverrideEngine, OverrideError } from '../../../lib/overrides/engine';
import { planSessionRules, type TabSiteOverrides } from '../../../lib/overrides/planner';
import { CHROME_RESOURCE_TYPES } from '../../../lib/overrides/rules';
import { SiteSchema } from '../../../lib/config/schema';
import { formToSite, emptySiteForm } from '../../../lib/config/site-form';
import { decodeOverrides } from '../../../lib/wire';
import type { TransportsSettings } from '../../../lib/transports/registry';
import type { JsonValue } from '../../../lib/json';
import { createFakeDnr } from '../../support/fake-dnr';

const headerOnly = { header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: false, name: 'flagtab' } };
const withQuery = (encoding: string, name = 'flags'): TransportsSettings => ({ ...headerOnly, query: { enabled: true, name, encoding } });

async function install(transports: TransportsSettings, values: Record<string, JsonValue>, tabId = 7, dnr = createFakeDnr()) {
  const desired: TabSiteOverrides[] = [{ tabId, hosts: ['shop.example.com'], transports, values }];
  await dnr.updateSessionRules(planSessionRules(desired, await dnr.getSessionRules(), CHROME_RESOURCE_TYPES));
  return dnr;
}

describe('the query parameter transport', () => {
  it('redirects the tab\'s page loads on the site to carry the values, in the wire format', async () => {
    const values = { 'new-checkout': true, banner: 'b,c;=d' };
    const dnr = await install(withQuery('wire'), values);
    const to = dnr.redirectFor({ url: 'https://shop.example.com/checkout?step=2#top', tabId: 7, type: 'main_frame' });
    const url = new URL(to!);
    expect(url.pathname).toBe('/checkout');
    expect(url.searchParams.get('step')).toBe('2');
    expect(url.hash).toBe('#top');
    expect(decodeOverrides(url.searchParams.get('flags')!)).toEqual({ ok: true, values });
  });

  it('does not redirect again once the address carries the values (no loop), nor anything else', async () => {
    const dnr = await install(withQuery('json'), { a: 1 });
    const first = dnr.redirectFor({ url: 'https://shop.example.com/', tabId: 7, type: 'main_frame' })!;
    expect(new URL(first).searchParams.get('flags')).toBe('{"a":1}');
    expect(dnr.redirectFor({ url: first, tabId: 7, type: 'main_frame' })).toBeUndefined();
    // Another tab, another host, a frame, a fetch: untouched.
    expect(dnr.redirectFor({ url: 'https://shop.example.com/', tabId: 8, type: 'main_frame' })).toBeUndefined();
    expect(dnr.redirectFor({ url: 'https://cdn.example.net/', tabId: 7, type: 'main_frame' })).toBeUndefined();
    expect(dnr.redirectFor({ url: 'https://shop.example.com/frame', tabId: 7, type: 'sub_frame' })).toBeUndefined();
    expect(dnr.redirectFor({ url: 'https://shop.example.com/api', tabId: 7, type: 'xmlhttprequest' })).toBeUndefined();
  });

  it.each([['Chrome', false], ['Firefox', true]])('sends the headers with a page load that already carries the values (%s\'s matching)', async (_browser, firefoxNoOpRedirect) => {
    const values = { 'new-checkout': true, banner: 'a b*c' };
    for (const encoding of ['wire', 'json', 'per-flag']) {
      const dnr = await install(withQuery(encoding, encoding === 'per-flag' ? 'cc-' : 'flags'), values, 7, createFakeDnr({ firefoxNoOpRedirect }));
      const redirected = dnr.redirectFor({ url: 'https://shop.example.com/p?x=1', tabId: 7, type: 'main_frame' })!;
      expect(redirected, encoding).toBeDefined();
      expect(dnr.redirectFor({ url: redirected, tabId: 7, type: 'main_frame' }), encoding).toBeUndefined();
      const headers = dnr.headersFor({ url: redirected, tabId: 7, type: 'main_frame' });
      expect(decodeOverrides(headers['x-feature-flags']!), encoding).toEqual({ ok: true, values });
    }
  });

  it('replaces stale values in a shared link with the tab\'s own', async () => {
    const dnr = await install(withQuery('json'), { a: 2 });
    const to = dnr.redirectFor({ url: 'https://shop.example.com/?flags=%7B%22a%22%3A1%7D', tabId: 7, type: 'main_frame' });
    expect(new URL(to!).searchParams.getAll('flags')).toEqual(['{"a":2}']);
  });

  it('writes one parameter per flag with a prefix, strings bare (ConfigCat\'s cc-<key>)', async () => {
    const dnr = await install(withQuery('per-flag', 'cc-'), { 'new-checkout': true, banner: 'b', limit: 3 });
    const url = new URL(dnr.redirectFor({ url: 'https://shop.example.com/', tabId: 7, type: 'main_frame' })!);
    expect([...url.searchParams]).toEqual([['cc-banner', 'b'], ['cc-limit', '3'], ['cc-new-checkout', 'true']]);
  });

  it('keeps the header rule for every request beside the redirect', async () => {
    const dnr = await install(withQuery('wire'), { a: true });
    expect(decodeOverrides(dnr.headersFor({ url: 'https://shop.example.com/api', tabId: 7, type: 'xmlhttprequest' })['x-feature-flags']!)).toEqual({ ok: true, values: { a: true } });
  });

  it('is off by default and refuses a parameter name that needs escaping', () => {
    const site = SiteSchema.parse({ id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', url: 'https://shop.example.com/flags.json' } });
    expect(site.transports.query).toEqual({ enabled: false, name: 'flags', encoding: 'wire' });
    const form = emptySiteForm('shop.example.com');
    const result = formToSite({ ...form, name: 'Shop', catalogueUrl: 'https://shop.example.com/flags.json', transports: { ...form.transports, query: { ...form.transports.query, enabled: true, name: 'my flags' } } }, { id: 'shop', otherSites: [] });
    expect(result.ok === false && result.errors['transports.query.name']).toMatch(/must be letters, digits/);
  });
});

describe('the test-traffic marker', () => {
  it('marks every request of the tab under test to the site, and nothing else', async () => {
    const transports: TransportsSettings = { ...headerOnly, marker: { enabled: true, name: 'X-Test-Traffic', value: 'qa; team=checkout' } };
    const dnr = await install(transports, { a: true });
    expect(dnr.headersFor({ url: 'https://shop.example.com/api', tabId: 7, type: 'xmlhttprequest', headers: { 'X-Test-Traffic': 'page-set' } })['x-test-traffic']).toBe('qa; team=checkout');
    expect(dnr.headersFor({ url: 'https://shop.example.com/api', tabId: 8, type: 'xmlhttprequest' })['x-test-traffic']).toBeUndefined();
    expect(dnr.headersFor({ url: 'https://analytics.example.net/t', tabId: 7, type: 'ping' })['x-test-traffic']).toBeUndefined();
  });

  it('refuses at Save a value with a newline, and a name equal to the overrides header', () => {
    const form = emptySiteForm('shop.example.com');
    const base = { ...form, name: 'Shop', catalogueUrl: 'https://shop.example.com/flags.json' };
    const bad = formToSite({ ...base, transports: { ...form.transports, marker: { enabled: true, name: 'X-Test-Traffic', value: 'qa\nX-Evil: 1' } } }, { id: 'shop', otherSites: [] });
    expect(bad.ok === false && bad.errors['transports.marker.value']).toMatch(/visible ASCII/);
    const clash = formToSite({ ...base, transports: { ...form.transports, marker: { enabled: true, name: 'x-feature-flags', value: 'qa' } } }, { id: 'shop', otherSites: [] });
    expect(clash.ok === false && clash.errors['transports.marker.name']).toMatch(/must differ from the header name/);
  });
});

describe('the engine with transports that prepare and refuse', () => {
  const memory = () => {
    const data: Record<string, unknown> = {};
    return { get: async (k: string) => (k in data ? { [k]: structuredClone(data[k]) } : {}), set: async (items: Record<string, unknown>) => void Object.assign(data, structuredClone(items)) };
  };
  const engineFor = (transports: TransportsSettings, dnr = createFakeDnr()) => {
    const site = SiteSchema.parse({ id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', url: 'https://shop.example.com/flags.json' }, transports });
    return createOverrideEngine({
      session: memory(), dnr, alarms: { create: () => undefined, clear: async () => true }, setBadge: async () => undefined,
      openTabIds: async () => [1], sites: async () => [site], resourceTypes: CHROME_RESOURCE_TYPES, now: () => 1_000,
    });
  };

  it('installs the redirect for the tab and removes it with the last override', async () => {
    const dnr = createFakeDnr();
    const engine = engineFor(withQuery('wire'), dnr);
    await engine.setOverride(1, 'shop', 'a', true);
    expect(dnr.redirectFor({ url: 'https://shop.example.com/', tabId: 1, type: 'main_frame' })).toMatch(/flags=a%3Dtrue/);
    await engine.clearOverride(1, 'shop', 'a');
    expect(dnr.redirectFor({ url: 'https://shop.example.com/', tabId: 1, type: 'main_frame' })).toBeUndefined();
    expect(await dnr.getSessionRules()).toEqual([]);
  });

  it('leaves the rules alone when a reconcile finds nothing changed', async () => {
    const dnr = createFakeDnr();
    const engine = engineFor(withQuery('json'), dnr);
    await engine.setOverride(1, 'shop', 'a', true);
    const before = await dnr.getSessionRules();
    await engine.reconcile();
    expect(await dnr.getSessionRules()).toEqual(before);
  });

  it('keeps refusing nothing it can carry: an OverrideError is only for what cannot travel', async () => {
    const engine = engineFor(withQuery('wire'));
    await expect(engine.setOverride(1, 'shop', 'a', 'x'.repeat(10_000))).rejects.toBeInstanceOf(OverrideError);
    await expect(engine.setOverride(1, 'shop', 'a', 'fine')).resolves.toBeDefined();
  });
});
