/**
 * Vercel's Flags SDK (`flags` on npm) seals what it trusts with the app's FLAGS_SECRET: the
 * access proof its discovery endpoint (`/.well-known/vercel/flags`) wants, and the
 * `vercel-flag-overrides` cookie. Both are compact JWEs (RFC 7516 §7.1) with `alg: "dir"` (the
 * secret is the content key itself) and `enc: "A256GCM"`, claims as JSON — what the SDK's
 * `encryptJwe` makes with jose's `EncryptJWT` (flags/dist, src/lib/crypto.ts). Written with
 * WebCrypto only, so the extension's service worker, a test and a server can all use it.
 *
 * Encryption only: Flagtab makes proofs and cookies, the app opens them.
 */
import { decodeBase64Url, encodeBase64Url } from './base64url';

/** The protected header, byte for byte what jose writes for `{ alg: 'dir', enc: 'A256GCM' }`. */
export const PROTECTED_HEADER = encodeBase64Url(new TextEncoder().encode('{"alg":"dir","enc":"A256GCM"}'));
/** AES-GCM's 96-bit IV (NIST SP 800-38D §8.2) and the JWE's 128-bit tag (RFC 7518 §5.3). */
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** How long an access proof holds; the SDK's own `createAccessProof` gives one year. */
export const ACCESS_PROOF_TTL_SECONDS = 60 * 60;

/** A FLAGS_SECRET that cannot be the SDK's key: says what is wrong and what to paste instead. */
export class VercelSecretError extends Error {
  override readonly name = 'VercelSecretError';
}

/**
 * The 32-byte key a FLAGS_SECRET stands for, or why the text is not one. The SDK decodes the
 * secret with Node's base64url decoder, which also takes "=" padding and the standard
 * alphabet's "+" and "/"; so does this, so that every secret the app accepts works here.
 *
 * @example
 * vercelSecretKey('qM8mkeuZ1ETzH2rIfBVXrHTV1YYM6t0USpJ2RtKHv5s') // Uint8Array(32)
 * vercelSecretKey('hunter2') // VercelSecretError: …is 5 bytes, not 32…
 */
export function vercelSecretKey(secret: string): Uint8Array | VercelSecretError {
  const text = secret.trim();
  const make = 'Copy FLAGS_SECRET from the app\'s environment variables (Vercel: the project\'s Settings → Environment Variables); the Flags SDK makes one with `node -e "console.log(crypto.randomBytes(32).toString(\'base64url\'))"`.';
  if (text === '') return new VercelSecretError(`The FLAGS_SECRET is empty. ${make}`);
  const normal = text.replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_');
  const bad = /[^A-Za-z0-9_-]/.exec(normal);
  if (bad) return new VercelSecretError(`The FLAGS_SECRET is not base64url: character ${bad.index + 1} is ${JSON.stringify(bad[0])}. ${make}`);
  // The length first: "decodes to 5 bytes" helps more than what is wrong with a short text's last bits.
  const length = Math.floor((normal.length * 6) / 8);
  if (length !== 32) return new VercelSecretError(`The FLAGS_SECRET decodes to ${length} bytes; the Flags SDK wants exactly 32 (43 base64url characters). ${make}`);
  const decoded = decodeBase64Url(normal);
  return decoded.ok ? decoded.bytes : new VercelSecretError(`The FLAGS_SECRET is not base64url (${decoded.error}). ${make}`);
}

/**
 * Encrypts `payload` (its JSON is the JWT claims, as given: put `exp` in it) into the compact
 * JWE the Flags SDK's `decryptJwe` opens with the same FLAGS_SECRET. Throws VercelSecretError
 * for a secret that is not 32 bytes of base64url.
 *
 * The IV is 12 fresh random bytes every time. AES-GCM must never use one IV twice under one
 * key for different plaintexts (that reveals their XOR and lets anyone forge tags); random
 * 96-bit IVs keep that chance negligible for up to 2^32 encryptions per key (NIST SP 800-38D
 * §8.3), far beyond what one tester's proofs and cookies add up to. Never pass a counter or a
 * fixed IV here: the app's other writers (the Vercel Toolbar) use the same key.
 *
 * @example
 * await encryptVercelJwe({ o: { 'new-checkout': true }, pur: 'overrides', exp: 1767225600 }, secret)
 * // 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..<iv>.<ciphertext>.<tag>'
 */
export async function encryptVercelJwe(payload: object, secretB64url: string): Promise<string> {
  const key = vercelSecretKey(secretB64url);
  if (key instanceof VercelSecretError) throw key;
  return sealJwe(payload, key as Uint8Array<ArrayBuffer>, crypto.getRandomValues(new Uint8Array(IV_BYTES)));
}

/**
 * The compact JWE of `claims` under a 32-byte `key` with a 12-byte `iv`. The caller owns the
 * IV rule above: random (encryptVercelJwe), or derived from the plaintext so that it repeats
 * only with it (the overrides cookie, lib/transports/vercel).
 */
export async function sealJwe(claims: object, key: Uint8Array<ArrayBuffer>, iv: Uint8Array<ArrayBuffer>): Promise<string> {
  if (key.length !== 32) throw new RangeError(`A256GCM needs a 32-byte key, got ${key.length} bytes`);
  if (iv.length !== IV_BYTES) throw new RangeError(`A256GCM needs a ${IV_BYTES}-byte IV, got ${iv.length} bytes`);
  const cryptoKey = await crypto.subtle.importKey('raw', key, { name: 'AES-GCM' }, false, ['encrypt']);
  const plaintext = new TextEncoder().encode(JSON.stringify(claims));
  // RFC 7516 §5.1 step 14: the additional authenticated data is the encoded protected header.
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(PROTECTED_HEADER), tagLength: TAG_BYTES * 8 }, cryptoKey, plaintext),
  );
  // WebCrypto appends the tag to the ciphertext; the compact form carries them apart.
  const ciphertext = sealed.subarray(0, sealed.length - TAG_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  // "dir" has no encrypted key, so the second part is empty.
  return [PROTECTED_HEADER, '', encodeBase64Url(iv), encodeBase64Url(ciphertext), encodeBase64Url(tag)].join('.');
}

/**
 * The bearer token the Flags SDK's discovery endpoint accepts (its `verifyAccess`): claims
 * `{ pur: 'proof', exp }`. Made fresh for each request and short-lived — the SDK's own
 * `createAccessProof` lasts a year, but a proof Flagtab sends only has to outlive its request.
 *
 * @example
 * const proof = await createVercelAccessProof(secret, { now: Date.now() });
 * fetch(`${origin}/.well-known/vercel/flags`, { headers: { Authorization: `Bearer ${proof}` } });
 */
export function createVercelAccessProof(secretB64url: string, options: { now: number; ttlSeconds?: number }): Promise<string> {
  const exp = Math.floor(options.now / 1000) + (options.ttlSeconds ?? ACCESS_PROOF_TTL_SECONDS);
  return encryptVercelJwe({ pur: 'proof', exp }, secretB64url);
}
