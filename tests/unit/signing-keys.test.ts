import { createHmac, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSigningKeyStore, jwkThumbprint, MIN_SECRET_BYTES, type KeyDb, type SigningKeyRecord } from '../../lib/secrets/signing-keys';
import { decodeBase64Url } from '../../lib/wire';

const subtle = webcrypto.subtle as unknown as SubtleCrypto;

function memoryDb(): KeyDb & { records: Map<string, SigningKeyRecord> } {
  const records = new Map<string, SigningKeyRecord>();
  return { records, get: async (id) => records.get(id), put: async (r) => void records.set(r.siteId, r), delete: async (id) => void records.delete(id) };
}

function setup() {
  const db = memoryDb();
  let now = 1_700_000_000_000;
  return { db, keys: createSigningKeyStore({ db, subtle, now: () => now++ }) };
}

const TEAM_SECRET = 'a-team-secret-of-more-than-thirty-two-bytes-1234567890';

describe('signing keys', () => {
  it('names a key by its RFC 7638 thumbprint (RFC 8037 A.3)', async () => {
    expect(await jwkThumbprint(subtle, { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' })).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });

  it('generates an Ed25519 key whose private half cannot be read back, and shows only the public half', async () => {
    const { db, keys } = setup();
    const shown = await keys.generate('shop');
    expect(shown).toEqual({ kind: 'ed25519', kid: expect.any(String), createdAt: expect.any(Number), publicJwk: { kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: shown.kid, alg: 'EdDSA', use: 'sig' } });
    const x = decodeBase64Url(shown.publicJwk!.x);
    expect(x.ok && x.bytes.length).toBe(32);
    expect(shown.kid).toBe(await jwkThumbprint(subtle, { crv: 'Ed25519', kty: 'OKP', x: shown.publicJwk!.x }));
    expect(JSON.stringify(shown)).not.toMatch(/"d"/);

    const record = db.records.get('shop')!;
    expect(record.key.extractable).toBe(false);
    await expect(subtle.exportKey('jwk', record.key)).rejects.toThrow();
    // What it signs, the public key it shows verifies.
    const data = new TextEncoder().encode('new-checkout=true');
    const signature = await subtle.sign('Ed25519', record.key, data);
    const publicKey = await subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: shown.publicJwk!.x }, 'Ed25519', false, ['verify']);
    expect(await subtle.verify('Ed25519', publicKey, signature, data)).toBe(true);
  });

  it('rotates: a new key replaces the old one, with a new id', async () => {
    const { keys } = setup();
    const first = await keys.generate('shop');
    const second = await keys.generate('shop');
    expect(second.kid).not.toBe(first.kid);
    expect((await keys.get('shop'))?.kid).toBe(second.kid);
  });

  it('keeps a team secret as a key that signs HS256 and cannot be read back; every tester gets the same id', async () => {
    const a = setup();
    const b = setup();
    const shown = await a.keys.importSecret('shop', `  ${TEAM_SECRET}\n`);
    expect(shown).toEqual({ kind: 'hs256', kid: expect.any(String), createdAt: expect.any(Number) });
    expect((await b.keys.importSecret('shop', TEAM_SECRET)).kid).toBe(shown.kid);
    const record = a.db.records.get('shop')!;
    expect(record.key.extractable).toBe(false);
    const mac = new Uint8Array(await subtle.sign('HMAC', record.key, new TextEncoder().encode('x')));
    expect(Buffer.from(mac).toString('hex')).toBe(createHmac('sha256', TEAM_SECRET).update('x').digest('hex'));
  });

  it('refuses a team secret too short to be safe, and says how to get one', async () => {
    const { db, keys } = setup();
    await expect(keys.importSecret('shop', 'x'.repeat(MIN_SECRET_BYTES - 1))).rejects.toThrow(/at least 32 bytes .*openssl rand/);
    expect(db.records.size).toBe(0);
  });

  it('revokes: the site has no key any more', async () => {
    const { keys } = setup();
    await keys.generate('shop');
    await keys.revoke('shop');
    expect(await keys.get('shop')).toBeUndefined();
    expect(await keys.signingKey('shop')).toBeUndefined();
  });

  it('keeps each site\'s key apart, whatever the site id', async () => {
    const { keys } = setup();
    const proto = await keys.generate('__proto__');
    const shop = await keys.generate('shop');
    expect((await keys.get('__proto__'))?.kid).toBe(proto.kid);
    expect((await keys.get('shop'))?.kid).toBe(shop.kid);
    expect(({} as Record<string, unknown>).kid).toBeUndefined();
  });
});
