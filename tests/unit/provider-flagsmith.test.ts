import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApi, type FakeApi } from '../support/fake-api';
import { catalogueFor, siteWith } from '../support/catalogue';
import { flagsmithFeature as feature, startFakeFlagsmith, type FakeFlagsmithData } from '../support/fake-providers/flagsmith';

const KEY = 'fs.0rg4n1sation-key';
const DAY = 24 * 60 * 60 * 1000;
const now = Date.now();
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const servers: FakeApi[] = [];
afterEach(async () => void (await Promise.all(servers.splice(0).map((s) => s.close()))));

async function flagsmith(features: Record<string, unknown>[], states: Record<string, unknown>[], extra: Partial<FakeFlagsmithData> = {}) {
  const api = await startFakeFlagsmith({ apiKey: KEY, project: '12', environment: 'Kq3envKey', environmentId: 7, features, states, ...extra });
  servers.push(api);
  const site = (project = '12', environment = 'Kq3envKey') => siteWith({ provider: 'flagsmith', baseUrl: api.origin, project, environment });
  return { api, site };
}
const state = (feature: number, enabled: boolean, value: unknown = null, updated = now) =>
  ({ id: 1000 + feature, feature, enabled, feature_state_value: value, updated_at: new Date(updated).toISOString() });
/** Features 1…n with one state each: enough to page through. */
const many = (n: number) => ({
  features: Array.from({ length: n }, (_, i) => feature(i + 1, `flag-${i + 1}`)),
  states: Array.from({ length: n }, (_, i) => state(i + 1, true)),
});

