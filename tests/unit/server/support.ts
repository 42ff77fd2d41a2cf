/**
 * What every adapter test sends: one validly signed request, and the ways a request must be
 * refused (another host, expired, a key not authorised, a tampered value, unsigned, a flag
 * outside the key's policy), each with the status header the server must answer with.
 */
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { Server } from 'node:http';
import { encodeBase64Url } from '../../../lib/wire/base64url';
import { signOverrides, STATUS_HEADER_NAME, V2_COOKIE_NAME, V2_HEADER_NAME, type SignOptions } from '../../../lib/wire/v2';
import { SIGNING_KEYS } from '../../../scripts/wire-v2-vectors';

export const HOST = 'shop.example.com';
/** alice may override anything; bob only checkout-*; mallory is not listed. */
export const AUTHORIZED_KEYS = [
  `ed25519 ${SIGNING_KEYS.alice.x} alice`,
  `ed25519 ${SIGNING_KEYS.bob.x} bob flags=checkout-* max-lifetime=1h`,
].join('\n');

async function signer(name: 'alice' | 'bob' | 'mallory') {
  return crypto.subtle.importKey('jwk', SIGNING_KEYS[name], { name: 'Ed25519' }, false, ['sign']);
}

export async function token(values: Record<string, boolean | string>, extra: Partial<SignOptions> & { as?: 'alice' | 'bob' | 'mallory' } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const { as = 'alice', ...rest } = extra;
  return signOverrides(values, { alg: 'EdDSA', key: await signer(as), kid: as, sub: `${as}@shop.example`, aud: HOST, iat: now - 10, exp: now + 600, ...rest });
}

export interface Case { name: string; headers: Record<string, string>; status: string; values: Record<string, unknown> }

/** The signed case first; then every way to be refused. */
export async function cases(): Promise<Case[]> {
  const now = Math.floor(Date.now() / 1000);
  const good = await token({ 'new-checkout': true });
  const [header, , signature] = good.split('.');
  const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(good.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)))) as { flg: object };
  const tampered = `${header}.${encodeBase64Url(new TextEncoder().encode(JSON.stringify({ ...claims, flg: { 'new-checkout': true, 'admin-mode': true } })))}.${signature}`;
  return [
    { name: 'signed by an authorised key', headers: { [V2_HEADER_NAME]: good }, status: 'accepted; kid="alice"; n=1', values: { 'new-checkout': true } },
    { name: 'signed, in the cookie', headers: { cookie: `session=1; ${V2_COOKIE_NAME}=${good}` }, status: 'accepted; kid="alice"; n=1', values: { 'new-checkout': true } },
    { name: 'for another host', headers: { [V2_HEADER_NAME]: await token({ 'new-checkout': true }, { aud: 'staging.example.com' }) }, status: 'rejected; reason=wrong-audience; kid="alice"', values: {} },
    { name: 'expired', headers: { [V2_HEADER_NAME]: await token({ 'new-checkout': true }, { iat: now - 7200, exp: now - 3600 }) }, status: 'rejected; reason=expired; kid="alice"', values: {} },
    { name: 'a key not authorised', headers: { [V2_HEADER_NAME]: await token({ 'new-checkout': true }, { as: 'mallory' }) }, status: 'rejected; reason=unknown-key; kid="mallory"', values: {} },
    { name: 'a tampered value', headers: { [V2_HEADER_NAME]: tampered }, status: 'rejected; reason=bad-signature; kid="alice"', values: {} },
    { name: 'unsigned (v1 only)', headers: { 'X-Feature-Flags': 'new-checkout=true' }, status: 'rejected; reason=unsigned', values: {} },
    { name: 'a flag outside the key\'s policy', headers: { [V2_HEADER_NAME]: await token({ 'new-checkout': true }, { as: 'bob' }) }, status: 'rejected; reason=flag-not-allowed; kid="bob"', values: {} },
  ];
}

/** Sends one case to a server and reads what it decided. */
export async function send(base: string, c: Case, path = '/') {
  const response = await fetch(`${base}${path}`, { headers: c.headers });
  return { status: response.headers.get(STATUS_HEADER_NAME), applied: response.headers.get('x-feature-flags-applied'), cache: response.headers.get('cache-control'), body: (await response.json()) as unknown };
}

/**
 * Sends every case to a server whose route answers the accepted values as JSON, and checks what
 * it decided: the status header, the values, the echo header, and no shared caching when accepted.
 */
export async function expectEveryCase(base: string): Promise<void> {
  for (const c of await cases()) {
    const got = await send(base, c);
    const accepted = c.status.startsWith('accepted');
    expect({ status: got.status, body: got.body }, c.name).toEqual({ status: c.status, body: c.values });
    expect(got.applied, c.name).toBe(accepted ? 'new-checkout=true' : null);
    if (accepted) expect(got.cache, c.name).toBe('private, no-store');
  }
}

export const baseOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
