import { describe, expect, it } from 'vitest';
import { generateKeyFile, signerFromKeyFile, signerFromTeamSecret } from '../../../lib/automation';
import { createSigningKeyStore } from '../../../lib/secrets/signing-keys';
import type { SigningKeyRecord } from '../../../lib/secrets/signing-keys';

const SECRET = 'team-secret-of-at-least-thirty-two-bytes!';

describe('automation signers', () => {
  it('gives a team secret the kid the options page gives the same secret, so the server\'s hs256 line accepts both', async () => {
    const db = new Map<string, SigningKeyRecord>();
    const store = createSigningKeyStore({ db: { get: async (id) => db.get(id), put: async (r) => void db.set(r.siteId, r), delete: async (id) => void db.delete(id) }, subtle: crypto.subtle, now: () => 0 });
    const view = await store.importSecret('shop', `  ${SECRET}\n`);
    const signer = await signerFromTeamSecret(SECRET, 'ci');
    expect(signer).toMatchObject({ alg: 'HS256', kid: view.kid, sub: 'ci' });
    await expect(signerFromTeamSecret('short', 'ci')).rejects.toThrow('at least 32 bytes long (it is 5)');
  });

  it('writes a key file whose line names the same kid, and reads it back; the private key is not extractable', async () => {
    const { file, line } = await generateKeyFile('ci@shop.example', { flags: ['checkout-*'], maxLifetimeSec: 900 });
    expect(line).toBe(`ed25519 ${file.jwk.x} ${file.kid} flags=checkout-* max-lifetime=900s`);
    const signer = await signerFromKeyFile(JSON.stringify(file), 'key.json');
    expect(signer).toMatchObject({ alg: 'EdDSA', kid: file.kid, sub: 'ci@shop.example' });
    expect(signer.key.extractable).toBe(false);
    expect((await signerFromKeyFile(JSON.stringify(file), 'key.json', 'someone-else')).sub).toBe('someone-else');
  });

  it('refuses files that are not key files, saying how to make one', async () => {
    await expect(signerFromKeyFile('nope', 'k.json')).rejects.toThrow('k.json is not a Flagtab key file (not JSON): make one with "npx flagtab keygen');
    await expect(signerFromKeyFile('{"kty":"OKP"}', 'k.json')).rejects.toThrow(/needs "format": "flagtab-signing-key"/);
    const { file } = await generateKeyFile('ci');
    await expect(signerFromKeyFile(JSON.stringify({ ...file, jwk: { ...file.jwk, d: 'AAAA' } }), 'k.json')).rejects.toThrow(/the key could not be read/);
    await expect(generateKeyFile('  ')).rejects.toThrow(/name who signs/);
  });
});
