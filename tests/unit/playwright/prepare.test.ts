import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare } from '../../../packages/playwright/src/options';
import { startDemoServer, type DemoServer } from '../../../demo/server';
import { shopConfigFile } from './support';

/**
 * What the fixture reads before a test (packages/playwright/src/options.ts, over
 * lib/automation's config, catalogue and signer): the messages a person gets for a wrong site,
 * scenario, file or an unreachable catalogue, and what a good configuration gives.
 */
const dir = mkdtempSync(join(tmpdir(), 'flagtab-pw-prepare-'));
let demo: DemoServer;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  demo = await startDemoServer();
  writeFileSync(file('shop.json'), shopConfigFile(demo.siteOrigin));
  // A catalogue nobody answers: port 9 (discard) on loopback refuses the connection.
  writeFileSync(file('down.json'), shopConfigFile('http://shop.localhost:9'));
});
afterAll(async () => {
  await demo.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the fixture\'s options', () => {
  it('start from the scenario, the values over it, with the catalogue read from the site', async () => {
    const prepared = await prepare({ site: 'Shop', scenario: 'New checkout, banner B', values: { 'max-items': 5 }, config: file('shop.json'), keyFile: false });
    expect(prepared.site.id).toBe('shop');
    expect({ ...prepared.initial }).toEqual({ 'new-checkout': true, 'hero-banner': 'b', 'max-items': 5 });
    expect(prepared.flags?.map((f) => f.key)).toEqual(expect.arrayContaining(['new-checkout', 'express-pay', 'max-items']));
    expect(prepared.signer).toBeUndefined();
    expect(demo.requests.filter((r) => r.path === '/flags.json')).toHaveLength(1);
  });

  it('name what the file has when the site or the scenario is wrong', async () => {
    await expect(prepare({ site: 'shoop', config: file('shop.json') })).rejects.toThrow(`${file('shop.json')} has no site "shoop". Its sites: shop.`);
    await expect(prepare({ site: 'shop', scenario: 'b', config: file('shop.json'), catalogue: false })).rejects.toThrow('site "shop" has no scenario "b". Its scenarios: new-checkout-b.');
    await expect(prepare({ site: 'shop', config: file('missing.json') })).rejects.toThrow(`no Flagtab configuration at ${file('missing.json')}: export it from Flagtab's options page`);
    await expect(prepare({ site: 'shop', config: file('shop.json'), keyFile: file('no.key.json'), catalogue: false })).rejects.toThrow(`no key file at ${file('no.key.json')}`);
  });

  it('fail on an unreachable catalogue saying how to go on without it; catalogue: false skips it', async () => {
    await expect(prepare({ site: 'shop', config: file('down.json') })).rejects.toThrow(/the flag catalogue of site "shop" could not be read: .*fixture: catalogue: false/);
    const unchecked = await prepare({ site: 'shop', config: file('down.json'), catalogue: false });
    expect(unchecked.flags).toBeUndefined();
  });
});
