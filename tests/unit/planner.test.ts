import { describe, expect, it } from 'vitest';
import { RuleLimitError, planSessionRules, type TabSiteOverrides } from '../../lib/overrides/planner';
import { hostsRefusal } from '../../lib/overrides/hosts';
import { CHROME_RESOURCE_TYPES, MAX_REGEX_SESSION_RULES, OVERRIDE_RULE_ID_MIN, type DnrRule } from '../../lib/overrides/rules';
import { decodeCookieValue, decodeOverrides } from '../../lib/wire';
import { createFakeDnr } from '../support/fake-dnr';

const transports = { header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: true, name: 'flagtab' } };
const shop = (tabId: number, values: TabSiteOverrides['values']): TabSiteOverrides =>
  ({ tabId, hosts: ['shop.example.com'], transports, values });
const types = CHROME_RESOURCE_TYPES;

/** Applies a plan to a fake DNR, as the engine does, and returns the fake. */
async function install(desired: TabSiteOverrides[], dnr = createFakeDnr()) {
  const diff = planSessionRules(desired, await dnr.getSessionRules(), types);
  await dnr.updateSessionRules(diff);
  return { dnr, diff };
}

function sent(headers: Record<string, string>) {
  const header = headers['x-feature-flags'];
  const cookie = headers.cookie?.split('; ').find((c) => c.startsWith('flagtab='))?.slice('flagtab='.length);
  return {
    header: header === undefined ? undefined : decodeOverrides(header),
    cookie: cookie === undefined ? undefined : decodeCookieValue(cookie),
  };
}

describe('planSessionRules: what each request ends up carrying', () => {
  it('sends the values to the site in the overridden tab, on every kind of request', async () => {
    const { dnr } = await install([shop(7, { 'new-checkout': true, 'hero-banner': 'b' })]);
    for (const [url, type] of [
      ['https://shop.example.com/', 'main_frame'],
      ['https://shop.example.com/api/cart', 'xmlhttprequest'],
      ['https://shop.example.com/frame', 'sub_frame'],
      ['https://shop.example.com:8443/app.js', 'script'],
      ['wss://shop.example.com/live', 'websocket'],
    ] as const) {
      const got = sent(dnr.headersFor({ url, tabId: 7, type }));
      expect(got.header, `${type} ${url}`).toEqual({ ok: true, values: { 'new-checkout': true, 'hero-banner': 'b' } });
      expect(got.cookie, `${type} ${url}`).toEqual({ ok: true, values: { 'new-checkout': true, 'hero-banner': 'b' } });
    }
  });

  it.each([
    ['another tab on the same site', 'https://shop.example.com/', 8],
    ['a third-party host', 'https://cdn.analytics.com/t.js', 7],
    ['a subdomain of an exact host (a CDN)', 'https://static.shop.example.com/a.css', 7],
    ['a look-alike host', 'https://shop.example.com.evil.net/', 7],
    ['the parent domain', 'https://example.com/', 7],
  ])('sends nothing to %s', async (_what, url, tabId) => {
    const { dnr } = await install([shop(7, { 'new-checkout': true })]);
    expect(dnr.headersFor({ url, tabId, type: 'main_frame' })).toEqual({});
  });

  it('keeps the site\'s own cookies and adds ours after them', async () => {
    const { dnr } = await install([shop(7, { a: 1 })]);
    const headers = dnr.headersFor({ url: 'https://shop.example.com/', tabId: 7, type: 'main_frame', headers: { Cookie: 'session=abc' } });
    expect(headers.cookie).toMatch(/^session=abc; flagtab=[A-Za-z0-9_-]+$/);
  });

  it('a wildcard site covers its apex and subdomains without a regex', async () => {
    const site = { tabId: 3, hosts: ['*.example.org'], transports, values: { a: true } };
    const { dnr, diff } = await install([site]);
    expect(diff.addRules[0]!.condition.regexFilter).toBeUndefined();
    expect(sent(dnr.headersFor({ url: 'https://example.org/', tabId: 3, type: 'main_frame' })).header?.ok).toBe(true);
    expect(sent(dnr.headersFor({ url: 'https://a.b.example.org/', tabId: 3, type: 'image' })).header?.ok).toBe(true);
    expect(dnr.headersFor({ url: 'https://notexample.org/', tabId: 3, type: 'image' })).toEqual({});
  });

  it('mixes exact and wildcard hosts in one site', async () => {
    const site = { tabId: 3, hosts: ['shop.example.com', '*.shop-cdn.net'], transports, values: { a: true } };
    const { dnr } = await install([site]);
    expect(sent(dnr.headersFor({ url: 'https://img.shop-cdn.net/x.png', tabId: 3, type: 'image' })).header?.ok).toBe(true);
    expect(sent(dnr.headersFor({ url: 'http://shop.example.com/', tabId: 3, type: 'main_frame' })).header?.ok).toBe(true);
    expect(dnr.headersFor({ url: 'https://www.shop.example.com/', tabId: 3, type: 'main_frame' })).toEqual({});
  });

  it.each([
    ['header only', { header: { enabled: true, name: 'X-Flags' }, cookie: { enabled: false, name: 'flagtab' } }, ['x-flags']],
    ['cookie only', { header: { enabled: false, name: 'X-Flags' }, cookie: { enabled: true, name: 'ft' } }, ['cookie']],
    ['neither', { header: { enabled: false, name: 'X-Flags' }, cookie: { enabled: false, name: 'ft' } }, []],
  ])('honours the site\'s transports: %s', async (_name, siteTransports, expected) => {
    const { dnr } = await install([{ tabId: 1, hosts: ['shop.example.com'], transports: siteTransports, values: { a: 'x' } }]);
    expect(Object.keys(dnr.headersFor({ url: 'https://shop.example.com/', tabId: 1, type: 'main_frame' }))).toEqual(expected);
  });

  it('encodes hostile keys and values so they cannot break the header or add another', async () => {
    const values = { 'a,b;c=d\r\nX-Evil: 1': 'v"1\n', 'ключ': { nested: ['é', null] } };
    const { dnr, diff } = await install([shop(5, values)]);
    const action = diff.addRules[0]!.action;
    for (const h of action.type === 'modifyHeaders' ? action.requestHeaders! : []) expect(h.value).toMatch(/^[\x21-\x7e]+$/);
    const headers = dnr.headersFor({ url: 'https://shop.example.com/', tabId: 5, type: 'main_frame' });
    expect(Object.keys(headers).sort()).toEqual(['cookie', 'x-feature-flags']);
    expect(sent(headers).header).toEqual({ ok: true, values });
  });
});

