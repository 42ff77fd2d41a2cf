import { webcrypto } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { createOverrideEngine, type EngineDeps } from '../../lib/overrides/engine';
import { planSessionRules, type TabSiteOverrides } from '../../lib/overrides/planner';
import { CHROME_RESOURCE_TYPES } from '../../lib/overrides/rules';
import { RESIGN_ALARM, SIGNING_WINDOW_MS, tokenTimes, type Signer } from '../../lib/overrides/signing';
import { createSigningKeyStore, type KeyDb, type SigningKeyRecord } from '../../lib/secrets/signing-keys';
import { carriedBy } from '../../lib/transports/registry';
import { DEFAULT_DETECTION, type Site } from '../../lib/config/schema';
import { formatAuthorizedKey, importKeys, MAX_TOKEN_LENGTH, parseAuthorizedKeys, verifyOverrides } from '../../lib/wire/v2';
import { createFakeDnr, type FakeDnr } from '../support/fake-dnr';

const subtle = webcrypto.subtle as unknown as SubtleCrypto;
const V2 = 'X-Feature-Flags-V2';
const transports = {
  header: { enabled: true, name: 'X-Feature-Flags' },
  cookie: { enabled: true, name: 'flagtab' },
  signed: { enabled: true, name: V2 },
};

function memoryDb(): KeyDb {
  const records = new Map<string, SigningKeyRecord>();
  return { get: async (id) => records.get(id), put: async (r) => void records.set(r.siteId, r), delete: async (id) => void records.delete(id) };
}

/** A key store with one Ed25519 key for `shop`, the signer the background would build, and the server's key set. */
async function keyFor(who = 'alice@shop.example') {
  const store = createSigningKeyStore({ db: memoryDb(), subtle, now: () => 1 });
  const view = await store.generate('shop', who);
  const record = (await store.signingKey('shop'))!;
  const signer: Signer = { alg: 'EdDSA', key: record.key, kid: record.kid, sub: record.who! };
  const { kty, crv, x } = view.publicJwk!;
  const keys = await importKeys(parseAuthorizedKeys(formatAuthorizedKey({ kid: view.kid, jwk: { kty, crv, x } })));
  return { store, signer, keys, kid: view.kid };
}

const site = (over: Partial<Site> = {}): Site => ({
  id: 'shop', name: 'Shop', hosts: ['shop.example.com', '*.api.example.net'],
  catalogue: { provider: 'flags-file', url: 'https://shop.example.com/flags.json' },
  transports, expiryMinutes: 120, detection: DEFAULT_DETECTION, ...over,
});

describe('planner with signed tokens', () => {
  const group = (tokens: Map<string, string>): TabSiteOverrides => ({
    tabId: 4, hosts: ['shop.example.com', '*.api.example.net', 'v2.api.example.net'], transports, values: { a: true }, signed: { tokens },
  });

  it('emits one rule per host pattern, each with its own token, beside the v1 header and cookie', async () => {
    const dnr = createFakeDnr();
    const tokens = new Map([['shop.example.com', 'token-shop'], ['*.api.example.net', 'token-api']]);
    await dnr.updateSessionRules(planSessionRules([group(tokens)], [], CHROME_RESOURCE_TYPES));
    // v2.api.example.net is under *.api.example.net: one rule (and token) covers it, no overlap.
    expect((await dnr.getSessionRules()).length).toBe(2);
    const shop = dnr.headersFor({ url: 'https://shop.example.com/', tabId: 4, type: 'main_frame' });
    expect(shop['x-feature-flags-v2']).toBe('token-shop');
    expect(shop['x-feature-flags']).toBeDefined();
    expect(shop.cookie).toMatch(/^flagtab=/);
    const api = dnr.headersFor({ url: 'https://v2.api.example.net/cart', tabId: 4, type: 'xmlhttprequest' });
    expect(api['x-feature-flags-v2']).toBe('token-api');
    expect(dnr.headersFor({ url: 'https://shop.example.com/', tabId: 5, type: 'main_frame' })).toEqual({});
    expect(dnr.headersFor({ url: 'https://static.shop.example.com/', tabId: 4, type: 'main_frame' })).toEqual({});
  });

  it('changes only the rules whose token changed', async () => {
    const before = new Map([['shop.example.com', 'one'], ['*.api.example.net', 'api']]);
    const installed = planSessionRules([group(before)], [], CHROME_RESOURCE_TYPES).addRules;
    const diff = planSessionRules([group(new Map([['shop.example.com', 'two'], ['*.api.example.net', 'api']]))], installed, CHROME_RESOURCE_TYPES);
    expect(diff.removeRuleIds).toHaveLength(1);
    expect(diff.addRules).toHaveLength(1);
  });

  it('carriedBy sees the signed header by its name', () => {
    expect(carriedBy(transports, [{ name: 'x-feature-flags-v2', value: 'eyJ' }])).toBe(true);
    expect(carriedBy({ ...transports, header: { ...transports.header, enabled: false }, cookie: { ...transports.cookie, enabled: false }, signed: { enabled: false, name: V2 } }, [{ name: 'x-feature-flags-v2' }])).toBe(false);
  });
});

describe('token times', () => {
  it('starts at the window, or at the last change when later, and ends by the overrides\' expiry or an hour later', () => {
    const w = 1000 * SIGNING_WINDOW_MS;
    expect(tokenTimes(w + 60_000, { setAt: [w - 5_000], expiresAt: w + 10 * 3_600_000 })).toEqual({ iat: w / 1000, exp: w / 1000 + 3600 });
    expect(tokenTimes(w + 60_000, { setAt: [w + 30_500], expiresAt: w + 20 * 60_000 })).toEqual({ iat: w / 1000 + 30, exp: w / 1000 + 1200 });
  });
});

