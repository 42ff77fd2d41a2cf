import { describe, expect, it } from 'vitest';
import { applyHeaderChanges, generateKeyFile, overridesFor, signerFromKeyFile, signerFromTeamSecret, UsageError, withQueryParams } from '../../../lib/automation';
import { rulesFor } from '../../../lib/overrides/planner';
import { importKeys, parseAuthorizedKeys, verifyOverrides } from '../../../lib/wire/v2';
import { site } from './support';

const NOW = Date.UTC(2026, 11, 7, 9, 0, 0);

describe('the requests a plan changes', () => {
  it('sends to the site\'s hosts only: not a lookalike, another host, a path naming it, or another scheme', async () => {
    const plan = await overridesFor(site({ hosts: ['shop.example.com', '*.shop.test'] }), { 'new-checkout': true });
    for (const url of ['https://shop.example.com/', 'http://SHOP.example.com:8080/a?b', 'wss://shop.example.com/live', 'https://shop.test/', 'https://a.b.shop.test/x']) {
      expect(await plan.headersFor(url), url).not.toEqual([]);
    }
    for (const url of ['https://cdn.example.com/', 'https://shop.example.com.evil.net/', 'https://evil.net/?u=https://shop.example.com/', 'https://static.shop.example.com/', 'ftp://shop.example.com/', 'not a url']) {
      expect(await plan.headersFor(url), url).toEqual([]);
      expect(plan.covers(url), url).toBe(false);
    }
  });

  it('makes exactly the header changes the extension\'s session rules make, transport by transport', async () => {
    const s = site({ transports: { header: { enabled: true, name: 'X-Flags' }, cookie: { enabled: true, name: 'ff' }, marker: { enabled: true, name: 'X-Test-Traffic', value: 'flagtab' } } });
    const values = { 'new-checkout': true, 'hero-banner': 'b', 'odd,key;=\n': 1 };
    const plan = await overridesFor(s, values);
    const [rule] = rulesFor({ tabId: 1, hosts: s.hosts, transports: s.transports, values }, ['main_frame']);
    expect(rule!.action.type).toBe('modifyHeaders');
    expect(await plan.headersFor('https://shop.example.com/')).toEqual((rule!.action as { requestHeaders: unknown }).requestHeaders);
  });

  it('applies changes as Chrome does: set replaces, Cookie appends after the page\'s own cookies', () => {
    const headers = applyHeaderChanges({ Cookie: 'sid=1', 'X-Flags': 'old' }, [
      { header: 'X-Flags', operation: 'set', value: 'a=true' },
      { header: 'Cookie', operation: 'append', value: 'ff=YQ' },
      { header: 'X-New', operation: 'append', value: 'n' },
    ]);
    expect({ ...headers }).toEqual({ cookie: 'sid=1; ff=YQ', 'x-flags': 'a=true', 'x-new': 'n' });
  });

  it('signs one token per host scope that the server kit accepts for that host and no other', async () => {
    const { file, line } = await generateKeyFile('ci@shop.example');
    const signer = await signerFromKeyFile(JSON.stringify(file), 'key.json');
    const s = site({ hosts: ['shop.example.com', '*.shop.test'], transports: { signed: { enabled: true, name: 'X-Feature-Flags-V2' } } });
    const plan = await overridesFor(s, { 'new-checkout': true }, { signer, ttlSec: 600, now: () => NOW });
    expect(plan.unsignedWarning).toBeUndefined();
    const keys = await importKeys(parseAuthorizedKeys(line));
    const tokenOf = async (url: string) => (await plan.headersFor(url)).find((c) => c.header === 'X-Feature-Flags-V2')!.value!;
    const exact = await tokenOf('https://shop.example.com/');
    const accepted = await verifyOverrides(exact, { keys, audience: 'shop.example.com', now: NOW / 1000 + 5 });
    expect(accepted).toMatchObject({ ok: true, sub: 'ci@shop.example', values: { 'new-checkout': true }, exp: NOW / 1000 + 600 });
    expect(await verifyOverrides(exact, { keys, audience: 'other.example.com', now: NOW / 1000 })).toMatchObject({ ok: false, reason: 'wrong-audience' });
    expect(await verifyOverrides(await tokenOf('https://a.shop.test/'), { keys, audience: '*.shop.test', now: NOW / 1000 })).toMatchObject({ ok: true });
    expect(await verifyOverrides(exact, { keys, audience: 'shop.example.com', now: NOW / 1000 + 700 })).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('says when a signing site gets no signer, and caps a token\'s life at an hour', async () => {
    const s = site({ transports: { signed: { enabled: true, name: 'X-Feature-Flags-V2' } } });
    const unsigned = await overridesFor(s, { a: true });
    expect(unsigned.unsignedWarning).toMatch(/verifies signed overrides.*FLAGTAB_KEY_FILE.*FLAGTAB_TEAM_SECRET/);
    expect((await unsigned.headersFor('https://shop.example.com/')).map((c) => c.header)).toEqual(['X-Feature-Flags', 'Cookie']);
    const signer = await signerFromTeamSecret('x'.repeat(40), 'ci');
    const long = await overridesFor(s, { a: true }, { signer, ttlSec: 86_400, now: () => NOW });
    const token = (await long.headersFor('https://shop.example.com/')).find((c) => c.header === 'X-Feature-Flags-V2')!.value!;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(3600);
  });

  it('adds the query transport\'s parameters to page loads, and refuses what a transport cannot carry', async () => {
    const s = site({ transports: { query: { enabled: true, name: 'flags', format: 'wire' } } });
    const plan = await overridesFor(s, { 'new-checkout': true });
    expect(withQueryParams('https://shop.example.com/checkout?x=1', plan.queryParams)).toBe('https://shop.example.com/checkout?x=1&flags=new-checkout%3Dtrue');
    const vercel = site({ transports: { vercel: { enabled: true, name: 'vercel-flag-overrides' } } });
    await expect(overridesFor(vercel, { a: true })).rejects.toThrow(/FLAGTAB_SECRET_VERCEL/);
    await expect(overridesFor(vercel, { a: true })).rejects.toBeInstanceOf(UsageError);
  });
});
