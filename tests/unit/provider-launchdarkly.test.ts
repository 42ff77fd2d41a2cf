import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApi, type FakeApi } from '../support/fake-api';
import { catalogueFor, siteWith } from '../support/catalogue';
import { ldFlag, startFakeLaunchDarkly, withEnvironment } from '../support/fake-providers/launchdarkly';

const TOKEN = 'api-0123-reader';
const DAY = 24 * 60 * 60 * 1000;
const now = Date.now();
const servers: FakeApi[] = [];
afterEach(async () => void (await Promise.all(servers.splice(0).map((s) => s.close()))));

async function launchDarkly(flags: Record<string, unknown>[], extra: { forbiddenProjects?: string[]; listArchived?: boolean } = {}) {
  const api = await startFakeLaunchDarkly({ token: TOKEN, project: 'shop', environments: ['production', 'staging'], flags, ...extra });
  servers.push(api);
  const site = (project = 'shop', environment = 'production') => siteWith({ provider: 'launchdarkly', baseUrl: api.origin, project, environment });
  return { api, site };
}

describe('LaunchDarkly provider against a fake LaunchDarkly API', () => {
  it('normalises flags as they are in the configured environment', async () => {
    const { api, site } = await launchDarkly([
      ldFlag('new-checkout', {
        name: 'New checkout', description: 'One-page checkout, see acme/shop#12', temporary: true, tags: ['checkout', 'SHOP-142'],
        customProperties: { 'jira.issues': { name: 'Jira issues', value: ['SHOP-7', 'https://jira.example.com/browse/SHOP-7'] } },
      }, now),
      withEnvironment(ldFlag('hero-banner', {
        kind: 'multivariate', variations: [{ value: 'spring', name: 'Spring', description: 'Flowers' }, { value: 'summer' }, { value: 'none' }],
      }, now), 'production', { on: false, fallthrough: { variation: 1 }, offVariation: 2 }),
      ldFlag('max-items', { kind: 'multivariate', variations: [{ value: 5 }, { value: 50 }] }, now),
      withEnvironment(ldFlag('theme', { kind: 'multivariate', variations: [{ value: { bg: '#000' } }, { value: { bg: '#fff' } }] }, now),
        'production', { fallthrough: { rollout: { variations: [{ variation: 0, weight: 50000 }, { variation: 1, weight: 50000 }] } } }),
      ldFlag('old-thing', { archived: true }, now),
    ], { listArchived: true });
    const { flags, warnings } = await catalogueFor(site(), TOKEN).load();

    expect(warnings).toEqual([]);
    expect(flags.map((f) => f.key)).toEqual(['new-checkout', 'hero-banner', 'max-items', 'theme']);
    expect(flags[0]).toEqual({
      key: 'new-checkout', name: 'New checkout', description: 'One-page checkout, see acme/shop#12', type: 'boolean',
      variants: [{ name: 'true', value: true }, { name: 'false', value: false }],
      defaultValue: true, offValue: false, enabled: true,
      environments: { production: { enabled: true } },
      tags: ['checkout', 'SHOP-142'], tickets: ['SHOP-142', 'SHOP-7', 'acme/shop#12'],
      links: [
        { url: `${api.origin}/shop/production/features/new-checkout`, title: 'Open in LaunchDarkly (production)' },
        { url: 'https://jira.example.com/browse/SHOP-7', title: 'Jira issues' },
      ],
      metadata: { 'jira.issues': 'SHOP-7, https://jira.example.com/browse/SHOP-7' },
      createdAt: now - 120 * DAY, updatedAt: now - 90 * DAY,
      stale: `On for everyone in production since ${new Date(now - 90 * DAY).toISOString().slice(0, 10)}, serving "true"; a temporary flag with no targeting left.`,
    });
    // Switched off in production: users get the off variation, whatever the default rule says.
    expect(flags[1]).toMatchObject({
      type: 'string', enabled: false, defaultValue: 'none', offValue: 'none',
      variants: [{ name: 'Spring', value: 'spring', description: 'Flowers' }, { name: 'summer', value: 'summer' }, { name: 'none', value: 'none' }],
    });
    expect(flags[2]).toMatchObject({ type: 'number', variants: [{ name: '5', value: 5 }, { name: '50', value: 50 }], defaultValue: 5 });
    // A percentage rollout has no single default value; a flag that is not temporary is never called stale.
    expect(flags[3]).toMatchObject({ type: 'json', offValue: { bg: '#fff' }, variants: [{ name: '{"bg":"#000"}' }, { name: '{"bg":"#fff"}' }] });
    expect(flags[3]).not.toHaveProperty('defaultValue');
    expect(flags.filter((f) => f.stale).map((f) => f.key)).toEqual(['new-checkout']);
  });

  it('calls a temporary flag stale only when nothing targets it and it has not changed for 30 days', async () => {
    const temporary = (key: string, production: Record<string, unknown>) => withEnvironment(ldFlag(key, { temporary: true }, now), 'production', production);
    const { site } = await launchDarkly([
      temporary('has-a-rule', { rules: [{ variation: 1, clauses: [] }] }),
      temporary('has-targets', { contextTargets: [{ contextKind: 'org', values: ['acme'], variation: 1 }] }),
      temporary('changed-last-week', { lastModified: now - 7 * DAY }),
      temporary('switched-off', { on: false }),
    ]);
    expect((await catalogueFor(site(), TOKEN).load()).flags.filter((f) => f.stale)).toEqual([]);
  });

  it('follows _links.next through every page, once, and reports progress', async () => {
    const { api, site } = await launchDarkly(Array.from({ length: 250 }, (_, i) => ldFlag(`flag-${i}`, {}, now)));
    const catalogue = catalogueFor(site(), TOKEN);
    const { flags } = await catalogue.load();
    expect(api.requests.map((r) => [r.path, r.query.get('offset'), r.query.get('limit'), r.query.get('env'), r.query.get('summary')])).toEqual([
      ['/api/v2/flags/shop', '0', '100', 'production', '0'],
      ['/api/v2/flags/shop', '100', '100', 'production', '0'],
      ['/api/v2/flags/shop', '200', '100', 'production', '0'],
    ]);
    expect(new Set(flags.map((f) => f.key)).size).toBe(250);
    expect(flags).toHaveLength(250);
    expect([...catalogue.session.items.values()]).toEqual([{ loaded: 250, total: 250 }]);
  });

  it('sends the access token as the whole Authorization header, without "Bearer"', async () => {
    const { api, site } = await launchDarkly([ldFlag('a', {}, now)]);
    expect(await catalogueFor(site(), TOKEN).test()).toMatchObject({ ok: true, flagCount: 1, message: 'Connected to LaunchDarkly: 1 flag(s) in production.' });
    expect(api.requests[0]!.headers.authorization).toBe(TOKEN);
    expect(api.requests[0]!.headers['ld-api-version']).toBe('20240415');
  });

  it.each([
    ['a wrong token', 'shop', 'production', 'nope', /HTTP 401: Invalid access token\. .*API access token with the Reader role \(Account settings → Authorization\)/],
    ['a project the role may not read', 'secret', 'production', TOKEN, /HTTP 403.*role may not read project "secret"/],
    ['an unknown project', 'shpo', 'production', TOKEN, /HTTP 404: Unknown project key\. .*no project "shpo" with environment "production": check both keys/],
    ['an unknown environment', 'shop', 'prod', TOKEN, /HTTP 404: Unknown environment key\. .*environment "prod"/],
  ])('"Test connection" with %s says what to do', async (_what, project, environment, token, message) => {
    const { site } = await launchDarkly([ldFlag('a', {}, now)], { forbiddenProjects: ['secret'] });
    expect(await catalogueFor(site(project, environment), token).test()).toEqual({ ok: false, message: expect.stringMatching(message) });
  });

  it('waits as a 429 asks, retries 500s, and says when the API is too slow', async () => {
    const { api, site } = await launchDarkly([ldFlag('a', {}, now)]);
    api.failNext(1, { status: 429, headers: { 'Retry-After': '7' }, body: { code: 'rate_limited', message: 'Slow down' } });
    const limited = catalogueFor(site(), TOKEN);
    expect((await limited.load()).flags).toHaveLength(1);
    expect(limited.waits).toEqual([7000]);

    api.failNext(2, { status: 500, body: { code: 'internal_server_error', message: 'Oops' } });
    const flaky = catalogueFor(site(), TOKEN);
    expect((await flaky.load()).flags).toHaveLength(1);
    expect(flaky.waits).toHaveLength(2);

    api.delayMs = 300;
    expect((await catalogueFor(site(), TOKEN, { timeoutMs: 50 }).test()).message).toMatch(/did not answer within 0\.05 s/);
  });

  it('turns a broken answer into a clear error, and skips one malformed flag with a warning', async () => {
    const { api, site } = await launchDarkly([ldFlag('good', {}, now), { key: 'bad', variations: 'yes' }]);
    api.failNext(1, { status: 200, body: '{"items": [' });
    expect((await catalogueFor(site(), TOKEN).test()).message).toMatch(/not JSON.*Check the base URL/);
    api.failNext(1, { status: 200, body: { items: 'none', totalCount: 'many' } });
    expect((await catalogueFor(site(), TOKEN).test()).message).toMatch(/LaunchDarkly's flag list is not in the documented shape \(items: .*expected array/);

    const { flags, warnings } = await catalogueFor(site(), TOKEN).load();
    expect(flags.map((f) => f.key)).toEqual(['good']);
    expect(warnings).toEqual([expect.stringMatching(/^Skipped LaunchDarkly flag "bad": variations: .*expected array/)]);
  });

  it('keeps hostile flags usable: a 1 MB description is shortened, odd keys and dates survive', async () => {
    const key = 'checkout,v2;beta=1\nline2';
    const { site } = await launchDarkly([
      ldFlag('huge', { description: 'x'.repeat(1024 * 1024) }, now),
      ldFlag(key, {}, now),
      withEnvironment(ldFlag('odd-date', { temporary: true }, now), 'production', { lastModified: -1e20 }),
    ]);
    const { flags, warnings } = await catalogueFor(site(), TOKEN).load();
    expect(flags[0]!.description).toHaveLength(4001);
    expect(warnings).toEqual([expect.stringContaining('Shortened the description of "huge"')]);
    expect(flags[1]!.key).toBe(key);
    expect(flags[2]).toMatchObject({ key: 'odd-date', updatedAt: -1e20 });
    expect(flags[2]).not.toHaveProperty('stale');
  });

  it('refuses a next-page link to another origin and never sends the token there', async () => {
    const { api, site } = await launchDarkly([ldFlag('a', {}, now)]);
    const elsewhere = await startFakeApi({ routes: [], authorize: () => undefined });
    servers.push(elsewhere);
    api.failNext(1, { status: 200, body: { items: [ldFlag('a', {}, now)], totalCount: 2, _links: { next: { href: `${elsewhere.origin}/api/v2/flags/shop?offset=1` } } } });
    expect((await catalogueFor(site(), TOKEN).test()).message).toMatch(/pointed Flagtab at http:\/\/127\.0\.0\.1:\d+, not .*does not send your token anywhere else/);
    expect(elsewhere.requests).toEqual([]);
  });
});
