/**
 * Verifying a v2 token: the steps of docs/wire-format-v2.md#verifying, in that order, so every
 * conforming verifier gives the same reason for the same token. Never throws: a hostile request
 * is an expected input on a server.
 */
import { decodeBase64Url } from '../base64url';
import { validateOverrides, type Overrides } from '../payload';
import { flagAllowed, KID_PATTERN, type KeySet } from './keys';
import {
  DEFAULT_CLOCK_SKEW_SEC,
  MAX_TOKEN_DECODE_LENGTH,
  SIGNING_ALGORITHMS,
  TOKEN_TYPE,
  VALUES_CLAIM,
  type RejectReason,
  type SigningAlgorithm,
  type VerifyResult,
} from './token';

export interface VerifyOptions {
  keys: KeySet;
  /** The host or hosts this server answers as; a token's `aud` must be one of them exactly. */
  audience: string | readonly string[];
  /** Seconds since 1970. Defaults to the clock. */
  now?: number;
  /** Defaults to `DEFAULT_CLOCK_SKEW_SEC` (60). */
  clockSkewSec?: number;
}

const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const utf8 = new TextEncoder();

/**
 * Verifies a token against trusted keys, for this host, now.
 *
 * @example
 * const result = await verifyOverrides(token, { keys, audience: 'shop.example.com' });
 * if (result.ok) useOverrides(result.values);
 * else console.info(`overrides refused (${result.reason}): ${result.message}`);
 */
