import { PROTECTED_HEADER, VercelSecretError, sealJwe, vercelSecretKey } from '../../wire/vercel-jwe';
import type { OverrideTransport, OverrideValues } from '../types';

interface VercelSettings {
  enabled: boolean;
  name: string;
}

/** The 32 key bytes of a FLAGS_SECRET (as the SDK decodes it), or why not. */
export function flagsSecretBytes(secret: string): { ok: true; key: Uint8Array<ArrayBuffer> } | { ok: false; error: string } {
  const key = vercelSecretKey(secret);
  return key instanceof VercelSecretError ? { ok: false, error: key.message } : { ok: true, key: new Uint8Array(key) };
}

/**
 * The IV for a plaintext: HMAC-SHA-256 of the header and plaintext, under a key HKDF derives
 * from the secret, cut to 96 bits. Why not a random IV: `prepare` must give the same cookie for
 * the same overrides, or every reconcile would replace the tab's rules. Why not a fixed one:
 * AES-GCM under one key and one IV with two different plaintexts gives away their XOR and the
 * GHASH key (then anyone can forge). Derived from the plaintext (a "synthetic IV", as in SIV,
 * RFC 5297 §1.3.1), an IV repeats only when the plaintext does, and then the whole JWE repeats:
 * it tells an eavesdropper no more than "same overrides, same expiry" — which the identical
 * cookie says anyway. The HKDF info keeps this key apart from the secret's use as the AES key.
 */
async function syntheticIv(key: Uint8Array<ArrayBuffer>, plaintext: string): Promise<Uint8Array<ArrayBuffer>> {
  const ikm = await crypto.subtle.importKey('raw', key, 'HKDF', false, ['deriveKey']);
  const macKey = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode('flagtab vercel-flag-overrides iv') },
    ikm, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', macKey, new TextEncoder().encode(`${PROTECTED_HEADER}.${plaintext}`));
  return new Uint8Array(mac.slice(0, 12));
}

/**
 * The SDK's overrides claims (`{ o, pur: "overrides", exp }`), flags in key order so the same
 * overrides always make the same plaintext. Object.fromEntries defines each key as an own
 * property, so a flag named "__proto__" stays a flag (STYLE.md §14).
 */
export function overridesClaims(values: OverrideValues, expiresAt: number) {
  const o = Object.fromEntries(Object.keys(values).sort().map((key) => [key, values[key]]));
  return { o, pur: 'overrides', exp: Math.floor(expiresAt / 1000) };
}

/**
 * The `vercel-flag-overrides` cookie for `values`, as the Vercel Flags SDK's
 * `encryptOverrides(values, FLAGS_SECRET)` would make it but deterministic (see `syntheticIv`).
 *
 * @example await encryptOverrides({ 'new-checkout': true }, process.env.FLAGS_SECRET, Date.now() + 3_600_000)
 */
export async function encryptOverrides(values: OverrideValues, secret: string, expiresAt: number): Promise<string> {
  const bytes = flagsSecretBytes(secret);
  if (!bytes.ok) throw new Error(bytes.error);
  const claims = overridesClaims(values, expiresAt);
  return sealJwe(claims, bytes.key, await syntheticIv(bytes.key, JSON.stringify(claims)));
}

/**
 * Like the cookie transport, "append" adds to the Cookie header the browser built, and page
 * JavaScript never sees it. Without a stored secret `prepare` makes nothing and nothing is sent
 * (the popup says so).
 */
export const vercelTransport: OverrideTransport<'vercel', VercelSettings> = {
  id: 'vercel',
  async prepare(settings, values, { secret, expiresAt }) {
    if (!settings.enabled || !secret || !flagsSecretBytes(secret).ok || Object.keys(values).length === 0) return undefined;
    return encryptOverrides(values, secret, expiresAt);
  },
  requestHeaders(settings, _values, context) {
    const jwe = context?.prepared?.get('vercel');
    return settings.enabled && jwe ? [{ header: 'Cookie', operation: 'append', value: `${settings.name}=${jwe}` }] : [];
  },
  carried(settings, { headers }) {
    if (!settings.enabled) return false;
    const prefix = `${settings.name}=`;
    return headers.some((h) => h.name.toLowerCase() === 'cookie' && (h.value ?? '').split(/;\s*/).some((pair) => pair.startsWith(prefix)));
  },
  checkSecret(secret) {
    const bytes = flagsSecretBytes(secret);
    return bytes.ok ? undefined : bytes.error;
  },
};
