import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Flag } from '../../lib/flags/flag';
import { catalogueFor, siteWith } from '../support/catalogue';
import { archiveFlag, createBackendToken, createFlag, createViewerToken, SEEDED_FLAGS } from '../support/unleash/seed';

// A real Unleash 8.2 with PostgreSQL, started and seeded once by tests/unleash/global-setup.ts.
const unleash = inject('unleash');
const source = (overrides: Record<string, unknown> = {}) => ({ provider: 'unleash', baseUrl: unleash.url, project: 'default', environment: 'production', ...overrides });
const load = (token: string, overrides?: Record<string, unknown>) => catalogueFor(siteWith(source(overrides)), token).load();
const diagnose = (token: string, overrides?: Record<string, unknown>) => catalogueFor(siteWith(source(overrides)), token).test();
const byKey = (flags: Flag[], key: string) => flags.find((f) => f.key === key)!;
/** Unleash keeps a strategy's variants in its own order (by name, in 8.2). */
const byName = (variants: Flag['variants']) => [...variants].sort((a, b) => a.name.localeCompare(b.name));

let viewerToken: string;
beforeAll(async () => {
  viewerToken = await createViewerToken(unleash);
});

describe('the Unleash catalogue, read with a Viewer\'s personal access token', () => {
  it('lists every live flag of the project and no archived one', async () => {
    const { flags, warnings } = await load(viewerToken);
    const live = SEEDED_FLAGS.filter((f) => !f.archived).map((f) => f.name);
    expect(flags.map((f) => f.key).sort()).toEqual(live.sort());
    expect(warnings).toEqual([]);
  });

  it('gives a flag with strategy variants its variants\' payloads, tags, tickets, links, states and dates', async () => {
    const hero = byKey((await load(viewerToken)).flags, 'hero-banner');
    expect(hero).toMatchObject({
      type: 'string',
      description: 'Which hero banner the shop front shows; see SHOP-142.',
      variants: [
        { name: 'a', value: 'Classic' },
        { name: 'b', value: 'Bold' },
        { name: 'c', value: 'Minimal' },
      ],
      enabled: true,
      environments: { development: { enabled: false }, production: { enabled: true } },
      tags: ['SHOP-142'],
      tickets: ['SHOP-142'],
      links: [{ url: 'https://tracker.example.com/browse/SHOP-142', title: 'Design ticket' }],
      metadata: { type: 'experiment' },
    });
    // Three variants split users: there is no single default, and "off" serves no payload.
    expect(hero.defaultValue).toBeUndefined();
    expect(hero.offValue).toBeUndefined();
    // Created by the seed, whenever in the run this test comes (a loaded machine took 13 min
    // to get here). A second either side: Unleash keeps its own clock reading of the same clock.
    expect(hero.createdAt).toBeGreaterThanOrEqual(unleash.seeded.from - 1_000);
    expect(hero.createdAt).toBeLessThanOrEqual(unleash.seeded.until + 1_000);
    expect(hero.stale).toBeUndefined();
  });

  it('makes a flag without variants an on/off flag, with typed tags and tickets from links and text', async () => {
    const { flags } = await load(viewerToken);
    expect(byKey(flags, 'new-checkout')).toMatchObject({
      type: 'boolean',
      variants: [{ name: 'on', value: true }, { name: 'off', value: false }],
      enabled: true,
      defaultValue: true,
      offValue: false,
      environments: { development: { enabled: false }, production: { enabled: true } },
      tags: expect.arrayContaining(['team:payments', 'checkout']),
      tickets: ['acme/shop#12'],
      links: [{ url: 'https://github.com/acme/shop/issues/12' }],
    });
    expect(byKey(flags, 'dark-mode')).toMatchObject({ type: 'boolean', enabled: false, defaultValue: false, tickets: ['SHOP-77'] });
  });

  it('reads variants and state in the configured environment only', async () => {
    const production = byKey((await load(viewerToken)).flags, 'price-test');
    expect(production).toMatchObject({ type: 'number', enabled: false });
    expect(byName(production.variants)).toEqual([{ name: 'high', value: 12.5 }, { name: 'low', value: 9.99 }]);
    // In development the flag is on, with a plain rollout and no variants.
    const development = byKey((await load(viewerToken, { environment: 'development' })).flags, 'price-test');
    expect(development).toMatchObject({ type: 'boolean', enabled: true, defaultValue: true, environments: { development: { enabled: true }, production: { enabled: false } } });
  });

  it('says why a flag Unleash marks stale is ready to remove', async () => {
    const old = byKey((await load(viewerToken)).flags, 'old-banner');
    expect(old.stale).toBe('Marked stale in Unleash. It is on in production.');
  });

  it('points out a flag past its type\'s expected lifetime, as Unleash\'s "potentially stale" does', async () => {
    // Only the test's clock moves 41 days on; Unleash's flags stay as they are.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 41 * 24 * 60 * 60_000);
    try {
      const { flags } = await load(viewerToken);
      expect(byKey(flags, 'hero-banner').stale).toMatch(/^Potentially stale: created \d{4}-\d\d-\d\d, past the 40-day expected lifetime of Unleash's "Experiment" flags\. It is on in production\.$/);
      expect(byKey(flags, 'old-banner').stale).toBe('Marked stale in Unleash. It is on in production.');
    } finally {
      vi.useRealTimers();
    }
    expect(byKey((await load(viewerToken)).flags, 'hero-banner').stale).toBeUndefined();
  });

  it('passes "Test connection" with the count, and takes an admin token and a base URL ending in /api', async () => {
    const live = SEEDED_FLAGS.filter((f) => !f.archived).length;
    expect(await diagnose(viewerToken)).toEqual({ ok: true, flagCount: live, message: `Connected to Unleash: ${live} flag(s) in production.` });
    expect(await diagnose(unleash.adminToken, { baseUrl: `${unleash.url}/api` })).toMatchObject({ ok: true, flagCount: live });
  });
});

describe('Unleash failures a person can act on', () => {
  it('a wrong token: says the token was refused and which read-only token to create', async () => {
    const result = await diagnose('*:*.not-a-real-token');
    expect(result.ok).toBe(false);
    expect(result.message).toContain('HTTP 401');
    expect(result.message).toMatch(/did not accept this token/);
    expect(result.message).toMatch(/Personal Access Token of a user with the Viewer role/);
  });

  it('a client (backend) token: valid, but may not read the Admin API', async () => {
    const result = await diagnose(await createBackendToken(unleash));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('HTTP 403');
    expect(result.message).toMatch(/may not read project "default".*client \(backend\)/);
  });

  it('an unknown project: not found, check the project id and base URL', async () => {
    const result = await diagnose(viewerToken, { project: 'no-such-project' });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/HTTP 404: No project found/);
    expect(result.message).toMatch(/Check the project id.*without \/api/);
  });

  it('an unknown environment: names the environments the project has', async () => {
    const result = await diagnose(viewerToken, { environment: 'staging' });
    expect(result.ok).toBe(false);
    expect(result.message).toContain('Unleash project "default" has no environment "staging" (it has "development", "production").');
  });

  it('a wrong base URL: Unleash answers its web page, which is not the API', async () => {
    const result = await diagnose(viewerToken, { baseUrl: `${unleash.url}/unleash` });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/not JSON \(it starts "<!DOCTYPE html>.*Check the base URL/);
  });
});

describe('hostile data from Unleash', () => {
  it('survives a 90 KB description and payloads with , ; = and a newline', async () => {
    const tricky = 'size=L; colour=red,blue\nsecond line';
    // Unleash accepts request bodies up to 100 KB, so 90 000 characters is about its largest.
    await createFlag(unleash, {
      name: 'hostile-data',
      description: `${'x'.repeat(90_000)} SHOP-1`,
      enabledIn: ['production'],
      variants: [{ name: 'tricky', payload: { type: 'string', value: tricky } }, { name: 'bare' }],
    });
    try {
      const { flags, warnings } = await load(viewerToken);
      const hostile = byKey(flags, 'hostile-data');
      expect(hostile.type).toBe('string');
      expect(byName(hostile.variants)).toEqual([{ name: 'bare', value: 'bare' }, { name: 'tricky', value: tricky }]);
      expect(hostile.description!.length).toBeLessThan(5_000);
      expect(warnings).toEqual([expect.stringContaining('Shortened the description of "hostile-data"')]);
      expect(flags).toHaveLength(SEEDED_FLAGS.filter((f) => !f.archived).length + 1);
    } finally {
      await archiveFlag(unleash, 'hostile-data');
    }
    expect((await load(viewerToken)).flags.map((f) => f.key)).not.toContain('hostile-data');
  });
});