describe('planSessionRules: reconciling, not rebuilding', () => {
  it('changes nothing when the installed rules are already right', async () => {
    const desired = [shop(7, { a: true }), shop(9, { b: 'x' })];
    const { dnr } = await install(desired);
    expect(planSessionRules(desired, await dnr.getSessionRules(), types)).toEqual({ removeRuleIds: [], addRules: [] });
  });

  it('replaces only the rule of the tab that changed', async () => {
    const { dnr } = await install([shop(7, { a: true }), shop(9, { b: 'x' })]);
    const before = await dnr.getSessionRules();
    const tab9Rule = before.find((r) => r.condition.tabIds![0] === 9)!;
    const diff = planSessionRules([shop(7, { a: false }), shop(9, { b: 'x' })], before, types);
    const tab7Rule = before.find((r) => r.condition.tabIds![0] === 7)!;
    expect(diff.removeRuleIds).toEqual([tab7Rule.id]);
    expect(diff.addRules).toHaveLength(1);
    expect(diff.addRules[0]!.condition.tabIds).toEqual([7]);
    expect(diff.removeRuleIds).not.toContain(tab9Rule.id);
  });

  it('removes every rule when nothing is wanted', async () => {
    const { dnr } = await install([shop(7, { a: true }), shop(8, { a: true })]);
    const diff = planSessionRules([], await dnr.getSessionRules(), types);
    expect(diff.addRules).toEqual([]);
    expect(diff.removeRuleIds).toHaveLength(2);
  });

  it('leaves rules outside Flagtab\'s id range alone and never reuses their ids', () => {
    const foreign: DnrRule = { id: OVERRIDE_RULE_ID_MIN, action: { type: 'modifyHeaders' }, condition: {} };
    const low: DnrRule = { id: 5, action: { type: 'modifyHeaders' }, condition: {} };
    const diff = planSessionRules([shop(1, { a: 1 })], [low, { ...foreign }], types);
    // id MIN is in our range but not wanted: it is ours to remove, and may be reused.
    expect(diff.removeRuleIds).toEqual([OVERRIDE_RULE_ID_MIN]);
    expect(diff.removeRuleIds).not.toContain(5);
    expect(diff.addRules.map((r) => r.id)).toEqual([OVERRIDE_RULE_ID_MIN]);
  });

  it('drops duplicate installed rules down to one', async () => {
    const dnr = createFakeDnr();
    const { diff } = await install([shop(7, { a: true })], dnr);
    await dnr.updateSessionRules({ removeRuleIds: [], addRules: [{ ...diff.addRules[0]!, id: 5000 }] });
    const next = planSessionRules([shop(7, { a: true })], await dnr.getSessionRules(), types);
    expect(next.addRules).toEqual([]);
    expect(next.removeRuleIds).toHaveLength(1);
  });

  it('handles many tabs across many sites with unique ids, each rule scoped to one tab and one site', async () => {
    const sites = [
      { hosts: ['shop.example.com'] }, { hosts: ['*.example.org'] }, { hosts: ['app.test', 'api.app.test'] },
    ];
    const desired: TabSiteOverrides[] = [];
    for (let tab = 0; tab < 60; tab++) {
      for (const [i, site] of sites.entries()) {
        desired.push({ tabId: 2_000_000_000 + tab, hosts: site.hosts, transports, values: { [`flag-${i}`]: tab } });
      }
    }
    const { dnr, diff } = await install(desired);
    // app.test and api.app.test differ in depth, so that site needs two conditions: 4 rules a tab.
    expect(diff.addRules).toHaveLength(240);
    expect(new Set(diff.addRules.map((r) => r.id)).size).toBe(240);
    for (const rule of diff.addRules) {
      expect(rule.condition.tabIds).toHaveLength(1);
      expect(rule.id).toBeLessThan(2_000_000_000);
    }
    const got = sent(dnr.headersFor({ url: 'https://api.app.test/v1', tabId: 2_000_000_042, type: 'xmlhttprequest' }));
    expect(got.header).toEqual({ ok: true, values: { 'flag-2': 42 } });
    // Closing half the tabs removes exactly their rules.
    const remaining = desired.filter((d) => d.tabId % 2 === 0);
    const close = planSessionRules(remaining, await dnr.getSessionRules(), types);
    expect(close.addRules).toEqual([]);
    expect(close.removeRuleIds).toHaveLength(120);
  });

  it('skips tabs with no values', () => {
    expect(planSessionRules([shop(7, {})], [], types)).toEqual({ removeRuleIds: [], addRules: [] });
  });
});

