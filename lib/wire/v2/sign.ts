/**
 * Signing a v2 token. The extension signs in its background with a non-extractable key; tests,
 * the vectors script and the CLI sign with this same function.
 */
import { encodeBase64Url } from '../base64url';
import { validateOverrides, WireError, type Overrides } from '../payload';
import { KID_PATTERN } from './keys';
import { TOKEN_TYPE, VALUES_CLAIM, type SigningAlgorithm, type TokenClaims, type TokenHeader } from './token';

export interface SignOptions {
  alg: SigningAlgorithm;
  /** An Ed25519 private key (`EdDSA`) or an HMAC SHA-256 key (`HS256`) with the "sign" usage. */
  key: CryptoKey;
  kid: string;
  /** The tester. */
  sub: string;
  /** The site's host, lower case, no port: `shop.example.com`. */
  aud: string;
  /** Seconds since 1970; whole numbers. */
  iat: number;
  /** Seconds since 1970; never after the overrides' own expiry. */
  exp: number;
}

const utf8 = new TextEncoder();
const base64UrlJson = (value: unknown) => encodeBase64Url(utf8.encode(JSON.stringify(value)));

/**
 * Signs overrides as a compact JWS. Deterministic for Ed25519 (RFC 8032 signatures are), so the
 * same inputs give the same token. Throws `WireError` for values v1 could not carry either, and
 * `TypeError` for options no verifier would accept.
 *
 * @example
 * const token = await signOverrides({ 'new-checkout': true }, { alg: 'EdDSA', key: privateKey, kid: 'alice-2025',
 *   sub: 'alice@shop.example', aud: 'shop.example.com', iat: 1767225600, exp: 1767229200 });
 * // 'eyJhbGciOiJFZERTQSIs….eyJhdWQiOiJzaG9w….3q2-…'
 */
export async function signOverrides(values: Overrides, options: SignOptions): Promise<string> {
  const { alg, key, kid, sub, aud, iat, exp } = options;
  const valid = validateOverrides(values);
  if (!valid.ok) throw new WireError(valid.error, valid.key);
  if (!KID_PATTERN.test(kid)) throw new TypeError(`kid ${JSON.stringify(kid)} must be 1-128 printable ASCII characters without spaces or quotes`);
  if (typeof aud !== 'string' || aud === '') throw new TypeError('aud must be the site\'s host, e.g. "shop.example.com"');
  if (typeof sub !== 'string' || sub === '') throw new TypeError('sub must name the tester');
  if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(exp) || exp <= iat) {
    throw new TypeError(`iat and exp must be whole seconds with exp after iat (got iat=${iat}, exp=${exp})`);
  }
  const header: TokenHeader = { alg, typ: TOKEN_TYPE, kid };
  // Flag keys sorted, as v1 sorts them: the same overrides give the same token.
  const sorted: Overrides = Object.create(null);
  for (const flag of Object.keys(values).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) sorted[flag] = values[flag]!;
  const claims: TokenClaims = { aud, sub, iat, exp, [VALUES_CLAIM]: sorted };
  const input = `${base64UrlJson(header)}.${base64UrlJson(claims)}`;
  const algorithm = alg === 'EdDSA' ? { name: 'Ed25519' } : { name: 'HMAC' };
  const signature = new Uint8Array(await crypto.subtle.sign(algorithm, key, utf8.encode(input)));
  return `${input}.${encodeBase64Url(signature)}`;
}
