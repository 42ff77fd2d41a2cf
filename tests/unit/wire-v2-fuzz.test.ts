import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../../lib/wire/base64url';
import { importKeys, signOverrides, verifyOverrides, type KeySet } from '../../lib/wire/v2';
import { AUDIENCE, NOW, SIGNING_KEYS, TRUSTED } from '../../scripts/wire-v2-vectors';

/**
 * The verifier never throws, and accepts nothing a listed key did not sign: random text, random
 * JWS-shaped tokens, and real tokens with any one character changed. Ed25519 verification costs
 * about a tenth of a millisecond, so a few hundred runs stay well under a second per property.
 */
const options = (keys: KeySet) => ({ keys, audience: AUDIENCE, now: NOW });
const b64 = (text: string) => encodeBase64Url(new TextEncoder().encode(text));
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('verifyOverrides under fuzzing', () => {
  it('never throws and never accepts random text or forged JWS shapes', async () => {
    const keys = await importKeys(TRUSTED);
    const header = fc.record({
      alg: fc.constantFrom('EdDSA', 'HS256', 'none', 'RS256', 'eddsa'),
      typ: fc.constantFrom('flagtab-overrides+jwt', 'JWT'),
      kid: fc.constantFrom('alice', 'bob', 'team', '__proto__', 'constructor', 'mallory'),
    }, { requiredKeys: [] });
    const claims = fc.record({ aud: fc.constantFrom(AUDIENCE, 'x'), sub: fc.string(), iat: fc.integer(), exp: fc.integer(), flg: fc.dictionary(fc.string(), fc.jsonValue()) }, { requiredKeys: [] });
    const signature = fc.oneof(fc.string({ unit: fc.constantFrom(...BASE64URL), minLength: 1, maxLength: 90 }), fc.constant('A'.repeat(86)));
    const token = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.tuple(header, claims, signature).map(([h, c, s]) => `${b64(JSON.stringify(h))}.${b64(JSON.stringify(c))}.${s}`),
    );
    await fc.assert(fc.asyncProperty(token, async (t) => {
      const result = await verifyOverrides(t, options(keys));
      expect(result.ok).toBe(false);
    }), { numRuns: 400 });
  });

  it('refuses any single-character change to a valid token', async () => {
    const keys = await importKeys(TRUSTED);
    const key = await crypto.subtle.importKey('jwk', SIGNING_KEYS.alice, { name: 'Ed25519' }, false, ['sign']);
    const token = await signOverrides({ 'new-checkout': true, 'hero-banner': 'b' }, { alg: 'EdDSA', key, kid: 'alice', sub: 'alice', aud: AUDIENCE, iat: NOW - 60, exp: NOW + 600 });
    expect((await verifyOverrides(token, options(keys))).ok).toBe(true);
    const edit = fc.tuple(fc.nat({ max: token.length - 1 }), fc.constantFrom(...BASE64URL, '.', '=', ' ', '%'));
    await fc.assert(fc.asyncProperty(edit, async ([at, char]) => {
      fc.pre(token[at] !== char);
      const changed = `${token.slice(0, at)}${char}${token.slice(at + 1)}`;
      const result = await verifyOverrides(changed, options(keys));
      // Even an edit to the unused low bits of the signature's last character is refused: the
      // decoder is strict base64url, so no second text of the same token exists.
      expect(result.ok, changed).toBe(false);
    }), { numRuns: 400 });
  });
});
