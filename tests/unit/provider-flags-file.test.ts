import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createCatalogueService } from '../../lib/catalogue/service';
import { createCatalogueFetcher } from '../../lib/catalogue/fetcher';
import { catalogueFor, memoryStorage, siteWith } from '../support/catalogue';
import { startFakeApi, type FakeApi } from '../support/fake-api';

const FILE = {
  flags: {
    'new-checkout': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', metadata: { description: 'For SHOP-142' } },
    'hero-banner': { state: 'ENABLED', variants: { a: 'Spring', b: 'Summer' }, defaultVariant: 'b' },
  },
};

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** storage.local as Chrome's behaves: objects come back with their keys sorted, at every depth. */
function sortingStorage() {
  const storage = memoryStorage();
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])]));
  };
  return { ...storage, get: async (keys: string | string[]) => sorted(await storage.get(keys)) as Record<string, unknown> };
}

/** A static file host: GET /flags.json with a strong ETag and 304s, like nginx or a CDN. */
async function fileHost(options: { token?: string } = {}) {
  const state = { file: FILE as unknown };
  api = await startFakeApi({
    authorize: (request) => (options.token && request.headers.authorization !== `Bearer ${options.token}` ? { status: 401, body: 'Unauthorized', headers: { 'Content-Type': 'text/plain' } } : undefined),
    routes: [
      {
        method: 'GET',
        path: /^\/flags\.json$/,
        handle(request) {
          const etag = `"${createHash('sha256').update(JSON.stringify(state.file)).digest('hex').slice(0, 12)}"`;
          return request.headers['if-none-match'] === etag ? { status: 304, headers: { ETag: etag } } : { status: 200, body: state.file, headers: { ETag: etag } };
        },
      },
    ],
    notFound: { status: 404, body: '<html><body>404 Not Found</body></html>', headers: { 'Content-Type': 'text/html' } },
  });
  return { api, state, site: siteWith({ provider: 'flags-file', url: `${api.origin}/flags.json` }) };
}

describe('flags-file provider through the catalogue service', () => {
  it('reads a flagd file from a URL, with tickets found', async () => {
    const { site } = await fileHost();
    const { flags, warnings } = await catalogueFor(site, undefined).load();
    expect(warnings).toEqual([]);
    expect(flags.map((f) => [f.key, f.defaultValue, f.tickets])).toEqual([['new-checkout', false, ['SHOP-142']], ['hero-banner', 'Summer', []]]);
  });

  it('revalidates with the ETag: an unchanged file is a 304 that keeps the flags, a changed one is read again', async () => {
    const { api, state, site } = await fileHost();
    const catalogue = catalogueFor(site, undefined);
    const first = await catalogue.refresh();
    const second = await catalogue.refresh();
    expect(api.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, expect.stringMatching(/^"\w+"$/)]);
    expect(second.flags).toEqual(first.flags);
    expect(second.error).toBeUndefined();

    state.file = ['only-one'];
    expect((await catalogue.refresh()).flags.map((f) => f.key)).toEqual(['only-one']);
  });

  it('a 304 keeps the file\'s order of flags, though storage.local gives objects back with their keys sorted', async () => {
    // Chrome's storage.local returns every object with its keys sorted (seen on this machine:
    // set {zeta, alpha, mid}, get {alpha, mid, zeta}). The flagd file's `flags` is an object,
    // so an answer remembered for If-None-Match came back re-ordered, and after the first 304 the
    // popup listed the catalogue alphabetically instead of in the file's order.
    const { site } = await fileHost();
    const local = sortingStorage();
    const service = createCatalogueService({ loadFetcher: async () => createCatalogueFetcher, local, fetch: (...args) => fetch(...args), now: Date.now });
    const fetched = await service.refresh(site);
    const revalidated = await service.refresh(site);
    expect(fetched.flags.map((f) => f.key)).toEqual(['new-checkout', 'hero-banner']);
    expect(revalidated.flags.map((f) => f.key)).toEqual(['new-checkout', 'hero-banner']);
  });

  it('sends a bearer token only when one is set', async () => {
    const { api, site } = await fileHost();
    await catalogueFor(site, undefined).load();
    await catalogueFor(site, 'file-token').load();
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([undefined, 'Bearer file-token']);
  });

  it('a file behind a login is read with its token, and refused without', async () => {
    const { site } = await fileHost({ token: 'file-token' });
    expect((await catalogueFor(site, 'file-token').test()).message).toBe('Connected to Flags file (flagd or JSON list): 2 flag(s).');
    expect((await catalogueFor(site, undefined).test()).message).toMatch(/answered HTTP 401\. The token was rejected/);
  });

  it('says there is no file at a wrong URL', async () => {
    const { api } = await fileHost();
    const wrong = siteWith({ provider: 'flags-file', url: `${api.origin}/flag.json` });
    expect(await catalogueFor(wrong, undefined).test()).toEqual({
      ok: false,
      message: `${api.origin}/flag.json answered HTTP 404. There is no file at that URL: check the catalogue URL.`,
    });
  });

  it('a file that is neither flagd nor a list says what a flags file looks like', async () => {
    const { state, site } = await fileHost();
    state.file = { features: {} };
    expect((await catalogueFor(site, undefined).test()).message).toMatch(/^The flags file at .*flags\.json cannot be used: .*"flags"/);
  });

  it('a pasted file is read with no request at all', async () => {
    const { api } = await fileHost();
    const pasted = siteWith({ provider: 'flags-file', inline: JSON.stringify(FILE) });
    const catalogue = catalogueFor(pasted, 'unused-token');
    expect((await catalogue.peek()).flags.map((f) => f.key)).toEqual(['new-checkout', 'hero-banner']);
    expect(api.requests).toEqual([]);
    expect(catalogue.local.items.size).toBe(0);
  });
});
