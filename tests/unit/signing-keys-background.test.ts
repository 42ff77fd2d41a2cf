import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { registerKeys } from '../../lib/background/keys';
import { createSigningKeyStore, type KeyDb, type SigningKeyRecord } from '../../lib/secrets/signing-keys';
import { DEFAULT_DETECTION, type Site } from '../../lib/config/schema';
import { importKeys, parseAuthorizedKeys, signOverrides, verifyOverrides } from '../../lib/wire/v2';
import { createSigningKeysModel } from '../../components/options/signing-keys-model';

const subtle = webcrypto.subtle as unknown as SubtleCrypto;
const TEAM_SECRET = 'a-team-secret-of-more-than-thirty-two-bytes-1234567890';
const shop: Site = {
  id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', url: 'https://shop.example.com/f.json' },
  transports: { header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: true, name: 'flagtab' }, signed: { enabled: true, name: 'X-Feature-Flags-V2' } },
  expiryMinutes: 60, detection: DEFAULT_DETECTION,
};

function setup() {
  const records = new Map<string, SigningKeyRecord>();
  const db: KeyDb = { get: async (id) => records.get(id), put: async (r) => void records.set(r.siteId, r), delete: async (id) => void records.delete(id) };
  let changes = 0;
  const keys = registerKeys({ store: createSigningKeyStore({ db, subtle, now: () => 42 }), sites: async () => [shop], keysChanged: async () => void changes++ });
  return { keys, changes: () => changes };
}

describe('the background\'s signing-key messages', () => {
  it('generates a key and answers only its public half, with the line the server takes', async () => {
    const { keys, changes } = setup();
    expect(await keys.handlers['keys/get']({ siteId: 'shop' })).toEqual({ key: null });
    const { key } = await keys.handlers['keys/generate']({ siteId: 'shop', who: 'alice@shop.example' });
    expect(key).toEqual({ kind: 'ed25519', kid: expect.any(String), createdAt: 42, who: 'alice@shop.example', publicJwk: expect.objectContaining({ kty: 'OKP', crv: 'Ed25519' }), line: `ed25519 ${key!.publicJwk!.x} ${key!.kid}` });
    expect(JSON.stringify(key)).not.toMatch(/"d"|CryptoKey/);
    expect(changes()).toBe(1);

    // The line works on a server: a token the engine's signer makes verifies with it.
    const signer = (await keys.signer('shop'))!;
    expect(signer).toMatchObject({ alg: 'EdDSA', kid: key!.kid, sub: 'alice@shop.example' });
    const token = await signOverrides({ a: true }, { ...signer, aud: 'shop.example.com', iat: 1000, exp: 2000 });
    const trusted = await importKeys(parseAuthorizedKeys(key!.line!));
    expect(await verifyOverrides(token, { keys: trusted, audience: 'shop.example.com', now: 1500 })).toMatchObject({ ok: true, sub: 'alice@shop.example' });
  });

  it('never answers an HS256 line (it would hold the secret), and revokes', async () => {
    const { keys, changes } = setup();
    const { key } = await keys.handlers['keys/import-secret']({ siteId: 'shop', secret: TEAM_SECRET, who: 'qa team' });
    expect(key).toEqual({ kind: 'hs256', kid: expect.any(String), createdAt: 42, who: 'qa team' });
    expect(JSON.stringify(key)).not.toContain(Buffer.from(TEAM_SECRET).toString('base64url'));
    expect(await keys.handlers['keys/revoke']({ siteId: 'shop' })).toEqual({ key: null });
    expect(await keys.signer('shop')).toBeUndefined();
    expect(changes()).toBe(2);
  });

  it('refuses a site that is not configured', async () => {
    const { keys } = setup();
    await expect(keys.handlers['keys/generate']({ siteId: 'nope', who: 'a' })).rejects.toThrow();
  });
});

describe('options: the signing keys model', () => {
  it('loads, generates with the typed name, rotates, copies the line and revokes, saying what happened', async () => {
    const { keys } = setup();
    const copied: string[] = [];
    const client = { request: ((type: keyof typeof keys.handlers, data: never) => keys.handlers[type](data)) as never };
    const model = createSigningKeysModel({ client, copy: async (t) => void copied.push(t) });
    await model.load('shop');
    expect(model.stateOf('shop').key).toBeNull();
    model.setWho('shop', 'alice');
    await model.generate('shop');
    const first = model.stateOf('shop').key!;
    expect(first.who).toBe('alice');
    expect(model.stateOf('shop').notice).toMatch(/Copy its line into the server/);
    await model.copyLine('shop');
    expect(copied).toEqual([first.line]);
    await model.generate('shop');
    expect(model.stateOf('shop').key!.kid).not.toBe(first.kid);
    expect(model.stateOf('shop').notice).toMatch(/old key signs nothing/);
    await model.revoke('shop');
    expect(model.stateOf('shop').key).toBeNull();
    model.setSecret('shop', 'short');
    await model.importSecret('shop');
    expect(model.stateOf('shop').error).toMatch(/at least 32 bytes/);
  });
});
