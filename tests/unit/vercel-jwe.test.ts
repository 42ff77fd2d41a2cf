import { randomBytes } from 'node:crypto';
import { decryptOverrides, encryptOverrides, verifyAccess, verifyAccessProof } from 'flags';
import { describe, expect, it } from 'vitest';
import { createVercelAccessProof, encryptVercelJwe, vercelSecretKey, VercelSecretError } from '../../lib/wire/vercel-jwe';

/** A FLAGS_SECRET as the Flags SDK's docs make one: 32 random bytes, base64url. */
const newSecret = () => randomBytes(32).toString('base64url');
const SECRET = newSecret();
const now = () => Date.now();

describe('the Flags SDK accepts what lib/wire/vercel-jwe.ts makes', () => {
  it('verifyAccessProof and verifyAccess accept Flagtab\'s access proof', async () => {
    const proof = await createVercelAccessProof(SECRET, { now: now() });
    expect(await verifyAccessProof(proof, SECRET)).toBe(true);
    expect(await verifyAccess(`Bearer ${proof}`, SECRET)).toBe(true);
  });

  it('refuses a proof made with another secret, an expired one, and one for another purpose', async () => {
    expect(await verifyAccessProof(await createVercelAccessProof(newSecret(), { now: now() }), SECRET)).toBe(false);
    expect(await verifyAccessProof(await createVercelAccessProof(SECRET, { now: now() - 2 * 60 * 60 * 1000 }), SECRET)).toBe(false);
    expect(await verifyAccessProof(await encryptVercelJwe({ pur: 'overrides', o: {} }, SECRET), SECRET)).toBe(false);
  });

  it('decryptOverrides opens an overrides cookie Flagtab encrypted (for the Vercel cookie transport)', async () => {
    const overrides = { 'new-checkout': true, 'hero-banner': 'summer', 'max-items': 50, theme: { accent: 'red' }, off: null };
    const exp = Math.floor(now() / 1000) + 3600;
    const cookie = await encryptVercelJwe({ o: overrides, pur: 'overrides', exp }, SECRET);
    expect(await decryptOverrides(cookie, SECRET)).toEqual(overrides);
    expect(await decryptOverrides(cookie, newSecret())).toBeUndefined();
    // Past its exp the SDK ignores it: the transport can bound a cookie by the overrides' expiry.
    expect(await decryptOverrides(await encryptVercelJwe({ o: overrides, pur: 'overrides', exp: exp - 7200 }, SECRET), SECRET)).toBeUndefined();
  });

  it('is the same compact form the SDK writes: header, empty key, 12-byte IV, ciphertext, 16-byte tag', async () => {
    const ours = (await encryptVercelJwe({ o: { a: true }, pur: 'overrides' }, SECRET)).split('.');
    const theirs = (await encryptOverrides({ a: true }, SECRET)).split('.');
    expect(ours).toHaveLength(5);
    expect(ours[0]).toBe(theirs[0]);
    expect(JSON.parse(Buffer.from(ours[0]!, 'base64url').toString())).toEqual({ alg: 'dir', enc: 'A256GCM' });
    expect(ours[1]).toBe('');
    expect(Buffer.from(ours[2]!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(ours[4]!, 'base64url')).toHaveLength(16);
  });

  it('never reuses an IV: the same payload twice gives different IVs and ciphertexts', async () => {
    const made = await Promise.all(Array.from({ length: 50 }, () => encryptVercelJwe({ pur: 'proof', exp: 1 }, SECRET)));
    expect(new Set(made.map((jwe) => jwe.split('.')[2])).size).toBe(50);
    expect(new Set(made.map((jwe) => jwe.split('.')[3])).size).toBe(50);
  });
});

describe('vercelSecretKey', () => {
  const bytes = randomBytes(32);
  it.each([
    ['base64url, as the SDK docs make it', bytes.toString('base64url')],
    ['with "=" padding', `${bytes.toString('base64url')}=`],
    ['in standard base64 (Node\'s decoder, which the SDK uses, takes it too)', bytes.toString('base64')],
    ['with spaces around it, as pasted', `  ${bytes.toString('base64url')}\n`],
  ])('takes a secret %s', (_what, secret) => {
    expect(vercelSecretKey(secret)).toEqual(new Uint8Array(bytes));
  });

  it.each([
    ['empty', '', /FLAGS_SECRET is empty\. Copy FLAGS_SECRET from the app's environment variables/],
    ['too short', randomBytes(16).toString('base64url'), /decodes to 16 bytes; the Flags SDK wants exactly 32 \(43 base64url characters\)/],
    ['too long', randomBytes(64).toString('base64url'), /decodes to 64 bytes/],
    ['not base64url', 'my secret!', /is not base64url: character 3 is " "\. Copy/],
    ['a few characters', 'hunter2', /decodes to 5 bytes/],
    ['43 characters no encoder makes (non-zero leftover bits)', `${randomBytes(32).toString('base64url').slice(0, 42)}B`, /is not base64url \(ends in non-zero padding bits/],
  ])('refuses a secret that is %s, saying what to paste', (_what, secret, message) => {
    const key = vercelSecretKey(secret);
    expect(key).toBeInstanceOf(VercelSecretError);
    expect((key as VercelSecretError).message).toMatch(message);
  });

  it('encryptVercelJwe throws that error rather than encrypting with a wrong key', async () => {
    await expect(encryptVercelJwe({ pur: 'proof' }, 'short')).rejects.toThrow(VercelSecretError);
  });
});
