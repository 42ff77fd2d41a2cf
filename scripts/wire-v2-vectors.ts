/**
 * Builds the wire v2 conformance vectors (docs/wire-v2-vectors.json): fixed keys, fixed times, and
 * tokens each valid or wrong in exactly one way. Deterministic: Ed25519 (RFC 8032) and HMAC
 * signatures depend only on key and input, so the same code writes the same file, and a unit test
 * fails when the committed file is stale. Write it with `npx tsx scripts/write-wire-v2-vectors.ts`.
 */
import { encodeBase64Url } from '../lib/wire/base64url';
import type { Overrides } from '../lib/wire/payload';
import { DEFAULT_CLOCK_SKEW_SEC, signOverrides, TOKEN_TYPE, type KeyEntry, type SigningAlgorithm } from '../lib/wire/v2';

/** Test keys, public on purpose: never authorise them anywhere real. alice is RFC 8037 A.1's key. */
export const SIGNING_KEYS = {
  alice: { kty: 'OKP', crv: 'Ed25519', d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' },
  bob: { kty: 'OKP', crv: 'Ed25519', d: 'A_k7JHXBDjMutVUJBTR7oUx-Mw2hoqa0S9_cMhZ6Ssg', x: 'tCThSNl5ajTT9woQmGWT3cvtux106-5LWnc3M5WyBU8' },
  mallory: { kty: 'OKP', crv: 'Ed25519', d: '6ws6CObSE3kWMmuGz3E4AOyI8vi5uwnRpIuvY58Zp2w', x: 'dqv5hoKn-H1zKh44cq01ZiuTwlNnNXT-mYYqE39i_48' },
  team: { kty: 'oct', k: 'ImG-NKjyM2QJu6eA32PdGAumwRvqDO9JDVgdhq9uqQA' },
} as const satisfies Record<string, JsonWebKey>;

export const AUDIENCE = 'shop.example.com';
/** 2026-01-01T00:00:00Z. */
export const NOW = 1767225600;

const publicJwk = ({ d: _d, ...rest }: JsonWebKey) => rest;

/** The server's authorized keys for every vector. mallory is deliberately absent. */
export const TRUSTED: KeyEntry[] = [
  { kid: 'alice', jwk: publicJwk(SIGNING_KEYS.alice), maxLifetimeSec: 8 * 3600 },
  { kid: 'bob', jwk: publicJwk(SIGNING_KEYS.bob), flags: ['checkout-*', 'hero-banner'], maxLifetimeSec: 3600 },
  { kid: 'team', jwk: SIGNING_KEYS.team, maxLifetimeSec: 8 * 3600 },
];

type Expected = { ok: true; values: Overrides; kid: string; sub: string } | { ok: false; reason: string };
export interface Vector {
  name: string;
  description: string;
  now: number;
  token: string;
  expected: Expected;
}

export interface VectorFile {
  description: string;
  audience: string;
  clockSkewSec: number;
  keys: KeyEntry[];
  signingKeys: Record<string, JsonWebKey>;
  vectors: Vector[];
}

async function signingKey(name: keyof typeof SIGNING_KEYS): Promise<CryptoKey> {
  const jwk = SIGNING_KEYS[name];
  return jwk.kty === 'oct'
    ? crypto.subtle.importKey('jwk', jwk, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    : crypto.subtle.importKey('jwk', jwk, { name: 'Ed25519' }, false, ['sign']);
}

const utf8 = new TextEncoder();
const part = (json: string) => encodeBase64Url(utf8.encode(json));

/** Signs hand-written header and claims JSON, for tokens signOverrides rightly refuses to make. */
async function signRaw(header: object, claimsJson: string, alg: SigningAlgorithm, key: CryptoKey): Promise<string> {
  const input = `${part(JSON.stringify(header))}.${part(claimsJson)}`;
  const signature = await crypto.subtle.sign(alg === 'EdDSA' ? { name: 'Ed25519' } : { name: 'HMAC' }, key, utf8.encode(input));
  return `${input}.${encodeBase64Url(new Uint8Array(signature))}`;
}

export async function buildVectors(): Promise<VectorFile> {
  const keys = { alice: await signingKey('alice'), bob: await signingKey('bob'), mallory: await signingKey('mallory'), team: await signingKey('team') };
  const hour = { iat: NOW - 60, exp: NOW + 3540 };
  const base = { alg: 'EdDSA' as const, key: keys.alice, kid: 'alice', sub: 'alice@shop.example', aud: AUDIENCE, ...hour };
  const simple: Overrides = { 'new-checkout': true, 'hero-banner': 'b' };
  const aliceHeader = { alg: 'EdDSA', typ: TOKEN_TYPE, kid: 'alice' };
  const claims = (flg: string, extra = '') => `{"aud":"${AUDIENCE}","sub":"alice@shop.example","iat":${hour.iat},"exp":${hour.exp}${extra},"flg":${flg}}`;
  const valid = (values: Overrides, kid = 'alice', sub = 'alice@shop.example'): Expected => ({ ok: true, values, kid, sub });
  const invalid = (reason: string): Expected => ({ ok: false, reason });

  const good = await signOverrides(simple, base);
  const [goodHeader, , goodSignature] = good.split('.');
  const hostile: Overrides = JSON.parse('{"__proto__":1,"constructor":{"a":[1,2]},"café":null,"a,b;c=d\\r\\nX-Evil: 1":"x","price":9.99}');

  const vectors: Vector[] = [
    { name: 'eddsa', description: 'Two overrides signed by an authorised Ed25519 key.', now: NOW, token: good, expected: valid(simple) },
    { name: 'hs256', description: 'The same overrides signed with the team secret.', now: NOW, token: await signOverrides(simple, { ...base, alg: 'HS256', key: keys.team, kid: 'team', sub: 'qa-team' }), expected: valid(simple, 'team', 'qa-team') },
    { name: 'hostile-keys', description: 'Flag keys that break naive parsers: __proto__, constructor, a non-ASCII key, separators and CR LF.', now: NOW, token: await signOverrides(hostile, base), expected: valid(hostile) },
    { name: 'no-overrides', description: 'An empty map is a valid token: the tester cleared every override.', now: NOW, token: await signOverrides({}, base), expected: valid({}) },
    { name: 'policy-allowed', description: 'bob may override checkout-* and hero-banner for at most an hour.', now: NOW, token: await signOverrides({ 'checkout-new-flow': true, 'hero-banner': 'a' }, { ...base, key: keys.bob, kid: 'bob', sub: 'bob@shop.example' }), expected: valid({ 'checkout-new-flow': true, 'hero-banner': 'a' }, 'bob', 'bob@shop.example') },
    { name: 'issued-within-skew', description: 'Issued 30 s in the future: within the 60 s clock skew.', now: NOW, token: await signOverrides(simple, { ...base, iat: NOW + 30, exp: NOW + 3630 }), expected: valid(simple) },
    { name: 'expired-within-skew', description: 'Expired 30 s ago: within the 60 s clock skew.', now: NOW, token: await signOverrides(simple, { ...base, iat: NOW - 3630, exp: NOW - 30 }), expected: valid(simple) },

    { name: 'not-a-jws', description: 'Not three base64url parts.', now: NOW, token: 'new-checkout=true', expected: invalid('malformed') },
    { name: 'padded-signature', description: 'base64url with "=" padding: v2 sends none, and a strict verifier refuses it.', now: NOW, token: `${good}=`, expected: invalid('malformed') },
    { name: 'alg-none', description: 'alg "none" (RFC 7518 §3.6) is never accepted.', now: NOW, token: `${part(JSON.stringify({ alg: 'none', typ: TOKEN_TYPE, kid: 'alice' }))}.${good.split('.')[1]}.${goodSignature}`, expected: invalid('malformed') },
    { name: 'wrong-typ', description: 'A JWT of another kind, signed by an authorised key, is not an overrides token.', now: NOW, token: await signRaw({ alg: 'EdDSA', typ: 'JWT', kid: 'alice' }, claims('{"new-checkout":true}'), 'EdDSA', keys.alice), expected: invalid('malformed') },
    { name: 'crit-header', description: 'A "crit" extension this verifier does not know must be refused (RFC 7515 §4.1.11).', now: NOW, token: await signRaw({ ...aliceHeader, crit: ['exp'] }, claims('{"new-checkout":true}'), 'EdDSA', keys.alice), expected: invalid('malformed') },
    { name: 'missing-exp', description: 'Claims without "exp".', now: NOW, token: await signRaw(aliceHeader, `{"aud":"${AUDIENCE}","sub":"alice@shop.example","iat":${hour.iat},"flg":{}}`, 'EdDSA', keys.alice), expected: invalid('malformed') },
    { name: 'aud-array', description: '"aud" as an array: v2 allows one host, as a string.', now: NOW, token: await signRaw(aliceHeader, `{"aud":["${AUDIENCE}"],"sub":"alice@shop.example","iat":${hour.iat},"exp":${hour.exp},"flg":{}}`, 'EdDSA', keys.alice), expected: invalid('malformed') },
    { name: 'fractional-iat', description: '"iat" with a fraction: times are whole seconds.', now: NOW, token: await signRaw(aliceHeader, `{"aud":"${AUDIENCE}","sub":"alice@shop.example","iat":${hour.iat}.5,"exp":${hour.exp},"flg":{}}`, 'EdDSA', keys.alice), expected: invalid('malformed') },
    { name: 'exp-before-iat', description: 'A token that was never valid.', now: NOW, token: await signRaw(aliceHeader, `{"aud":"${AUDIENCE}","sub":"alice@shop.example","iat":${hour.exp},"exp":${hour.iat},"flg":{}}`, 'EdDSA', keys.alice), expected: invalid('malformed') },
    { name: 'infinite-number', description: 'A value of 1e999, which parses to infinity: not a JSON value v1 or v2 carries.', now: NOW, token: await signRaw(aliceHeader, claims('{"price":1e999}'), 'EdDSA', keys.alice), expected: invalid('malformed') },
    { name: 'lone-surrogate', description: 'A string with an unpaired UTF-16 surrogate escape: not Unicode text.', now: NOW, token: await signRaw(aliceHeader, claims('{"banner":"\\ud800"}'), 'EdDSA', keys.alice), expected: invalid('malformed') },
    { name: 'empty-flag-key', description: 'A flag key must have at least one character.', now: NOW, token: await signRaw(aliceHeader, claims('{"":true}'), 'EdDSA', keys.alice), expected: invalid('malformed') },
    { name: 'values-not-object', description: '"flg" must be an object.', now: NOW, token: await signRaw(aliceHeader, claims('[["new-checkout",true]]'), 'EdDSA', keys.alice), expected: invalid('malformed') },
    { name: 'unknown-key', description: 'Signed by a key the server does not list.', now: NOW, token: await signOverrides(simple, { ...base, key: keys.mallory, kid: 'mallory', sub: 'mallory' }), expected: invalid('unknown-key') },
    { name: 'impostor', description: "Signed by mallory's key under alice's key id.", now: NOW, token: await signOverrides(simple, { ...base, key: keys.mallory }), expected: invalid('bad-signature') },
    { name: 'tampered-value', description: "alice's token with new-checkout changed to false after signing.", now: NOW, token: `${goodHeader}.${part(claims('{"hero-banner":"b","new-checkout":false}'))}.${goodSignature}`, expected: invalid('bad-signature') },
    { name: 'tampered-signature', description: "alice's token with its signature's first byte changed.", now: NOW, token: `${goodHeader}.${good.split('.')[1]}.${goodSignature!.startsWith('A') ? 'B' : 'A'}${goodSignature!.slice(1)}`, expected: invalid('bad-signature') },
    { name: 'algorithm-confusion', description: "HS256 with alice's public key bytes as the secret: alice's key is Ed25519.", now: NOW, token: await signOverrides(simple, { ...base, alg: 'HS256', key: await crypto.subtle.importKey('raw', utf8.encode(SIGNING_KEYS.alice.x), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']) }), expected: invalid('wrong-algorithm') },
    { name: 'wrong-audience', description: 'Signed for another host.', now: NOW, token: await signOverrides(simple, { ...base, aud: 'staging.shop.example.com' }), expected: invalid('wrong-audience') },
    { name: 'not-yet-valid', description: 'Issued 120 s in the future: beyond the 60 s clock skew.', now: NOW, token: await signOverrides(simple, { ...base, iat: NOW + 120, exp: NOW + 3720 }), expected: invalid('not-yet-valid') },
    { name: 'expired', description: 'Expired 60 s ago: exactly at the clock skew, so refused.', now: NOW, token: await signOverrides(simple, { ...base, iat: NOW - 3660, exp: NOW - 60 }), expected: invalid('expired') },
    { name: 'expired-replay', description: "alice's first token replayed a day later (a HAR file, say).", now: NOW + 86400, token: good, expected: invalid('expired') },
    { name: 'too-long', description: "bob signs for two hours; bob's policy allows one.", now: NOW, token: await signOverrides({ 'hero-banner': 'a' }, { ...base, key: keys.bob, kid: 'bob', iat: NOW - 60, exp: NOW + 7140 }), expected: invalid('too-long') },
    { name: 'flag-not-allowed', description: "bob overrides payments-provider, outside bob's policy.", now: NOW, token: await signOverrides({ 'hero-banner': 'a', 'payments-provider': 'test' }, { ...base, key: keys.bob, kid: 'bob' }), expected: invalid('flag-not-allowed') },
  ];
  return {
    description: 'Flagtab wire format v2 conformance vectors (docs/wire-format-v2.md). Verify each token with `keys`, the audience, the clock skew and the vector\'s `now`; a conforming verifier accepts exactly the valid ones with these values, and refuses each invalid one with this reason. signingKeys are public test keys: never trust them anywhere real.',
    audience: AUDIENCE,
    clockSkewSec: DEFAULT_CLOCK_SKEW_SEC,
    keys: TRUSTED,
    signingKeys: SIGNING_KEYS,
    vectors,
  };
}
