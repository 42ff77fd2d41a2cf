import { randomBytes } from 'node:crypto';
import { decryptOverrides } from 'flags';
import { describe, expect, it } from 'vitest';
import { prepareFor, requestHeadersFor, secretRefusal } from '../../../lib/transports/registry';
import { TransportsSchema } from '../../../lib/transports/settings';
import { DEFAULT_TRANSPORTS } from '../../support/transports';

/**
 * The vercel transport against the real Vercel Flags SDK: what `prepare` makes, the SDK's own
 * `decryptOverrides` (jose) reads back, under that FLAGS_SECRET only.
 */
const SECRET = randomBytes(32).toString('base64url');
const OTHER = randomBytes(32).toString('base64url');
const NOW = Date.UTC(2026, 0, 1, 12);
const HOUR = 3_600_000;
const settings = { ...DEFAULT_TRANSPORTS, cookie: { ...DEFAULT_TRANSPORTS.cookie, enabled: false }, header: { ...DEFAULT_TRANSPORTS.header, enabled: false }, vercel: { enabled: true, name: 'vercel-flag-overrides' } };

async function prepare(values: Record<string, unknown>, secret: string | null = SECRET, expiresAt = Date.now() + HOUR) {
  const made = await prepareFor(settings, values as never, { expiresAt, now: NOW }, async (id) => (id === 'vercel' ? (secret ?? undefined) : undefined));
  return made.get('vercel');
}

describe('the Vercel Flags overrides cookie', () => {
  it('is what the real flags SDK decrypts with the app\'s FLAGS_SECRET, and nothing under another', async () => {
    // A flag named __proto__ (STYLE.md §14) stays a flag, in the cookie and in what the SDK reads.
    const values = JSON.parse('{"new-checkout":true,"banner":"b","limits":{"max":3,"tiers":["a","b"]},"__proto__":1}') as Record<string, unknown>;
    const jwe = (await prepare(values))!;
    expect(jwe).toMatch(/^[\w-]+\.\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    const read = await decryptOverrides(jwe, SECRET);
    expect(read).toEqual(JSON.parse('{"__proto__":1,"banner":"b","limits":{"max":3,"tiers":["a","b"]},"new-checkout":true}'));
    expect(Object.hasOwn(read!, '__proto__')).toBe(true);
    expect(await decryptOverrides(jwe, OTHER)).toBeUndefined();
  });

  it('carries the overrides\' expiry: the SDK refuses it once they expired', async () => {
    const jwe = (await prepare({ a: true }, SECRET, Date.now() - 1000))!;
    expect(await decryptOverrides(jwe, SECRET)).toBeUndefined();
    expect(JSON.parse(Buffer.from(jwe.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'dir', enc: 'A256GCM' });
  });

  it('is the same for the same overrides and expiry (the tab\'s rules stay), and differs when either changes', async () => {
    const at = NOW + HOUR;
    const one = await prepare({ a: true, b: 'x' }, SECRET, at);
    expect(await prepare({ b: 'x', a: true }, SECRET, at)).toBe(one);
    const others = [await prepare({ a: false, b: 'x' }, SECRET, at), await prepare({ a: true, b: 'x' }, SECRET, at + 1000), await prepare({ a: true, b: 'x' }, OTHER, at)];
    for (const other of others) expect(other).not.toBe(one);
    // Different plaintexts never share an IV (the third part).
    const ivs = new Set([one, ...others].map((jwe) => jwe!.split('.')[2]));
    expect(ivs.size).toBe(4);
  });

  it('is appended to the tab\'s Cookie header, and nothing is sent without a secret or when off', async () => {
    const jwe = await prepare({ a: true });
    expect(requestHeadersFor(settings, { a: true }, { prepared: new Map([['vercel', jwe!]]) })).toEqual([{ header: 'Cookie', operation: 'append', value: `vercel-flag-overrides=${jwe}` }]);
    expect(await prepare({ a: true }, null)).toBeUndefined();
    expect(requestHeadersFor(settings, { a: true }, { prepared: new Map() })).toEqual([]);
    const off = { ...settings, vercel: { enabled: false, name: 'vercel-flag-overrides' } };
    expect(requestHeadersFor(off, { a: true }, { prepared: new Map([['vercel', jwe!]]) })).toEqual([]);
  });

  it('is off for a site saved before it existed', () => {
    expect(TransportsSchema.parse({ header: DEFAULT_TRANSPORTS.header, cookie: DEFAULT_TRANSPORTS.cookie }).vercel).toEqual({ enabled: false, name: 'vercel-flag-overrides' });
  });

  it.each([
    ['a FLAGS_SECRET', SECRET, undefined],
    ['one with spaces around it', ` ${SECRET}\n`, undefined],
    ['16 bytes', randomBytes(16).toString('base64url'), /decodes to 16 bytes; the Flags SDK wants exactly 32 \(43 base64url characters\)/],
    ['standard base64', `${randomBytes(31).toString('base64')}+/A`, /not base64url/],
    // The SDK decodes with Node's lenient base64url, which takes the padding: so does Flagtab.
    ['padded', `${SECRET}=`, undefined],
    ['a password', 'correct horse battery staple', /not base64url: character 8 is " "/],
    ['empty', '', /FLAGS_SECRET is empty/],
  ])('checks a typed secret at Save: %s', (_name, secret, error) => {
    const why = secretRefusal('vercel', secret);
    if (error) expect(why).toMatch(error);
    else expect(why).toBeUndefined();
    expect(secretRefusal('cookie', secret)).toBeUndefined();
  });
});