interface World { dnr: FakeDnr; sites: Site[]; clock: { now: number }; signer?: Signer; engine: ReturnType<typeof createOverrideEngine> }

function world(signer?: Signer, sites = [site()]): World {
  const w = { dnr: createFakeDnr(), sites, clock: { now: 5000 * SIGNING_WINDOW_MS + 7 * 60_000 }, signer } as World;
  const deps: EngineDeps = {
    session: fakeBrowser.storage.session as unknown as EngineDeps['session'],
    dnr: w.dnr,
    alarms: fakeBrowser.alarms as unknown as EngineDeps['alarms'],
    setBadge: async () => undefined,
    openTabIds: async () => [1, 2],
    sites: async () => w.sites,
    resourceTypes: CHROME_RESOURCE_TYPES,
    now: () => w.clock.now,
    signer: async (siteId) => (siteId === 'shop' ? w.signer : undefined),
  };
  w.engine = createOverrideEngine(deps);
  return w;
}

const tokenOf = (w: World, tabId: number, url = 'https://shop.example.com/') => w.dnr.headersFor({ url, tabId, type: 'main_frame' })['x-feature-flags-v2'];

describe('override engine: signed overrides', () => {
  beforeEach(() => fakeBrowser.reset());

  it('sends tab A\'s overrides signed for each host, and nothing to tab B', async () => {
    const { signer, keys, kid } = await keyFor();
    const w = world(signer);
    await w.engine.setOverride(1, 'shop', 'new-checkout', true);
    const token = tokenOf(w, 1)!;
    const now = Math.floor(w.clock.now / 1000);
    expect(await verifyOverrides(token, { keys, audience: 'shop.example.com', now })).toMatchObject({ ok: true, kid, sub: 'alice@shop.example', values: { 'new-checkout': true } });
    const api = tokenOf(w, 1, 'https://eu.api.example.net/x')!;
    expect(await verifyOverrides(api, { keys, audience: '*.api.example.net', now })).toMatchObject({ ok: true });
    expect(await verifyOverrides(api, { keys, audience: 'shop.example.com', now })).toMatchObject({ ok: false, reason: 'wrong-audience' });
    expect(w.dnr.headersFor({ url: 'https://shop.example.com/', tabId: 2, type: 'main_frame' })).toEqual({});
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(3600);
    expect(claims.exp * 1000).toBeLessThanOrEqual((await w.engine.getTab(1)).shop!.expiresAt);
  });

  it('reconciling twice in a window changes no rule; at the boundary the alarm re-signs', async () => {
    const { signer, keys } = await keyFor();
    const w = world(signer);
    await w.engine.setOverride(1, 'shop', 'a', 'x');
    w.clock.now += SIGNING_WINDOW_MS; // the override was set in the previous window
    await w.engine.reconcile();
    const first = tokenOf(w, 1);
    const calls = w.dnr.calls.length;
    w.clock.now += 60_000;
    await w.engine.reconcile();
    expect(w.dnr.calls.length).toBe(calls);
    expect(tokenOf(w, 1)).toBe(first);

    const alarm = await fakeBrowser.alarms.get(RESIGN_ALARM);
    expect(alarm?.scheduledTime).toBe(Math.floor(w.clock.now / SIGNING_WINDOW_MS + 1) * SIGNING_WINDOW_MS);
    w.clock.now = alarm!.scheduledTime;
    await w.engine.reconcile();
    const second = tokenOf(w, 1)!;
    expect(second).not.toBe(first);
    expect(await verifyOverrides(second, { keys, audience: 'shop.example.com', now: Math.floor(w.clock.now / 1000) + 3000 })).toMatchObject({ ok: true });
  });

  it('refuses an override whose token would not fit a header, and keeps what the tab sent', async () => {
    const { signer } = await keyFor();
    const w = world(signer);
    await w.engine.setOverride(1, 'shop', 'a', true);
    const before = tokenOf(w, 1);
    // Fits v1 (3 KB as base64url), but not once signed and encoded again.
    await expect(w.engine.setOverride(1, 'shop', 'big', 'x'.repeat(2_900))).rejects.toThrow(/cannot be sent: signed, these overrides take \d+ characters .*at most 4096/);
    expect(tokenOf(w, 1)).toBe(before);
    expect((await w.engine.getTab(1)).shop?.values).toEqual({ a: true });
    expect(MAX_TOKEN_LENGTH).toBe(4096);
  });

  it('without a key, sends no signed header (v1 still goes) and sets no re-sign alarm', async () => {
    const w = world(undefined);
    await w.engine.setOverride(1, 'shop', 'a', true);
    const headers = w.dnr.headersFor({ url: 'https://shop.example.com/', tabId: 1, type: 'main_frame' });
    expect(headers['x-feature-flags-v2']).toBeUndefined();
    expect(headers['x-feature-flags']).toBeDefined();
    expect(await fakeBrowser.alarms.get(RESIGN_ALARM)).toBeUndefined();
  });

  it('with signing off, sends exactly what v1 sent, even with a key', async () => {
    const { signer } = await keyFor();
    const off = world(signer, [site({ transports: { ...transports, signed: { enabled: false, name: V2 } } })]);
    await off.engine.setOverride(1, 'shop', 'a', true);
    fakeBrowser.reset();
    const v1 = world(undefined, [site({ transports: { header: transports.header, cookie: transports.cookie } })]);
    await v1.engine.setOverride(1, 'shop', 'a', true);
    expect(await off.dnr.getSessionRules()).toEqual(await v1.dnr.getSessionRules());
  });
});