describe('planSessionRules: sites with many exact hosts (one RE2 regex cannot list them)', () => {
  // ~31 characters each, like the hosts that broke Chrome's 2 KB RE2 limit at five.
  const hosts = Array.from({ length: 100 }, (_, i) => `host-${String(i).padStart(3, '0')}.shop-example.localhost`);
  const many = (tabId: number, values: TabSiteOverrides['values'], list: readonly string[] = hosts): TabSiteOverrides =>
    ({ tabId, hosts: list, transports, values });
  const bytes = (text: string) => new TextEncoder().encode(text).length;

  it('sends the overrides to every one of 100 exact hosts, each regex well under 2 KB', async () => {
    const { dnr, diff } = await install([many(4, { a: true })]);
    for (const rule of diff.addRules) {
      expect(rule.condition.regexFilter, 'every exact-host rule is pinned by a regex').toBeDefined();
      expect(bytes(rule.condition.regexFilter!)).toBeLessThan(2048);
    }
    for (const host of hosts) {
      for (const url of [`http://${host}/`, `https://${host}:8443/api?x=1`, `ws://${host}/live`]) {
        expect(sent(dnr.headersFor({ url, tabId: 4, type: 'xmlhttprequest' })).header, url).toEqual({ ok: true, values: { a: true } });
      }
    }
  });

  it.each([
    ['a subdomain of a listed host', 'https://cdn.host-007.shop-example.localhost/a.js'],
    ['a deeper subdomain of a listed host', 'https://a.b.host-007.shop-example.localhost/'],
    ['an unlisted sibling', 'https://host-999.shop-example.localhost/'],
    ['the parent domain', 'https://shop-example.localhost/'],
    ['a look-alike', 'https://host-007.shop-example.localhost.evil.net/'],
    ['a listed host as user info', 'https://host-007.shop-example.localhost@evil.net/'],
  ])('sends nothing to %s', async (_what, url) => {
    const { dnr } = await install([many(4, { a: true })]);
    expect(dnr.headersFor({ url, tabId: 4, type: 'main_frame' })).toEqual({});
  });

  it('hosts of different depths, very deep ones and wildcards: each host gets the cookie exactly once', async () => {
    const deep = 'a.b.c.d.e.f.g.h.i.example.net'; // 10 labels: more than a counting regex can hold
    const list = ['shop.example.com', 'example.com', 'api.eu.shop.example.com', deep, '*.cdn.net', 'img.cdn.net'];
    const { dnr } = await install([many(2, { a: 1 }, list)]);
    for (const url of ['https://shop.example.com/', 'https://example.com/', 'https://api.eu.shop.example.com/', `https://${deep}/`, 'https://cdn.net/', 'https://img.cdn.net/', 'https://x.y.cdn.net/']) {
      const headers = dnr.headersFor({ url, tabId: 2, type: 'main_frame', headers: { Cookie: 'session=1' } });
      expect(headers.cookie, url).toMatch(/^session=1; flagtab=[A-Za-z0-9_-]+$/);
    }
    for (const url of ['https://www.example.com/', 'https://eu.shop.example.com/', `https://x.${deep}/`, 'https://b.c.d.e.f.g.h.i.example.net/']) {
      expect(dnr.headersFor({ url, tabId: 2, type: 'main_frame' }), url).toEqual({});
    }
  });

  it('reconciles a many-host site rule by rule: an unchanged tab keeps its rules, a changed one is replaced', async () => {
    const list = [...hosts.slice(0, 10), 'deep.er.host-001.shop-example.localhost', 'example.com'];
    const { dnr } = await install([many(1, { a: 1 }, list), many(2, { a: 1 }, list)]);
    const before = await dnr.getSessionRules();
    expect(planSessionRules([many(1, { a: 1 }, list), many(2, { a: 1 }, list)], before, types)).toEqual({ removeRuleIds: [], addRules: [] });
    const diff = planSessionRules([many(1, { a: 2 }, list), many(2, { a: 1 }, list)], before, types);
    const tab1 = before.filter((r) => r.condition.tabIds![0] === 1).map((r) => r.id).sort((a, b) => a - b);
    expect(diff.removeRuleIds).toEqual(tab1);
    expect(diff.addRules.every((r) => r.condition.tabIds![0] === 1)).toBe(true);
    await dnr.updateSessionRules(diff);
    expect(sent(dnr.headersFor({ url: 'https://host-003.shop-example.localhost/', tabId: 1, type: 'main_frame' })).header).toEqual({ ok: true, values: { a: 2 } });
    expect(sent(dnr.headersFor({ url: 'https://example.com/', tabId: 2, type: 'main_frame' })).header).toEqual({ ok: true, values: { a: 1 } });
  });

  it('refuses, in words, a plan with more regex rules than Chrome allows', () => {
    const desired = Array.from({ length: MAX_REGEX_SESSION_RULES + 1 }, (_, i) => shop(10 + i, { a: true }));
    expect(() => planSessionRules(desired, [], types)).toThrow(RuleLimitError);
    expect(() => planSessionRules(desired, [], types)).toThrow(/Chrome allows 1000: clear the overrides in tabs you no longer test/);
    expect(() => planSessionRules(desired.slice(1), [], types)).not.toThrow();
  });
});

