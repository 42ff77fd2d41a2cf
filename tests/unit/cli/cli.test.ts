import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../packages/cli/src/cli';
import { captured, cliWorld, curlWith, type CliWorld } from './support';

/**
 * The flagtab command against the demo shop: what it prints, fed to real curl, is honoured by
 * the shop; signed with a key from keygen, the strict shop accepts it; bad input exits 2 with a
 * message that says what to do.
 */
let world: CliWorld;
beforeAll(async () => {
  world = await cliWorld();
  vi.stubEnv('FLAGTAB_CONFIG', world.configFile);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await world.close();
});

const run = async (...argv: string[]) => {
  const io = captured();
  const code = await main(argv, io);
  return { code, ...io };
};

describe('flagtab header', () => {
  it('prints headers that curl sends and the demo shop honours, for one request', async () => {
    const { code, out } = await run('header', '--site', 'shop', 'express-pay=true', 'max-items=five');
    expect(code).toBe(0);
    expect(out).toEqual(['X-Feature-Flags: express-pay=true&max-items=5', 'Cookie: flagtab=ZXhwcmVzcy1wYXk9dHJ1ZSZtYXgtaXRlbXM9NQ']);
    const page = await curlWith(out, `${world.demo.siteOrigin}/checkout`);
    expect(page).toContain('<h2>Express Checkout</h2>');
    expect(page).toMatch(/x-feature-flags-applied: .*express-pay=true/i);
    const plain = await curlWith([], `${world.demo.siteOrigin}/checkout`);
    expect(plain).not.toContain('Express Checkout');
  });

  it('prints the cookie alone with --cookie, and starts from a scenario', async () => {
    const { out } = await run('header', '--site', 'Demo Shop', '--scenario', 'new-checkout-b', '--cookie', 'hero-banner=c');
    expect(out).toHaveLength(1);
    expect(Buffer.from(out[0]!.split('=')[1]!, 'base64url').toString()).toBe('hero-banner=%22c%22&new-checkout=true');
  });

  it('exits 2 with what to do for an unknown site, flag or value, a missing file, or a foreign host', async () => {
    const cases: [string[], string][] = [
      [['header', '--site', 'nope', 'a=1'], 'has no site "nope". Its sites: shop.'],
      [['header', '--site', 'shop', 'new-chekout=true'], 'site "shop" has no flag "new-chekout"; did you mean "new-checkout"?'],
      [['header', '--site', 'shop', 'hero-banner=z'], '"z" is not a value of hero-banner: use one of "a", "b", "c", "d"'],
      [['header', '--site', 'shop', 'new-checkout=maybe'], '"maybe" is not a value of new-checkout'],
      [['header', '--site', 'shop'], 'no overrides given'],
      [['header', 'new-checkout=true'], 'name the site: --site <id>'],
      [['header', '--site', 'shop', '--config', '/nowhere/flagtab-config.json', 'a=1'], 'no Flagtab configuration at /nowhere/flagtab-config.json: export it from Flagtab\'s options page'],
      [['header', '--site', 'shop', '--host', 'cdn.localhost', 'new-checkout=true'], 'cdn.localhost is not a host of site "shop"'],
      [['header', '--site', 'shop', '--bogus'], 'Unknown option \'--bogus\'. See "flagtab header --help".'],
      [['frobnicate'], 'unknown command "frobnicate"'],
    ];
    for (const [argv, message] of cases) {
      const { code, err, out } = await run(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(out).toEqual([]);
      expect(err.join('\n'), argv.join(' ')).toContain(message);
    }
  });

  it('checks nothing against an unreachable catalogue unless told to skip it', async () => {
    const { code, err } = await run('header', '--site', 'shop', '--config', world.configFile, 'made-up=1', '--no-catalogue');
    expect(code).toBe(0);
    expect(err).toEqual([]);
    const broken = join(world.dir, 'broken.json');
    writeFileSync(broken, readFileSync(world.configFile, 'utf8').replace(/http:\/\/shop\.localhost:\d+\/flags\.json/, 'http://shop.localhost:1/flags.json'));
    const failed = await run('header', '--site', 'shop', '--config', broken, 'new-checkout=true');
    expect(failed.code).toBe(2);
    expect(failed.err.join('\n')).toMatch(/the flag catalogue of site "shop" could not be read: .* skip the flag check \(--no-catalogue/);
  });
});

describe('signed overrides from the command line', () => {
  it('keygen\'s key signs tokens the strict shop accepts; verify explains a refusal', async () => {
    const keyFile = join(world.dir, 'key.json');
    const made = await run('keygen', '--sub', 'ci@shop.example', '--out', keyFile);
    expect(made.code).toBe(0);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const [line] = made.out;
    expect(line).toMatch(/^ed25519 \S+ \S+$/);
    expect((await run('keygen', '--sub', 'x', '--out', keyFile)).err.join('')).toContain('exists');
    await world.demo.authorize(line!);
    world.writeConfig({ signed: { enabled: true, name: 'X-Feature-Flags-V2' } });
    try {
      const unsigned = await run('header', '--site', 'shop', 'express-pay=true');
      expect(unsigned.err.join('')).toContain('verifies signed overrides');
      expect(await curlWith(unsigned.out, `${world.demo.siteOrigin}/checkout`)).toMatch(/x-feature-flags-status: rejected; reason=unsigned/i);

      const signed = await run('header', '--site', 'shop', '--key', keyFile, 'express-pay=true');
      expect(signed.err).toEqual([]);
      const page = await curlWith(signed.out, `${world.demo.siteOrigin}/checkout`);
      expect(page).toMatch(/x-feature-flags-status: accepted; kid="[^"]+"; n=1/i);
      expect(page).toContain('Express Checkout');

      const keys = join(world.dir, 'authorized_keys');
      writeFileSync(keys, `${line}\n`);
      const v2 = signed.out.find((l) => l.startsWith('X-Feature-Flags-V2:'))!;
      const ok = await run('verify', '--keys', keys, '--host', 'shop.localhost', v2);
      expect(ok.code).toBe(0);
      expect(ok.out).toEqual([expect.stringMatching(/^accepted: key "\S+" \(ci@shop.example\) for shop.localhost, until 20\d\d-/), '  express-pay = true']);
      const elsewhere = await run('verify', '--keys', keys, '--host', 'www.localhost', v2);
      expect(elsewhere).toMatchObject({ code: 1, out: ['refused (wrong-audience): the token is for "shop.localhost", not "www.localhost"; sign it for this host'] });
      const later = await run('verify', '--keys', keys, '--host', 'shop.localhost', '--at', new Date(Date.now() + 2 * 3600_000).toISOString(), v2);
      expect(later.code).toBe(1);
      expect(later.out[0]).toMatch(/^refused \(expired\): the token expired/);
      expect((await run('verify', '--keys', keys, '--host', 'shop.localhost', 'garbage')).out[0]).toMatch(/^refused \(malformed\)/);
      expect((await run('verify', '--keys', join(world.dir, 'none'), '--host', 'shop.localhost', 'x')).code).toBe(2);
    } finally {
      world.writeConfig();
    }
  });
});

describe('flagtab curl, scenarios and sites', () => {
  it('runs curl with the overrides on the site, and refuses any other host', async () => {
    const before = world.demo.requests.length;
    const ok = await run('curl', '--site', 'shop', 'express-pay=true', '--', '-s', '-o', '/dev/null', `${world.demo.siteOrigin}/checkout?via=curl`);
    expect(ok.code).toBe(0);
    const sent = world.demo.requests.slice(before).find((r) => r.path === '/checkout?via=curl')!;
    expect(sent.headers['x-feature-flags']).toBe('express-pay=true');
    const refused = await run('curl', '--site', 'shop', 'express-pay=true', '--', `http://cdn.localhost:${world.demo.port}/`);
    expect(refused.code).toBe(2);
    expect(refused.err.join('')).toContain('is not on site "shop" (shop.localhost): overrides only go to the site\'s hosts');
  });

  it('lists scenarios and sites', async () => {
    const listed = await run('scenarios');
    expect(listed.out).toEqual(['shop (Demo Shop): 1 scenario', '  new-checkout-b  "New checkout, banner B"  (tickets SHOP-142)', '      new-checkout = true', '      hero-banner = "b"']);
    const json = JSON.parse((await run('scenarios', '--json', '--site', 'shop')).out.join('\n')) as { id: string }[];
    expect(json.map((s) => s.id)).toEqual(['new-checkout-b']);
    expect((await run('sites')).out).toEqual(['shop  "Demo Shop"  shop.localhost']);
  });
});