export async function verifyOverrides(token: string, options: VerifyOptions): Promise<VerifyResult> {
  const reject = (reason: RejectReason, message: string, kid?: string): VerifyResult => ({ ok: false, reason, message, ...(kid === undefined ? {} : { kid }) });
  if (typeof token !== 'string') return reject('malformed', `expected a token string, got ${typeof token}`);
  if (token.length > MAX_TOKEN_DECODE_LENGTH) {
    return reject('malformed', `the token is ${token.length} characters long; the limit is ${MAX_TOKEN_DECODE_LENGTH}. Override fewer flags.`);
  }
  if (!COMPACT.test(token)) {
    return reject('malformed', 'not a compact JWS: expected three base64url parts joined by "." (was the header sent twice, or quoted?)');
  }
  const [headerPart = '', claimsPart = '', signaturePart = ''] = token.split('.');

  const header = decodeJsonPart(headerPart);
  if (!header.ok) return reject('malformed', `protected header: ${header.error}`);
  const { alg, typ, kid, crit } = header.value;
  if (typ !== TOKEN_TYPE) return reject('malformed', `header "typ" is ${show(typ)}; a Flagtab token has "${TOKEN_TYPE}"`);
  if (!SIGNING_ALGORITHMS.includes(alg as SigningAlgorithm)) {
    return reject('malformed', `header "alg" is ${show(alg)}; Flagtab tokens use ${SIGNING_ALGORITHMS.join(' or ')}`);
  }
  if (typeof kid !== 'string' || !KID_PATTERN.test(kid)) return reject('malformed', 'header "kid" is missing or not a key id');
  // RFC 7515 §4.1.11: a verifier must refuse extensions it does not understand, and we use none.
  if (crit !== undefined) return reject('malformed', 'header "crit" names extensions this verifier does not implement');

  const trusted = options.keys.get(kid);
  if (!trusted) return reject('unknown-key', `key "${kid}" is not authorised here; add its public key to the server's authorized keys`, kid);
  if (trusted.alg !== alg) {
    return reject('wrong-algorithm', `key "${kid}" is a ${trusted.alg} key but the token says ${show(alg)}; sign with the key's own algorithm`, kid);
  }

  const signature = decodeBase64Url(signaturePart);
  if (!signature.ok) return reject('malformed', `signature: ${signature.error}`, kid);
  let valid: boolean;
  try {
    const algorithm = alg === 'EdDSA' ? { name: 'Ed25519' } : { name: 'HMAC' };
    valid = await crypto.subtle.verify(algorithm, trusted.key, signature.bytes as Uint8Array<ArrayBuffer>, utf8.encode(`${headerPart}.${claimsPart}`));
  } catch {
    // Web Crypto refuses some byte strings (a wrong length, say) by throwing instead of returning false.
    valid = false;
  }
  if (!valid) return reject('bad-signature', `the signature does not match key "${kid}": the token was altered, or signed by another key with the same id`, kid);

  const claims = decodeJsonPart(claimsPart);
  if (!claims.ok) return reject('malformed', `claims: ${claims.error}`, kid);
  const { aud, sub, iat, exp, [VALUES_CLAIM]: flg } = claims.value;
  if (typeof aud !== 'string') return reject('malformed', 'claim "aud" must be the site\'s host as one string', kid);
  if (typeof sub !== 'string' || sub === '') return reject('malformed', 'claim "sub" must name the tester', kid);
  if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(exp)) return reject('malformed', 'claims "iat" and "exp" must be whole seconds since 1970', kid);
  if ((exp as number) <= (iat as number)) return reject('malformed', 'claim "exp" must be after "iat"', kid);
  if (flg === null || typeof flg !== 'object' || Array.isArray(flg)) return reject('malformed', `claim "${VALUES_CLAIM}" must be an object of flag key → value`, kid);

  const audiences: readonly string[] = typeof options.audience === 'string' ? [options.audience] : options.audience;
  if (!audiences.includes(aud)) return reject('wrong-audience', `the token is for ${show(aud)}, not ${audiences.map(show).join(' or ')}; sign it for this host`, kid);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const skew = options.clockSkewSec ?? DEFAULT_CLOCK_SKEW_SEC;
  if ((iat as number) > now + skew) return reject('not-yet-valid', `the token was issued ${(iat as number) - now} s in the future; check the clock of the tester's machine`, kid);
  if (now - skew >= (exp as number)) return reject('expired', `the token expired ${now - (exp as number)} s ago; the extension re-signs it, reload the page`, kid);
  const lifetime = (exp as number) - (iat as number);
  if (lifetime > trusted.maxLifetimeSec) {
    return reject('too-long', `the token lives ${lifetime} s; key "${kid}" may sign at most ${trusted.maxLifetimeSec} s. Shorten the override's expiry.`, kid);
  }

  // JSON.parse makes "__proto__" an own property; copying into a null-prototype record keeps it one.
  const values: Overrides = Object.create(null);
  for (const [flag, value] of Object.entries(flg as Overrides)) values[flag] = value;
  const checked = validateOverrides(values);
  if (!checked.ok) return reject('malformed', checked.error, kid);
  for (const flag of Object.keys(values)) {
    if (!flagAllowed(trusted.flags, flag)) {
      return reject('flag-not-allowed', `key "${kid}" may not override flag ${show(flag)}; allow it in the key's policy or remove the override`, kid);
    }
  }
  return { ok: true, values, kid, sub, iat: iat as number, exp: exp as number };
}

type JsonObject = Record<string, unknown>;

/** One base64url part → a JSON object: strict base64url, strict UTF-8, an object at the top. */
function decodeJsonPart(part: string): { ok: true; value: JsonObject } | { ok: false; error: string } {
  const bytes = decodeBase64Url(part);
  if (!bytes.ok) return { ok: false, error: `not base64url (${bytes.error})` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.bytes);
  } catch {
    return { ok: false, error: 'not UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: 'not a JSON object' };
  const record: JsonObject = Object.create(null);
  for (const key of Object.keys(value)) record[key] = (value as JsonObject)[key];
  return { ok: true, value: record };
}

/** A value from a token, quoted and shortened for a message (it may be hostile). */
function show(value: unknown): string {
  const text = typeof value === 'string' ? value : String(JSON.stringify(value) ?? typeof value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}
