import { encodeBase64Url } from '../wire';
import { formatAuthorizedKey, KID_PATTERN } from '../wire/v2';
import { jwkThumbprint, MIN_SECRET_BYTES } from '../secrets/signing-keys';
import type { Signer } from '../overrides/signing';
import { UsageError } from './errors';

/**
 * Who signs the overrides a test or a command sends (wire v2). In a browser the tester's key is
 * non-extractable; automation has one of its own instead:
 *
 * - a key file made by `flagtab keygen`: an Ed25519 private key as a JWK, whose public half the
 *   server lists (`ed25519 <x> <kid>` in its authorized keys): the CI's own identity, revocable
 *   on its own;
 * - the team's HS256 secret (FLAGTAB_TEAM_SECRET), the same one testers paste into the options
 *   page: the same `kid`, so the server's existing `hs256` line accepts it.
 */

export const KEY_FILE_FORMAT = 'flagtab-signing-key';

/** The key file: private, keep it out of the repository (a CI secret holds it). */
export interface KeyFile {
  format: typeof KEY_FILE_FORMAT;
  kid: string;
  /** Who signs: the tokens' `sub` unless the caller names someone. */
  sub: string;
  jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; d: string };
}

/** A new Ed25519 key file, and its line for the server's authorized keys. */
export async function generateKeyFile(sub: string, options: { flags?: string[]; maxLifetimeSec?: number } = {}): Promise<{ file: KeyFile; line: string }> {
  if (!sub.trim()) throw new UsageError('name who signs (--sub ci@shop.example): the server logs it with every accepted override');
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const x = jwk.x!;
  const kid = await jwkThumbprint(crypto.subtle, { crv: 'Ed25519', kty: 'OKP', x });
  const file: KeyFile = { format: KEY_FILE_FORMAT, kid, sub: sub.trim(), jwk: { kty: 'OKP', crv: 'Ed25519', x, d: jwk.d! } };
  const line = formatAuthorizedKey({ kid, jwk: { kty: 'OKP', crv: 'Ed25519', x }, ...options });
  return { file, line };
}

/** A signer from a key file's text; `source` names it in errors. */
export async function signerFromKeyFile(text: string, source: string, sub?: string): Promise<Signer> {
  let file: Partial<KeyFile>;
  try {
    file = JSON.parse(text) as Partial<KeyFile>;
  } catch {
    throw new UsageError(`${source} is not a Flagtab key file (not JSON): make one with "npx flagtab keygen --sub ci@your.org --out ${source}".`);
  }
  const jwk = file.jwk;
  if (file?.format !== KEY_FILE_FORMAT || !jwk || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || typeof jwk.d !== 'string') {
    throw new UsageError(`${source} is not a Flagtab key file (it needs "format": "${KEY_FILE_FORMAT}" and an Ed25519 private JWK): make one with "npx flagtab keygen".`);
  }
  if (typeof file.kid !== 'string' || !KID_PATTERN.test(file.kid)) throw new UsageError(`${source}: "kid" must be the key's id as the server lists it`);
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d }, { name: 'Ed25519' }, false, ['sign']);
  } catch (error) {
    throw new UsageError(`${source}: the key could not be read (${(error as Error).message}); make a new one with "npx flagtab keygen".`);
  }
  return { alg: 'EdDSA', key, kid: file.kid, sub: sub?.trim() || file.sub || 'automation' };
}

/** A signer from the team's HS256 secret, with the `kid` the options page gives the same secret. */
export async function signerFromTeamSecret(secret: string, sub: string): Promise<Signer> {
  const bytes = new TextEncoder().encode(secret.trim());
  if (bytes.length < MIN_SECRET_BYTES) throw new UsageError(`the team secret must be at least ${MIN_SECRET_BYTES} bytes long (it is ${bytes.length}): check FLAGTAB_TEAM_SECRET holds all of it.`);
  const key = await crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const kid = await jwkThumbprint(crypto.subtle, { k: encodeBase64Url(bytes), kty: 'oct' });
  return { alg: 'HS256', key, kid, sub: sub.trim() || 'automation' };
}
