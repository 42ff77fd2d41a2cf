import { randomBytes } from 'node:crypto';
import { mergeProviderData, verifyAccess } from 'flags';
import { flag, getProviderData } from 'flags/next';
import { afterEach, describe, expect, it } from 'vitest';
import { emptySiteForm, formToSite } from '../../lib/config/site-form';
import { catalogueFor, siteWith } from '../support/catalogue';
import { startFakeApi, type FakeApi } from '../support/fake-api';
import { startVercelFlagsApp, type VercelFlagsApp } from '../support/fake-providers/vercel';

const SECRET = randomBytes(32).toString('base64url');

/** Flags as an app declares them with flags/next. */
const declared = {
  newCheckout: flag<boolean>({
    key: 'new-checkout', description: 'The one-page checkout (SHOP-142)', origin: 'https://flags.example.com/new-checkout',
    options: [{ value: false, label: 'Off' }, { value: true, label: 'On' }], decide: () => false,
  }),
  heroBanner: flag<string>({ key: 'hero-banner', description: 'Seasonal hero', options: ['spring', 'summer'], defaultValue: 'summer', decide: () => 'summer' }),
  maxItems: flag<number>({ key: 'max-items', options: [{ value: 5, label: 'Few' }, { value: 50, label: 'Many' }], decide: () => 5 }),
  showBeta: flag<boolean>({ key: 'show-beta', decide: () => false }),
  pricing: flag<{ currency: string }>({ key: 'pricing', defaultValue: { currency: 'EUR' }, decide: () => ({ currency: 'EUR' }) }),
};

let app: VercelFlagsApp | undefined;
let api: FakeApi | undefined;
afterEach(async () => {
  await app?.close();
  await api?.close();
  app = api = undefined;
});

async function vercel(token: string | undefined, options: Partial<Parameters<typeof startVercelFlagsApp>[0]> = {}) {
  app = await startVercelFlagsApp({ secret: SECRET, apiData: async () => getProviderData(declared), ...options });
  return catalogueFor(siteWith({ provider: 'vercel', baseUrl: app.origin }), token);
}