describe('hostsRefusal: asking the browser before a site is saved', () => {
  // A stand-in for isRegexSupported that refuses long patterns, as RE2's memory cap does.
  const upTo = (chars: number) => async ({ regex }: { regex: string }) =>
    (regex.length <= chars ? { isSupported: true } : { isSupported: false, reason: 'memoryLimitExceeded' });
  const deep = `${'a'.repeat(40)}.b.c.d.e.f.g.h.i.example.com`; // 10 labels: spelled out alone

  it('names the hosts whose rule the browser refuses, and says what to do', async () => {
    const message = await hostsRefusal(['shop.example.com', deep, '*.cdn.example.net'], upTo(120));
    expect(message).toBe(`The browser cannot match "${deep}" exactly (memoryLimitExceeded), so overrides could never be set there: `
      + 'list such a host as a wildcard for its parent ("*.example.com" covers example.com and every subdomain) or use a shorter host name, and try again');
  });

  it('accepts 100 hosts of any depth up to 8 labels, and a browser that cannot be asked', async () => {
    const many = Array.from({ length: 100 }, (_, i) => `${'x.'.repeat(i % 7)}host-${i}.example.com`);
    expect(await hostsRefusal(many, upTo(120))).toBeUndefined();
    expect(await hostsRefusal([deep], undefined)).toBeUndefined();
  });
});