describe('Flagsmith provider against a fake Flagsmith Admin API', () => {
  it('normalises features with their state in the environment, tags as labels', async () => {
    const tags = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, label: i === 10 ? 'SHOP-142' : `tag-${i + 1}` }));
    const { api, site } = await flagsmith(
      [
        feature(1, 'new-checkout', { description: 'One-page checkout, see acme/shop#12', tags: [1, 11] }),
        feature(2, 'hero-banner', {
          type: 'MULTIVARIATE',
          multivariate_options: [
            { type: 'unicode', string_value: 'summer' }, { type: 'unicode', string_value: 'autumn' }, { type: 'unicode', string_value: 'spring' },
          ],
        }),
        feature(3, 'max-items'),
        feature(4, 'beta-banner', { num_segment_overrides: 2 }),
        feature(5, 'old-thing', { is_archived: true }),
        feature(6, 'dark-mode'),
      ],
      [
        state(1, true, null, now - 90 * DAY), state(2, true, 'spring', now - 90 * DAY), state(3, false, 50),
        state(4, true, true, now - 90 * DAY), state(5, true), state(6, false, ''),
        // An identity override, as older versions list them: not the environment's state.
        { ...state(3, true, 5), id: 2000, identity: 99 },
      ],
      { tags },
    );
    const { flags, warnings } = await catalogueFor(site(), KEY).load();

    expect(warnings).toEqual([]);
    expect(flags.map((f) => f.key)).toEqual(['new-checkout', 'hero-banner', 'max-items', 'beta-banner', 'dark-mode']);
    expect(flags[0]).toEqual({
      key: 'new-checkout', description: 'One-page checkout, see acme/shop#12', type: 'boolean',
      variants: [{ name: 'on', value: true }, { name: 'off', value: false }],
      defaultValue: true, offValue: false, enabled: true, environments: { Kq3envKey: { enabled: true } },
      tags: ['tag-1', 'SHOP-142'], tickets: ['SHOP-142', 'acme/shop#12'], links: [],
      createdAt: Date.parse('2025-06-01T09:00:00Z'), updatedAt: now - 90 * DAY,
      stale: `On for everyone in this environment, unchanged since ${day(now - 90 * DAY)}`,
    });
    // Multivariate: the environment's value is the control, then each option, once.
    expect(flags[1]).toMatchObject({
      type: 'string', defaultValue: 'spring', enabled: true,
      variants: [{ name: 'control', value: 'spring' }, { name: 'summer', value: 'summer' }, { name: 'autumn', value: 'autumn' }],
    });
    // Disabled remote config: Flagsmith still sends 50 with enabled=false; what "off" means is the app's.
    expect(flags[2]).toMatchObject({ type: 'number', variants: [], enabled: false });
    expect(flags[2]).not.toHaveProperty('defaultValue');
    expect(flags[2]).not.toHaveProperty('offValue');
    expect(flags[3]).toMatchObject({ type: 'boolean', defaultValue: true, enabled: true });
    // A cleared value ("") is an on/off flag, switched off.
    expect(flags[4]).toMatchObject({ type: 'boolean', defaultValue: false, offValue: false, enabled: false });
    // Multivariate, with segment overrides, or changed recently: not "on for everyone".
    expect(flags.filter((f) => f.stale).map((f) => f.key)).toEqual(['new-checkout']);
    // Overrides are counted only when the features are listed with the environment's id.
    expect(api.requests.find((r) => r.path.endsWith('/features/'))!.query.get('environment')).toBe('7');
    expect(api.requests.filter((r) => r.path.endsWith('/tags/'))).toHaveLength(2);
  });

  it('follows `next` through every page, once, and reports progress', async () => {
    const { features, states } = many(250);
    const { api, site } = await flagsmith(features, states);
    const catalogue = catalogueFor(site(), KEY);
    const { flags } = await catalogue.load();
    const pages = (suffix: string) => api.requests.filter((r) => r.path.endsWith(suffix)).map((r) => [r.query.get('page'), r.query.get('page_size')]);
    expect(pages('/features/')).toEqual([[null, '100'], ['2', '100'], ['3', '100']]);
    expect(pages('/featurestates/')).toEqual([[null, '100'], ['2', '100'], ['3', '100']]);
    expect(flags).toHaveLength(250);
    expect(new Set(flags.map((f) => f.key)).size).toBe(250);
    expect(flags.every((f) => f.enabled === true)).toBe(true);
    expect([...catalogue.session.items.values()]).toEqual([{ loaded: 250, total: 250 }]);
  });

  it.each([
    ['a bare organisation key', KEY, `Api-Key ${KEY}`],
    ['a key pasted with its scheme', `Api-Key ${KEY}`, `Api-Key ${KEY}`],
    ['a user token', 'Token u53r-t0ken', 'Token u53r-t0ken'],
  ])('sends %s as the documented Authorization header', async (_what, pasted, header) => {
    const { api, site } = await flagsmith([feature(1, 'a')], [state(1, true)], { userToken: 'u53r-t0ken' });
    expect(await catalogueFor(site(), pasted).test()).toEqual({ ok: true, flagCount: 1, message: 'Connected to Flagsmith: 1 flag(s) in Kq3envKey.' });
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([header, header]);
  });

  it.each([
    ['a wrong key', '12', 'Kq3envKey', 'nope', /HTTP 401: Invalid token\.+ Flagsmith did not accept the key: create an Organisation API key \(Organisation settings → API Keys\).*only reads/],
    ['a project the key may not read', '13', 'Kq3envKey', KEY, /features\/ answered HTTP 403: You do not have permission to perform this action\.+ The key has no access to project 13/],
    ['an unknown project', '99', 'Kq3envKey', KEY, /projects\/99\/features\/ answered HTTP 404: Not found\.+ Flagsmith has no project 99 or no environment with key "Kq3envKey": check the numeric project id/],
    ['an unknown environment key', '12', 'wrongKey', KEY, /environments\/wrongKey\/featurestates\/ answered HTTP 404: Not found\.+ .*environment key/],
  ])('"Test connection" with %s says what to do', async (_what, project, environment, token, message) => {
    const { site } = await flagsmith([feature(1, 'a')], [state(1, true)], { forbiddenProject: '13' });
    expect(await catalogueFor(site(project, environment), token).test()).toEqual({ ok: false, message: expect.stringMatching(message) });
  });

  it('waits as a 429 asks, retries 500s, and says when the API is too slow', async () => {
    const { api, site } = await flagsmith([feature(1, 'a')], [state(1, true)]);
    api.failNext(1, { status: 429, headers: { 'Retry-After': '7' }, body: { detail: 'Request was throttled. Expected available in 7 seconds.' } });
    const limited = catalogueFor(site(), KEY);
    expect((await limited.load()).flags.map((f) => f.key)).toEqual(['a']);
    expect(limited.waits).toEqual([7000]);

    api.failNext(2, { status: 500, body: { detail: 'Server error' } });
    const flaky = catalogueFor(site(), KEY);
    expect((await flaky.load()).flags.map((f) => f.key)).toEqual(['a']);
    expect(flaky.waits).toHaveLength(2);

    api.delayMs = 300;
    expect((await catalogueFor(site(), KEY, { timeoutMs: 50 }).test())).toEqual({ ok: false, message: expect.stringMatching(/did not answer within 0\.05 s/) });
  });

  it('turns a broken answer into a clear error, and skips one malformed feature with a warning', async () => {
    const { api, site } = await flagsmith([feature(1, 'good'), { ...feature(2, 'x'), name: 42 }, feature(3, 'odd-options', { multivariate_options: 'many' })], [state(1, true)]);
    api.failNext(1, { status: 200, body: '{"results": [' });
    expect((await catalogueFor(site(), KEY).test()).message).toMatch(/not JSON.*Check the base URL/);
    api.failNext(1, { status: 200, body: { count: 'lots', results: 'none' } });
    expect((await catalogueFor(site(), KEY).test()).message).toMatch(/featurestates\/ did not answer with a page of feature states .*: count: .*expected number/);

    const { flags, warnings } = await catalogueFor(site(), KEY).load();
    expect(flags.map((f) => f.key)).toEqual(['good']);
    expect(warnings).toEqual([
      expect.stringMatching(/^Skipped a Flagsmith feature \(item 2 of its page\): name: .*expected string/),
      expect.stringMatching(/^Skipped a Flagsmith feature \("odd-options"\): multivariate_options: .*expected array/),
    ]);
  });

  it('keeps hostile features usable: a 1 MB description is shortened, odd keys survive', async () => {
    const key = 'checkout,v2;beta=1\nline2';
    const { site } = await flagsmith([feature(1, 'huge', { description: 'x'.repeat(1024 * 1024) }), feature(2, key)], [state(1, true), state(2, true, 'a;b=c')]);
    const { flags, warnings } = await catalogueFor(site(), KEY).load();
    expect(flags[0]!.description).toHaveLength(4001);
    expect(warnings).toEqual([expect.stringContaining('Shortened the description of "huge"')]);
    expect(flags[1]).toMatchObject({ key, defaultValue: 'a;b=c' });
  });

  it('refuses a `next` link to another origin and never sends the key there', async () => {
    const { features, states } = many(150);
    const { api, site } = await flagsmith(features, states);
    const elsewhere = await startFakeApi({ routes: [], authorize: () => undefined });
    servers.push(elsewhere);
    api.linkOrigin = elsewhere.origin;
    expect((await catalogueFor(site(), KEY).test()).message).toMatch(/pointed Flagtab at http:\/\/127\.0\.0\.1:\d+, not .*does not send your token anywhere else/);
    expect(elsewhere.requests).toEqual([]);
  });
});
