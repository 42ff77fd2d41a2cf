import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApi, type FakeApi } from '../support/fake-api';
import { catalogueFor, siteWith } from '../support/catalogue';
import { createHttpClient } from '../../lib/providers/http';
import { postHogProvider } from '../../lib/providers/posthog';
import { phFlag, startFakePostHog } from '../support/fake-providers/posthog';

const KEY = 'phx_reader123';
const servers: FakeApi[] = [];
afterEach(async () => void (await Promise.all(servers.splice(0).map((s) => s.close()))));

const everyone = { groups: [{ properties: [], rollout_percentage: 100, variant: null }], multivariate: null, payloads: {} };

async function postHog(flags: Record<string, unknown>[], extra: { scopes?: string[]; listDeleted?: boolean } = {}) {
  const api = await startFakePostHog({ key: KEY, project: '42', flags, ...extra });
  servers.push(api);
  const site = (project = '42') => siteWith({ provider: 'posthog', baseUrl: api.origin, project });
  return { api, site };
}

describe('PostHog provider against a fake PostHog API', () => {
  it('normalises flags: PostHog\'s "name" is the description, variants are strings, no environments', async () => {
    const { api, site } = await postHog([
      phFlag('new-checkout', { id: 7, name: 'One-page checkout (SHOP-142)', tags: ['checkout', null, 'acme/shop#12'], filters: everyone }),
      phFlag('hero-banner', {
        name: 'Seasonal hero',
        filters: {
          groups: [{ properties: [], rollout_percentage: 100, variant: null }],
          multivariate: { variants: [{ key: 'spring', name: 'Spring flowers', rollout_percentage: 50 }, { key: 'summer', rollout_percentage: 50 }] },
          payloads: { spring: '{"image":"spring.png"}' },
        },
      }),
      phFlag('beta-search', { active: false }),
      phFlag('half-rollout'),
      phFlag('gone', { deleted: true }),
    ], { listDeleted: true });
    const { flags, warnings } = await catalogueFor(site(), KEY).load();

    expect(warnings).toEqual([]);
    expect(flags.map((f) => f.key)).toEqual(['new-checkout', 'hero-banner', 'beta-search', 'half-rollout']);
    expect(flags[0]).toEqual({
      key: 'new-checkout', description: 'One-page checkout (SHOP-142)', type: 'boolean', variants: [{ name: 'on', value: true }, { name: 'off', value: false }],
      defaultValue: true, offValue: false, enabled: true,
      tags: ['checkout', 'acme/shop#12'], tickets: ['acme/shop#12', 'SHOP-142'],
      links: [{ url: `${api.origin}/project/42/feature_flags/7`, title: 'Open in PostHog' }],
      createdAt: Date.parse('2025-01-02T10:00:00Z'), updatedAt: Date.parse('2025-02-03T10:00:00Z'),
      stale: 'On for everyone in this project (100 %, no conditions), unchanged since 2025-02-03.',
    });
    expect(flags[1]).toMatchObject({
      description: 'Seasonal hero', type: 'string', enabled: true,
      variants: [{ name: 'Spring flowers', value: 'spring' }, { name: 'summer', value: 'summer' }],
    });
    expect(flags[1]).not.toHaveProperty('defaultValue');
    expect(flags[2]).toMatchObject({ type: 'boolean', enabled: false, defaultValue: false, offValue: false });
    // Half of everyone: the value depends on the user, so there is no default to show.
    expect(flags[3]).not.toHaveProperty('defaultValue');
    expect(flags.filter((f) => f.stale).map((f) => f.key)).toEqual(['new-checkout']);
    expect(flags.some((f) => 'environments' in f)).toBe(false);
  });

  it('does not call a flag stale while a condition filters users or it changed lately', async () => {
    const { site } = await postHog([
      phFlag('only-staff', { filters: { ...everyone, groups: [{ properties: [{ key: 'email', operator: 'icontains', value: '@acme.com', type: 'person' }], rollout_percentage: 100 }] } }),
      phFlag('changed-today', { filters: everyone, updated_at: new Date().toISOString() }),
      phFlag('off', { filters: everyone, active: false }),
    ]);
    expect((await catalogueFor(site(), KEY).load()).flags.filter((f) => f.stale)).toEqual([]);
  });

  it('follows the absolute next URL through every page, once, and reports progress', async () => {
    const { api, site } = await postHog(Array.from({ length: 250 }, (_, i) => phFlag(`flag-${i}`)));
    const catalogue = catalogueFor(site(), KEY);
    const { flags } = await catalogue.load();
    expect(api.requests.map((r) => `${r.path}?${r.query}`)).toEqual([
      '/api/projects/42/feature_flags/?limit=100&offset=0',
      '/api/projects/42/feature_flags/?limit=100&offset=100',
      '/api/projects/42/feature_flags/?limit=100&offset=200',
    ]);
    expect(new Set(flags.map((f) => f.key)).size).toBe(250);
    expect(flags).toHaveLength(250);
    expect([...catalogue.session.items.values()]).toEqual([{ loaded: 250, total: 250 }]);
  });

  it('sends the personal API key as a bearer token', async () => {
    const { api, site } = await postHog([phFlag('a')]);
    expect(await catalogueFor(site(), KEY).test()).toMatchObject({ ok: true, flagCount: 1, message: 'Connected to PostHog: 1 flag(s).' });
    expect(api.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it.each([
    ['a wrong key', '42', 'phx_wrong', ['feature_flag:read'], /HTTP 401: Invalid personal API key\.+ .*personal API key \(Settings → Personal API keys\) with the feature_flag:read scope/],
    ['a key without the scope', '42', KEY, ['insight:read'], /HTTP 403: API key missing required scope 'feature_flag:read'\. The key lacks the feature_flag:read scope or access to project 42/],
    ['a wrong project id', '24', KEY, ['feature_flag:read'], /HTTP 404: Not found\.+ PostHog has no project 24 here: check the project id/],
  ])('"Test connection" with %s says what to do', async (_what, project, key, scopes, message) => {
    const { site } = await postHog([phFlag('a')], { scopes });
    expect(await catalogueFor(site(project), key).test()).toEqual({ ok: false, message: expect.stringMatching(message) });
  });

  it('waits as a 429 asks, retries 500s, and says when the API is too slow', async () => {
    const { api, site } = await postHog([phFlag('a')]);
    api.failNext(1, { status: 429, headers: { 'Retry-After': '7' }, body: { type: 'throttled_error', code: 'throttled', detail: 'Request was throttled.', attr: null } });
    const limited = catalogueFor(site(), KEY);
    expect((await limited.load()).flags).toHaveLength(1);
    expect(limited.waits).toEqual([7000]);

    api.failNext(2, { status: 500, body: { type: 'server_error', code: 'error', detail: 'A server error occurred.', attr: null } });
    const flaky = catalogueFor(site(), KEY);
    expect((await flaky.load()).flags).toHaveLength(1);
    expect(flaky.waits).toHaveLength(2);

    api.delayMs = 300;
    expect((await catalogueFor(site(), KEY, { timeoutMs: 50 }).test()).message).toMatch(/did not answer within 0\.05 s/);
  });

  it('turns a broken answer into a clear error, and skips one malformed flag with a warning', async () => {
    const { api, site } = await postHog([phFlag('good'), phFlag('bad', { active: 'yes' })]);
    api.failNext(1, { status: 200, body: '<html>Sign in</html>' });
    expect((await catalogueFor(site(), KEY).test()).message).toMatch(/not JSON \(it starts "<html>Sign in<\/html>"\).*Check the base URL/);
    api.failNext(1, { status: 200, body: { count: 3, results: { a: 1 } } });
    expect((await catalogueFor(site(), KEY).test()).message).toMatch(/PostHog's feature flag list is not in the documented shape \(results: .*expected array/);

    const { flags, warnings } = await catalogueFor(site(), KEY).load();
    expect(flags.map((f) => f.key)).toEqual(['good']);
    expect(warnings).toEqual([expect.stringMatching(/^Skipped PostHog flag "bad": active: .*expected boolean/)]);
  });

  it('keeps hostile flags usable: a 1 MB description is shortened, odd keys survive', async () => {
    const key = 'checkout,v2;beta=1\nline2';
    const { site } = await postHog([phFlag('huge', { name: 'x'.repeat(1024 * 1024) }), phFlag(key)]);
    const { flags, warnings } = await catalogueFor(site(), KEY).load();
    expect(flags[0]!.description).toHaveLength(4001);
    expect(warnings).toEqual([expect.stringContaining('Shortened the description of "huge"')]);
    expect(flags[1]!.key).toBe(key);
  });

  it('refuses a next URL on another origin and never sends the key there', async () => {
    const { api, site } = await postHog([phFlag('a')]);
    const elsewhere = await startFakeApi({ routes: [], authorize: () => undefined });
    servers.push(elsewhere);
    api.failNext(1, { status: 200, body: { count: 2, next: `${elsewhere.origin}/api/projects/42/feature_flags/?offset=1`, results: [phFlag('a')] } });
    expect((await catalogueFor(site(), KEY).test()).message).toMatch(/pointed Flagtab at http:\/\/127\.0\.0\.1:\d+, not .*does not send your token anywhere else/);
    expect(elsewhere.requests).toEqual([]);
  });

  it('follows a next URL that a TLS-ending proxy wrote with http:// back over https://', async () => {
    const asked: { url: string; authorization: string | null }[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      asked.push({ url: String(input), authorization: new Headers(init?.headers).get('Authorization') });
      const first = asked.length === 1;
      const next = first ? 'http://ph.example.com/api/projects/42/feature_flags/?limit=100&offset=100' : null;
      return Response.json({ count: 2, next, results: [phFlag(first ? 'a' : 'b')] });
    };
    const source = { provider: 'posthog' as const, baseUrl: 'https://ph.example.com', project: '42' };
    const http = createHttpClient({ fetch, origin: 'https://ph.example.com', headers: postHogProvider.authHeaders({ source, token: KEY }) });
    const { flags } = await postHogProvider.fetchCatalogue({ source, token: KEY, http, onProgress: () => undefined });
    expect(flags.map((f) => f.key)).toEqual(['a', 'b']);
    expect(asked.map((a) => a.url)).toEqual([
      'https://ph.example.com/api/projects/42/feature_flags/?limit=100&offset=0',
      'https://ph.example.com/api/projects/42/feature_flags/?limit=100&offset=100',
    ]);
    expect(asked.every((a) => a.authorization === `Bearer ${KEY}`)).toBe(true);
  });
});
