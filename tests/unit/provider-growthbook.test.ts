import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApi, type FakeApi } from '../support/fake-api';
import { catalogueFor, siteWith } from '../support/catalogue';
import { growthBookFeature as feature, startFakeGrowthBook } from '../support/fake-providers/growthbook';

const KEY = 'secret_readonly_abc123';
const DAY = 24 * 60 * 60 * 1000;
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const servers: FakeApi[] = [];
afterEach(async () => void (await Promise.all(servers.splice(0).map((s) => s.close()))));

async function growthBook(features: Record<string, unknown>[], extra: { forbiddenProject?: string } = {}) {
  const api = await startFakeGrowthBook({ secretKey: KEY, features, ...extra });
  servers.push(api);
  const site = (environment = 'production', project?: string, baseUrl = api.origin) =>
    siteWith({ provider: 'growthbook', baseUrl, environment, ...(project ? { project } : {}) });
  return { api, site };
}
/** The production environment of a feature, with rules. */
const production = (enabled: boolean, defaultValue: string, rules: unknown[] = []) => ({
  production: { enabled, defaultValue, rules }, dev: { enabled: false, defaultValue, rules: [] },
});

describe('GrowthBook provider against a fake GrowthBook REST API', () => {
  it('normalises features as they are in the configured environment', async () => {
    const { site } = await growthBook([
      feature('new-checkout', {
        description: 'One-page checkout, see acme/shop#12', tags: ['checkout', 'SHOP-142'], owner: 'ana@example.com',
        defaultValue: 'false', environments: production(true, 'true'), dateCreated: iso(now - 120 * DAY), dateUpdated: iso(now - 90 * DAY),
      }),
      feature('hero-banner', {
        valueType: 'string', defaultValue: 'spring', dateUpdated: iso(now - 90 * DAY),
        environments: production(true, 'spring', [
          { id: 'r1', type: 'force', description: 'Staff', condition: '{"staff":true}', enabled: true, value: 'summer' },
          { id: 'r2', type: 'experiment', description: '', enabled: true, value: [{ value: 'spring', weight: 0.5, name: 'Control' }, { value: 'autumn', weight: 0.5, name: 'Autumn' }] },
          { id: 'r3', type: 'experiment-ref', description: '', enabled: true, experimentId: 'exp_1', variations: [{ variationId: 'var_w', value: 'winter' }] },
          { id: 'r4', type: 'force', description: 'Old', enabled: false, value: 'never' },
        ]),
      }),
      feature('max-items', { valueType: 'number', defaultValue: '50', environments: production(false, '50', [{ id: 'r5', type: 'rollout', description: '', enabled: true, value: '10', coverage: 0.1 }]) }),
      feature('theme', { valueType: 'json', defaultValue: '{"bg":"#000"}', environments: production(true, '{"bg":"#000"}', [{ id: 'r6', type: 'force', description: '', enabled: true, value: '{"bg":"#fff"}' }]) }),
      feature('recently-changed', { dateUpdated: iso(now - 2 * DAY) }),
      feature('old-thing', { archived: true }),
      feature('broken-number', { valueType: 'number', defaultValue: 'lots', environments: production(true, 'lots') }),
      feature('bad-type', { valueType: 'secret' }),
    ]);
    const { flags, warnings } = await catalogueFor(site(), KEY).load();

    expect(warnings).toEqual([
      'Skipped GrowthBook feature "broken-number": its default value "lots" is not a number.',
      'Skipped GrowthBook feature "bad-type": its valueType "secret" is not boolean, string, number or json.',
    ]);
    expect(flags.map((f) => f.key)).toEqual(['new-checkout', 'hero-banner', 'max-items', 'theme', 'recently-changed']);
    // The environment's default wins over the feature's.
    expect(flags[0]).toEqual({
      key: 'new-checkout', description: 'One-page checkout, see acme/shop#12', type: 'boolean',
      variants: [{ name: 'on', value: true }, { name: 'off', value: false }],
      defaultValue: true, offValue: false, enabled: true, environments: { production: { enabled: true }, dev: { enabled: false } },
      tags: ['checkout', 'SHOP-142'], tickets: ['SHOP-142', 'acme/shop#12'], links: [], metadata: { owner: 'ana@example.com' },
      createdAt: now - 120 * DAY, updatedAt: now - 90 * DAY,
      stale: `On for everyone in production with no rules, unchanged since ${iso(now - 90 * DAY).slice(0, 10)}`,
    });
    // Every value an enabled rule can serve, once; the disabled rule's value is not offered.
    expect(flags[1]).toMatchObject({
      type: 'string', defaultValue: 'spring', enabled: true,
      variants: [{ name: 'default', value: 'spring' }, { name: 'Staff', value: 'summer' }, { name: 'Autumn', value: 'autumn' }, { name: 'var_w', value: 'winter' }],
    });
    // Off in production: the SDK gets null and the app its fallback, so no offValue is claimed.
    expect(flags[2]).toMatchObject({ type: 'number', enabled: false, defaultValue: 50, variants: [{ name: 'default', value: 50 }, { name: 'rollout', value: 10 }] });
    expect(flags[2]).not.toHaveProperty('offValue');
    expect(flags[3]).toMatchObject({ type: 'json', defaultValue: { bg: '#000' }, variants: [{ name: 'default', value: { bg: '#000' } }, { name: 'force', value: { bg: '#fff' } }] });
    // Rules, switched off, or changed lately: not stale.
    expect(flags.filter((f) => f.stale).map((f) => f.key)).toEqual(['new-checkout']);
  });

  it('warns when no feature has the configured environment', async () => {
    const { site } = await growthBook([feature('a')]);
    const { flags, warnings } = await catalogueFor(site('prod'), KEY).load();
    expect(flags[0]).not.toHaveProperty('enabled');
    expect(warnings).toEqual(['No GrowthBook feature has an environment "prod" (they have production, dev): check the environment id in the site\'s settings.']);
  });

  it('pages by offset through every feature of the project, once, and reports progress', async () => {
    const features = [...Array.from({ length: 250 }, (_, i) => feature(`flag-${i}`, { project: 'shop' })), feature('elsewhere', { project: 'blog' })];
    const { api, site } = await growthBook(features);
    const catalogue = catalogueFor(site('production', 'shop'), KEY);
    const { flags } = await catalogue.load();
    expect(api.requests.map((r) => [r.path, r.query.get('limit'), r.query.get('offset'), r.query.get('projectId')])).toEqual([
      ['/api/v1/features', '100', '0', 'shop'],
      ['/api/v1/features', '100', '100', 'shop'],
      ['/api/v1/features', '100', '200', 'shop'],
    ]);
    expect(flags).toHaveLength(250);
    expect(new Set(flags.map((f) => f.key)).size).toBe(250);
    expect([...catalogue.session.items.values()]).toEqual([{ loaded: 250, total: 250 }]);
  });

  it.each([['a bare secret key', KEY], ['a key pasted with "Bearer "', `Bearer ${KEY}`]])('sends %s as "Authorization: Bearer <key>"', async (_what, pasted) => {
    const { api, site } = await growthBook([feature('a')]);
    expect(await catalogueFor(site(), pasted).test()).toEqual({ ok: true, flagCount: 1, message: 'Connected to GrowthBook: 1 flag(s) in production.' });
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${KEY}`]);
  });

  it.each([
    ['a wrong key', 'nope', undefined, '', /HTTP 401: Invalid API key\. GrowthBook did not accept the key: create a read-only secret key \(Settings → API Keys, role "readonly"\)/],
    ['a project the key may not read', KEY, 'secret', '', /HTTP 403: You do not have access to read features in this project\. The key may not read project "secret"/],
    ['a wrong base URL', KEY, undefined, '/growthbook', /growthbook\/api\/v1\/features answered HTTP 404: Unknown API endpoint\. GrowthBook's API was not found there: check the base URL/],
  ])('"Test connection" with %s says what to do', async (_what, token, project, prefix, message) => {
    const { api, site } = await growthBook([feature('a')], { forbiddenProject: 'secret' });
    expect(await catalogueFor(site('production', project, api.origin + prefix), token).test()).toEqual({ ok: false, message: expect.stringMatching(message) });
  });

  it('waits as a 429 asks, retries 500s, and says when the API is too slow', async () => {
    const { api, site } = await growthBook([feature('a')]);
    api.failNext(1, { status: 429, headers: { 'Retry-After': '7' }, body: { message: 'Too many requests, please try again later.' } });
    const limited = catalogueFor(site(), KEY);
    expect((await limited.load()).flags.map((f) => f.key)).toEqual(['a']);
    expect(limited.waits).toEqual([7000]);

    api.failNext(2, { status: 500, body: { message: 'Internal error' } });
    const flaky = catalogueFor(site(), KEY);
    expect((await flaky.load()).flags.map((f) => f.key)).toEqual(['a']);
    expect(flaky.waits).toHaveLength(2);

    api.delayMs = 300;
    expect(await catalogueFor(site(), KEY, { timeoutMs: 50 }).test()).toEqual({ ok: false, message: expect.stringMatching(/did not answer within 0\.05 s/) });
  });

  it('turns a broken answer into a clear error, and skips one malformed feature with a warning', async () => {
    const { api, site } = await growthBook([feature('good'), { id: 7, valueType: 'boolean' }, feature('bad-rule', { environments: production(true, 'true', [{ type: 'force', value: 'true' }, 'rule?']) })]);
    api.failNext(1, { status: 200, body: '{"features": [' });
    expect((await catalogueFor(site(), KEY).test()).message).toMatch(/not JSON.*Check the base URL/);
    api.failNext(1, { status: 200, body: { features: 'none', hasMore: 'yes' } });
    expect((await catalogueFor(site(), KEY).test()).message).toMatch(/\/api\/v1\/features did not answer with a page of features .*: features: .*expected array/);
    api.failNext(1, { status: 200, body: { features: [feature('x')], hasMore: true, nextOffset: 0 } });
    expect((await catalogueFor(site(), KEY).test()).message).toMatch(/nextOffset \(0\) did not move past offset 0/);

    const { flags, warnings } = await catalogueFor(site(), KEY).load();
    expect(flags.map((f) => f.key)).toEqual(['good']);
    expect(warnings).toEqual([
      expect.stringMatching(/^Skipped a GrowthBook feature \(item 2\): id: .*expected string/),
      expect.stringMatching(/^Skipped GrowthBook feature "bad-rule": one of its rules in "production" is malformed/),
    ]);
  });

  it('keeps hostile features usable: a 1 MB description is shortened, odd keys and values survive', async () => {
    const key = 'checkout,v2;beta=1\nline2';
    const { site } = await growthBook([feature('huge', { description: 'x'.repeat(1024 * 1024) }), feature(key, { valueType: 'string', environments: production(true, 'a;b=c\nd') })]);
    const { flags, warnings } = await catalogueFor(site(), KEY).load();
    expect(flags[0]!.description).toHaveLength(4001);
    expect(warnings).toEqual([expect.stringContaining('Shortened the description of "huge"')]);
    expect(flags[1]).toMatchObject({ key, defaultValue: 'a;b=c\nd' });
  });

  it('refuses a redirect to another origin and never sends the key there', async () => {
    const { api, site } = await growthBook([feature('a')]);
    const elsewhere = await startFakeApi({ routes: [], authorize: () => undefined });
    servers.push(elsewhere);
    api.failNext(1, { status: 302, headers: { Location: `${elsewhere.origin}/api/v1/features` } });
    expect(await catalogueFor(site(), KEY).test()).toEqual({ ok: false, message: expect.stringMatching(/redirected Flagtab to http:\/\/127\.0\.0\.1:\d+\/api\/v1\/features.*base URL/) });
    expect(elsewhere.requests).toEqual([]);
  });
});
