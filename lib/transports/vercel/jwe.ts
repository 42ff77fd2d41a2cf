import { encodeBase64Url } from '../../wire/base64url';

/**
 * A compact JWE (RFC 7516 §7.1) as the Vercel Flags SDK reads it: `alg: "dir"` (the key is the
 * content key), `enc: "A256GCM"`, the claims as JSON plaintext. WebCrypto only, so it runs in
 * the service worker without jose. The empty fourth-from-last part is the encrypted key, which
 * "dir" leaves empty; the additional data is the protected header as encoded (RFC 7516 §5.1).
 */

/** The protected header, encoded once: its bytes are part of the additional authenticated data. */
export const PROTECTED_HEADER = encodeBase64Url(new TextEncoder().encode('{"alg":"dir","enc":"A256GCM"}'));

/**
 * Encrypts `claims` under a 32-byte `key` with a 12-byte `iv`. AES-GCM must never see the same
 * (key, iv) twice with different plaintexts: the caller owns that (lib/transports/vercel/index.ts
 * derives the IV from the plaintext).
 *
 * @example await encryptJwe({ o: { 'new-checkout': true }, pur: 'overrides', exp: 1767225600 }, key, iv) // 'eyJhbGciOiJkaXIi…'
 */
export async function encryptJwe(claims: Readonly<Record<string, unknown>>, key: Uint8Array<ArrayBuffer>, iv: Uint8Array<ArrayBuffer>): Promise<string> {
  if (key.length !== 32) throw new RangeError(`A256GCM needs a 32-byte key, got ${key.length} bytes`);
  if (iv.length !== 12) throw new RangeError(`A256GCM needs a 12-byte IV, got ${iv.length} bytes`);
  const aesKey = await crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt']);
  const plaintext = new TextEncoder().encode(JSON.stringify(claims));
  const sealed = new Uint8Array(await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(PROTECTED_HEADER), tagLength: 128 }, aesKey, plaintext,
  ));
  // WebCrypto appends the 16-byte tag to the ciphertext; JWE carries them apart.
  const ciphertext = sealed.subarray(0, sealed.length - 16);
  const tag = sealed.subarray(sealed.length - 16);
  return [PROTECTED_HEADER, '', encodeBase64Url(iv), encodeBase64Url(ciphertext), encodeBase64Url(tag)].join('.');
}
