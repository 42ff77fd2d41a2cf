/**
 * Trusted keys and their policy. A key set maps `kid` → an imported Web Crypto key plus what that
 * key may do: which flags it may override and how long a token it signs may live. Key ids come
 * from a config file and from tokens (untrusted), so the set is a `Map`, never a plain object.
 */
import { decodeBase64Url } from '../base64url';
import { DEFAULT_MAX_LIFETIME_SEC, type SigningAlgorithm } from './token';

/** What one key may do. Absent fields take the defaults. */
export interface KeyPolicy {
  /**
   * Flag keys the key may override; an entry ending in `*` is a prefix (`checkout-*`). Absent:
   * every flag. Empty: none.
   */
  flags?: readonly string[];
  /** Longest `exp - iat`, in seconds. Defaults to `DEFAULT_MAX_LIFETIME_SEC` (8 h). */
  maxLifetimeSec?: number;
}

/** A key as configured: a public JWK (`OKP`/`Ed25519`) or a shared secret (`oct`), with its policy. */
export interface KeyEntry extends KeyPolicy {
  kid: string;
  jwk: JsonWebKey;
}

export interface TrustedKey {
  kid: string;
  alg: SigningAlgorithm;
  key: CryptoKey;
  flags?: readonly string[];
  maxLifetimeSec: number;
}

/** kid → trusted key. A `Map`, so a kid of `__proto__` or `constructor` is just a key id. */
export type KeySet = ReadonlyMap<string, TrustedKey>;

/** A kid is printable ASCII without spaces or quotes, at most 128 characters: it goes into headers and logs. */
export const KID_PATTERN = /^[!#-~]{1,128}$/;

/** Raised for a key the server's own configuration gets wrong: a deployment error, not a request's. */
export class KeyConfigError extends Error {
  override name = 'KeyConfigError';
}

/**
 * Imports configured keys for `verifyOverrides`. Throws `KeyConfigError` naming the bad entry.
 *
 * @example
 * const keys = await importKeys([{ kid: 'alice', jwk: { kty: 'OKP', crv: 'Ed25519', x: '11qY…' }, flags: ['checkout-*'] }]);
 */
export async function importKeys(entries: readonly KeyEntry[]): Promise<KeySet> {
  const set = new Map<string, TrustedKey>();
  for (const entry of entries) {
    const { kid, jwk } = entry;
    if (typeof kid !== 'string' || !KID_PATTERN.test(kid)) {
      throw new KeyConfigError(`key id ${JSON.stringify(kid)} must be 1-128 printable ASCII characters without spaces or quotes`);
    }
    if (set.has(kid)) throw new KeyConfigError(`key id "${kid}" is listed twice; give each key its own id`);
    const maxLifetimeSec = entry.maxLifetimeSec ?? DEFAULT_MAX_LIFETIME_SEC;
    if (!Number.isInteger(maxLifetimeSec) || maxLifetimeSec <= 0) {
      throw new KeyConfigError(`key "${kid}": the maximum lifetime must be a whole number of seconds above 0`);
    }
    if (entry.flags !== undefined && (!Array.isArray(entry.flags) || entry.flags.some((f) => typeof f !== 'string' || f === ''))) {
      throw new KeyConfigError(`key "${kid}": flags must be a list of flag keys or prefixes ending in "*"`);
    }
    const { alg, key } = await importVerifyKey(kid, jwk);
    set.set(kid, { kid, alg, key, maxLifetimeSec, ...(entry.flags ? { flags: [...entry.flags] } : {}) });
  }
  return set;
}

/** Imports a public or secret JWK for verifying only; a private Ed25519 JWK is refused (servers need no private keys). */
async function importVerifyKey(kid: string, jwk: JsonWebKey): Promise<{ alg: SigningAlgorithm; key: CryptoKey }> {
  if (jwk === null || typeof jwk !== 'object') throw new KeyConfigError(`key "${kid}": expected a JWK object`);
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    if (jwk.d !== undefined) {
      throw new KeyConfigError(`key "${kid}" is a private key; give the server the public key only (drop "d")`);
    }
    if (byteLength(jwk.x) !== 32) throw new KeyConfigError(`key "${kid}": "x" must be 32 bytes of unpadded base64url`);
    const key = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, { name: 'Ed25519' }, false, ['verify']);
    return { alg: 'EdDSA', key };
  }
  if (jwk.kty === 'oct') {
    const length = byteLength(jwk.k);
    // RFC 7518 §3.2: an HS256 key must be at least as long as the hash (32 bytes).
    if (length === undefined || length < 32) throw new KeyConfigError(`key "${kid}": the HS256 secret "k" must be at least 32 bytes of unpadded base64url`);
    const key = await crypto.subtle.importKey('jwk', { kty: 'oct', k: jwk.k }, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    return { alg: 'HS256', key };
  }
  throw new KeyConfigError(`key "${kid}": only Ed25519 ({"kty":"OKP","crv":"Ed25519"}) and HS256 ({"kty":"oct"}) keys are supported`);
}

function byteLength(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const decoded = decodeBase64Url(text);
  return decoded.ok ? decoded.bytes.length : undefined;
}

/** Whether a policy's `flags` admits a flag key: exact match, or a prefix entry ending in `*`. */
export function flagAllowed(flags: readonly string[] | undefined, key: string): boolean {
  if (flags === undefined) return true;
  return flags.some((pattern) => (pattern.endsWith('*') ? key.startsWith(pattern.slice(0, -1)) : key === pattern));
}
