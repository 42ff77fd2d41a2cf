import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  formatAuthorizedKey,
  importKeys,
  KeyConfigError,
  parseAuthorizedKeys,
  signOverrides,
  statusHeaderValue,
  V2_COOKIE_NAME,
  V2_HEADER_NAME,
  verifyOverrides,
  verifyRequest,
  type VerifyResult,
} from '../../lib/wire/v2';
import { AUDIENCE, buildVectors, NOW, SIGNING_KEYS, TRUSTED, type VectorFile } from '../../scripts/wire-v2-vectors';

const vectorsPath = fileURLToPath(new URL('../../docs/wire-v2-vectors.json', import.meta.url));
const committed = JSON.parse(readFileSync(vectorsPath, 'utf8')) as VectorFile;

const aliceKey = () => crypto.subtle.importKey('jwk', SIGNING_KEYS.alice, { name: 'Ed25519' }, false, ['sign']);
const sign = async (values: Record<string, never> | Record<string, unknown>, extra: Partial<Parameters<typeof signOverrides>[1]> = {}) =>
  signOverrides(values as never, { alg: 'EdDSA', key: await aliceKey(), kid: 'alice', sub: 'alice@shop.example', aud: AUDIENCE, iat: NOW - 60, exp: NOW + 3540, ...extra });

/** What a result says, in the vectors' terms. */
const outcome = (r: VerifyResult) => (r.ok ? { ok: true, values: { ...r.values }, kid: r.kid, sub: r.sub } : { ok: false, reason: r.reason });

describe('wire v2 conformance vectors (docs/wire-v2-vectors.json)', () => {
  it('are what scripts/wire-v2-vectors.ts generates', async () => {
    const fresh = JSON.parse(JSON.stringify(await buildVectors())) as VectorFile;
    expect(committed, 'docs/wire-v2-vectors.json is stale: run `npx tsx scripts/write-wire-v2-vectors.ts` and commit it').toEqual(fresh);
  });

  it('cover every reason a token is refused, and valid tokens of both algorithms', () => {
    const reasons = new Set(committed.vectors.map((v) => (v.expected.ok ? 'valid' : v.expected.reason)));
    expect([...reasons].sort()).toEqual(['bad-signature', 'expired', 'flag-not-allowed', 'malformed', 'not-yet-valid', 'too-long', 'unknown-key', 'valid', 'wrong-algorithm', 'wrong-audience']);
  });

  it('each pass in our verifier', async () => {
    const keys = await importKeys(committed.keys);
    for (const vector of committed.vectors) {
      const result = await verifyOverrides(vector.token, { keys, audience: committed.audience, now: vector.now, clockSkewSec: committed.clockSkewSec });
      expect(outcome(result), vector.name).toEqual(vector.expected);
      if (!result.ok) expect(result.message.length, vector.name).toBeGreaterThan(10);
    }
  });
});

describe('signOverrides / verifyOverrides', () => {
  it('round-trips into a null-prototype record and is deterministic', async () => {
    const keys = await importKeys(TRUSTED);
    const token = await sign({ constructor: 1, b: [1, { c: null }] });
    expect(await sign({ b: [1, { c: null }], constructor: 1 })).toBe(token);
    const result = await verifyOverrides(token, { keys, audience: AUDIENCE, now: NOW });
    expect(result.ok && Object.getPrototypeOf(result.values)).toBe(null);
    expect(result.ok && result.values.constructor).toBe(1);
  });

  it('accepts a list of audiences and uses the clock when no time is given', async () => {
    const keys = await importKeys(TRUSTED);
    const now = Math.floor(Date.now() / 1000);
    const token = await sign({ a: 1 }, { iat: now, exp: now + 60 });
    expect((await verifyOverrides(token, { keys, audience: ['www.example.com', AUDIENCE] })).ok).toBe(true);
  });

  it('refuses to sign what no verifier accepts', async () => {
    await expect(sign({ '': 1 })).rejects.toThrow(/empty/);
    await expect(sign({ a: 1 }, { exp: NOW - 60 })).rejects.toThrow(TypeError);
    await expect(sign({ a: 1 }, { kid: 'has space' })).rejects.toThrow(/kid/);
  });
});