describe('Vercel Flags SDK provider, against the SDK\'s own discovery endpoint', () => {
  it('lists the declared flags with their options as variants, descriptions and where they are managed', async () => {
    const { flags, warnings } = await (await vercel(SECRET)).load();
    expect(warnings).toEqual([]);
    expect(flags).toEqual([
      {
        key: 'new-checkout', description: 'The one-page checkout (SHOP-142)', type: 'boolean',
        variants: [{ name: 'Off', value: false }, { name: 'On', value: true }], tags: [], tickets: ['SHOP-142'],
        links: [{ url: 'https://flags.example.com/new-checkout', title: 'Where this flag is managed' }],
      },
      {
        key: 'hero-banner', description: 'Seasonal hero', type: 'string', variants: [{ name: 'spring', value: 'spring' }, { name: 'summer', value: 'summer' }],
        // The SDK's defaultValue is the code's fallback, not what users get: metadata, not defaultValue.
        metadata: { 'default in code': '"summer"' }, tags: [], tickets: [], links: [],
      },
      { key: 'max-items', type: 'number', variants: [{ name: 'Few', value: 5 }, { name: 'Many', value: 50 }], tags: [], tickets: [], links: [] },
      // No options: a boolean, as the SDK's generatePermutations takes it.
      { key: 'show-beta', type: 'boolean', variants: [], tags: [], tickets: [], links: [] },
      // No options but an object fallback: not a boolean, so a free JSON value.
      { key: 'pricing', type: 'json', variants: [], metadata: { 'default in code': '{"currency":"EUR"}' }, tags: [], tickets: [], links: [] },
    ]);
    expect((await (await vercel(SECRET)).test()).message).toBe('Connected to Vercel Flags SDK: 5 flag(s).');
  });

  it('sends a fresh proof each time, as a bearer token the SDK verifies; never the secret', async () => {
    const catalogue = await vercel(SECRET);
    await catalogue.refresh();
    await catalogue.refresh();
    const sent = app!.requests.map((r) => r.headers.authorization ?? '');
    expect(app!.requests.map((r) => r.path)).toEqual(['/.well-known/vercel/flags', '/.well-known/vercel/flags']);
    expect(sent[0]).toMatch(/^Bearer eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0\.\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sent[1]).not.toBe(sent[0]);
    for (const header of sent) expect(await verifyAccess(header, SECRET)).toBe(true);
    expect(JSON.stringify(app!.requests)).not.toContain(SECRET);
  });

  it('a wrong FLAGS_SECRET: the SDK answers 401, and Flagtab says the secret does not match the app\'s', async () => {
    const catalogue = await vercel(randomBytes(32).toString('base64url'));
    expect(await catalogue.test()).toEqual({ ok: false, message: expect.stringMatching(/\/\.well-known\/vercel\/flags answered HTTP 401\. The FLAGS_SECRET does not match the app's: copy FLAGS_SECRET from the environment variables of the deployment at http:\/\/127\.0\.0\.1:\d+/) });
    await expect(catalogue.load()).rejects.toMatchObject({ kind: 'token-rejected', status: 401 });
  });

  it.each([
    ['none is stored', undefined, /^No Vercel Flags SDK token is stored for Shop\./],
    ['the stored one is not 32 bytes', 'c2hvcnQ', /^Flagtab cannot use this FLAGS_SECRET: The FLAGS_SECRET decodes to 5 bytes; the Flags SDK wants exactly 32/],
  ])('asks for the FLAGS_SECRET when %s, sending nothing', async (_what, token, message) => {
    const catalogue = await vercel(token);
    expect((await catalogue.test()).message).toMatch(message);
    expect(app!.requests).toEqual([]);
  });

  it('an app without the endpoint: 404, or its own HTML page in its place', async () => {
    app = await startVercelFlagsApp({ secret: SECRET, apiData: async () => ({}), endpoint: 'html-page' });
    const page = catalogueFor(siteWith({ provider: 'vercel', baseUrl: app.origin }), SECRET);
    expect((await page.test()).message).toMatch(/answered with something that is not JSON \(.*Shop.*\)\. http:\/\/127\.0\.0\.1:\d+ has no Flags SDK discovery endpoint at \/\.well-known\/vercel\/flags: check the App URL .* createFlagsDiscoveryEndpoint/);
    api = await startFakeApi({ routes: [], authorize: () => undefined, notFound: { status: 404, body: '<h1>404</h1>', headers: { 'Content-Type': 'text/html' } } });
    const notFound = catalogueFor(siteWith({ provider: 'vercel', baseUrl: api.origin }), SECRET);
    expect((await notFound.test()).message).toMatch(/answered HTTP 404\. .* has no Flags SDK discovery endpoint/);
  });

  it('an answer of the wrong shape says whether it came from the SDK, and what to check', async () => {
    const sdk = await vercel(SECRET, { apiData: async () => ({ flags: ['new-checkout'] }) });
    expect((await sdk.test()).message).toMatch(/did not answer with the Flags SDK's flag definitions .*: it has no "definitions"\. The app runs the Flags SDK 4\.\d+\.\d+, so the answer comes from the app's own code: check what it passes to createFlagsDiscoveryEndpoint/);
    await app!.close();
    app = undefined;
    api = await startFakeApi({ routes: [{ method: 'GET', path: /^\/\.well-known\/vercel\/flags$/, handle: () => ({ status: 200, body: { definitions: ['a list'] } }) }], authorize: () => undefined });
    const other = catalogueFor(siteWith({ provider: 'vercel', baseUrl: api.origin }), SECRET);
    expect((await other.test()).message).toMatch(/definitions: must be an object\. The answer has no x-flags-sdk-version header, so it does not come from the Flags SDK's createFlagsDiscoveryEndpoint/);
  });

  it('merged provider data: hints become warnings, an odd definition is skipped, hostile keys stay data', async () => {
    const catalogue = await vercel(SECRET, {
      apiData: async () => {
        const merged = await mergeProviderData([getProviderData({ showBeta: declared.showBeta }), { definitions: {}, hints: [{ key: 'launchdarkly', text: 'LAUNCHDARKLY_CLIENT_SIDE_ID is not set' }] }]);
        return { ...merged, definitions: { ...merged.definitions, broken: { options: 'yes' }, ['__proto__']: { options: [{ value: 1 }] } }, overrideEncryptionMode: 'encrypted' };
      },
    });
    const { flags, warnings } = await catalogue.load();
    expect(flags.map((f) => f.key)).toEqual(['show-beta', '__proto__']);
    expect(warnings).toEqual(['Skipped flag "broken": options: Invalid input: expected array, received string.', 'The app says (launchdarkly): LAUNCHDARKLY_CLIENT_SIDE_ID is not set']);
    expect(({} as Record<string, unknown>).options).toBeUndefined();
  });
});

describe('the site form for a Vercel app', () => {
  const form = (fields: Partial<ReturnType<typeof emptySiteForm>>) => ({ ...emptySiteForm('shop.example.com'), name: 'Shop', provider: 'vercel' as const, baseUrl: 'https://shop.example.com', ...fields });
  const save = (fields: Partial<ReturnType<typeof emptySiteForm>>) => formToSite(form(fields), { id: 'shop', otherSites: [] });

  it('checks a typed FLAGS_SECRET at Save: 32 bytes of base64url, or why not', () => {
    expect(save({ token: SECRET })).toMatchObject({ ok: true, site: { catalogue: { provider: 'vercel', baseUrl: 'https://shop.example.com' } } });
    expect(save({ token: 'hunter2' })).toEqual({ ok: false, errors: { token: expect.stringMatching(/^The FLAGS_SECRET decodes to 5 bytes; the Flags SDK wants exactly 32/) } });
    // Nothing typed: the stored secret (if any) is kept, and checked when it is used.
    expect(save({ token: '' }).ok).toBe(true);
  });

  it('wants the app\'s origin, without a path', () => {
    expect(save({ baseUrl: 'https://shop.example.com/' })).toMatchObject({ ok: true, site: { catalogue: { baseUrl: 'https://shop.example.com' } } });
    expect(save({ baseUrl: 'https://shop.example.com/.well-known/vercel/flags' })).toEqual({ ok: false, errors: { baseUrl: expect.stringMatching(/without a path/) } });
  });
});