describe('verifyRequest', () => {
  it('reads the header first, then the cookie; v1 alone is "unsigned"; nothing is "none"', async () => {
    const options = { keys: await importKeys(TRUSTED), audience: AUDIENCE, now: NOW };
    const token = await sign({ 'new-checkout': true });
    const byHeader = await verifyRequest({ [V2_HEADER_NAME.toLowerCase()]: token, cookie: `${V2_COOKIE_NAME}=garbage` }, options);
    expect(byHeader).toMatchObject({ status: 'accepted', kid: 'alice', source: 'header' });
    expect(statusHeaderValue(byHeader)).toBe('accepted; kid="alice"; n=1');
    const byCookie = await verifyRequest(new Headers({ cookie: `a=1; ${V2_COOKIE_NAME}=${token}` }), options);
    expect(byCookie).toMatchObject({ status: 'accepted', source: 'cookie' });
    const unsigned = await verifyRequest({ 'x-feature-flags': 'new-checkout=true' }, options);
    expect(statusHeaderValue(unsigned)).toBe('rejected; reason=unsigned');
    expect(await verifyRequest({}, options)).toMatchObject({ status: 'none' });
    expect(statusHeaderValue(await verifyRequest({}, options))).toBeUndefined();
    const twice = await verifyRequest({ [V2_HEADER_NAME.toLowerCase()]: [token, token] }, options);
    expect(twice).toMatchObject({ status: 'rejected', reason: 'malformed' });
    const late = await verifyRequest({ [V2_HEADER_NAME]: token }, { ...options, now: NOW + 86400 });
    expect(statusHeaderValue(late)).toBe('rejected; reason=expired; kid="alice"');
    expect(Object.keys(late.values)).toEqual([]);
  });
});

describe('authorized keys', () => {
  it('parses lines with policies and round-trips the one-line form', async () => {
    const text = [
      '# who may override flags on shop.example.com',
      `ed25519 ${SIGNING_KEYS.alice.x} alice`,
      `ed25519 ${SIGNING_KEYS.bob.x} bob flags=checkout-*,hero-banner max-lifetime=1h`,
      `hs256 ${SIGNING_KEYS.team.k} team max-lifetime=90m`,
    ].join('\n');
    const entries = parseAuthorizedKeys(text);
    expect(entries).toEqual([
      { kid: 'alice', jwk: { kty: 'OKP', crv: 'Ed25519', x: SIGNING_KEYS.alice.x } },
      { kid: 'bob', jwk: { kty: 'OKP', crv: 'Ed25519', x: SIGNING_KEYS.bob.x }, flags: ['checkout-*', 'hero-banner'], maxLifetimeSec: 3600 },
      { kid: 'team', jwk: { kty: 'oct', k: SIGNING_KEYS.team.k }, maxLifetimeSec: 5400 },
    ]);
    expect(parseAuthorizedKeys(entries.map(formatAuthorizedKey).join('\n'))).toEqual(entries);
    expect((await importKeys(entries)).get('bob')).toMatchObject({ alg: 'EdDSA', maxLifetimeSec: 3600 });
  });

  it('parses a JWK set with policies', () => {
    const set = JSON.stringify({ keys: [{ ...SIGNING_KEYS.bob, d: undefined, kid: 'bob', flagtab: { flags: ['a'], maxLifetimeSec: 60 } }] });
    expect(parseAuthorizedKeys(set)).toEqual([{ kid: 'bob', jwk: { kty: 'OKP', crv: 'Ed25519', x: SIGNING_KEYS.bob.x }, flags: ['a'], maxLifetimeSec: 60 }]);
  });

  it('says which line or key is wrong', async () => {
    expect(() => parseAuthorizedKeys('ssh-rsa AAAA alice')).toThrow(/line 1: key type "ssh-rsa"/);
    expect(() => parseAuthorizedKeys(`\ned25519 ${SIGNING_KEYS.alice.x} alice max-lifetime=soon`)).toThrow(/line 2: max-lifetime=soon/);
    await expect(importKeys([{ kid: 'alice', jwk: SIGNING_KEYS.alice }])).rejects.toThrow(/private key/);
    await expect(importKeys([{ kid: 'team', jwk: { kty: 'oct', k: 'c2hvcnQ' } }])).rejects.toThrow(KeyConfigError);
    await expect(importKeys([{ kid: 'a', jwk: { kty: 'oct', k: SIGNING_KEYS.team.k } }, { kid: 'a', jwk: { kty: 'oct', k: SIGNING_KEYS.team.k } }])).rejects.toThrow(/twice/);
  });
});
