import { afterEach, describe, expect, it } from 'vitest';
import { FRESH_FOR_MS, createCatalogueService } from '../../lib/catalogue/service';
import { createCatalogueFetcher } from '../../lib/catalogue/fetcher';
import { PROGRESS_PREFIX } from '../../lib/catalogue/progress';
import { chunkKeys, flagsFromChunks } from '../../lib/catalogue/cache-keys';
import { startFakeApi, type FakeApi } from '../support/fake-api';
import { catalogueFor, memoryStorage, siteWith } from '../support/catalogue';

const GOOD = { flags: { 'new-checkout': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', metadata: {} } } };

/** A flags-file server whose next answer the test decides. */
async function flagsServer(): Promise<FakeApi & { body: unknown }> {
  const api = (await startFakeApi({
    authorize: () => undefined,
    routes: [{ method: 'GET', path: /^\/flags\.json$/, handle: () => ({ status: 200, body: api.body }) }],
  })) as FakeApi & { body: unknown };
  api.body = GOOD;
  return api;
}

let api: FakeApi & { body: unknown };
afterEach(async () => api?.close());

describe('catalogue service', () => {
  it('fetches once, then answers from the cache until asked to refresh', async () => {
    api = await flagsServer();
    const site = siteWith({ provider: 'flags-file', url: `${api.origin}/flags.json` });
    const { service } = catalogueFor(site, undefined);
    expect((await service.get(site)).flags.map((f) => f.key)).toEqual(['new-checkout']);
    await service.get(site);
    expect(api.requests).toHaveLength(1);
    await service.refresh(site);
    expect(api.requests).toHaveLength(2);
  });

  it('peek answers from the cache without the network, and says when it is time to refresh', async () => {
    api = await flagsServer();
    const site = siteWith({ provider: 'flags-file', url: `${api.origin}/flags.json` });
    let now = 1_000_000;
    const local = memoryStorage();
    const service = createCatalogueService({ loadFetcher: async () => createCatalogueFetcher, local, fetch, now: () => now });
    expect(await service.peek(site)).toMatchObject({ flags: [], needsRefresh: true, provider: 'flags-file' });
    expect(api.requests).toHaveLength(0);
    await service.refresh(site);
    expect(await service.peek(site)).toMatchObject({ needsRefresh: false, fetchedAt: 1_000_000 });
    now += FRESH_FOR_MS + 1;
    const stale = await service.peek(site);
    expect(stale.needsRefresh).toBe(true);
    // The flags stay in storage for the popup to read itself, not copied through the message.
    expect(stale.flags).toEqual([]);
    const ref = stale.cachedFlags!;
    expect(flagsFromChunks(await local.get(chunkKeys(ref)), ref)?.map((f) => f.key)).toEqual(['new-checkout']);
    // A ref for another source finds nothing (the site's catalogue changed in between).
    expect(flagsFromChunks(await local.get(chunkKeys(ref)), { ...ref, sourceKey: 'other' })).toBeUndefined();
    expect(api.requests).toHaveLength(1);
  });

  it('caches a big catalogue in chunks the popup can read one by one, and drops chunks a smaller one no longer needs', async () => {
    api = await flagsServer();
    const keys = Array.from({ length: 1_200 }, (_, i) => `flag-${i}`);
    api.body = keys;
    const site = siteWith({ provider: 'flags-file', url: `${api.origin}/flags.json` });
    const { service, local } = catalogueFor(site, undefined);
    await service.refresh(site);
    const ref = (await service.peek(site)).cachedFlags!;
    // A small first chunk, for the popup to be usable at once, then chunks of 500.
    expect(ref.chunks).toBe(4);
    expect(flagsFromChunks(await local.get(chunkKeys(ref, 0, 1)), ref, 0, 1)).toHaveLength(100);
    expect(flagsFromChunks(await local.get(chunkKeys(ref, 1, 2)), ref, 1, 2)).toHaveLength(500);
    const withFirst = await service.peek(site, { firstChunk: true });
    expect(withFirst.flags.map((f) => f.key)).toEqual(keys.slice(0, 100));
    expect(withFirst.cachedFlags).toEqual({ ...ref, firstIncluded: true });
    expect(ref.firstIncluded).toBeUndefined();
    expect(flagsFromChunks(await local.get(chunkKeys(ref)), ref)?.map((f) => f.key)).toEqual(keys);

    api.body = ['only-one'];
    await service.refresh(site);
    expect((await service.peek(site)).cachedFlags?.chunks).toBe(1);
    // For popup/state, the first chunk comes with the answer: the popup need not read it.
    expect(await service.peek(site, { firstChunk: true })).toMatchObject({ flags: [{ key: 'only-one' }], cachedFlags: { chunks: 1, firstIncluded: true } });
    expect([...local.items.keys()].filter((k) => k.startsWith(ref.storageKey))).toEqual([`${ref.storageKey}#0`]);
    expect((await service.get(site)).flags.map((f) => f.key)).toEqual(['only-one']);
  });

  it('two popups refreshing at once cause one fetch', async () => {
    api = await flagsServer();
    api.delayMs = 50;
    const site = siteWith({ provider: 'flags-file', url: `${api.origin}/flags.json` });
    const { service } = catalogueFor(site, undefined);
    const [a, b] = await Promise.all([service.refresh(site), service.refresh(site)]);
    expect(a.flags).toEqual(b.flags);
    expect(api.requests).toHaveLength(1);
  });

  it.each([
    ['a broken file', (a: FakeApi & { body: unknown }) => { a.body = '{"flags": '; }, /not JSON/],
    ['an HTTP error', (a: FakeApi) => a.failNext(1, { status: 404, body: 'nope' }), /answered HTTP 404.*no file at that URL/],
    ['a server that is down', (a: FakeApi) => a.close(), /Could not reach/],
  ])('after %s it shows the reason and keeps the last good catalogue', async (_what, breakIt, reason) => {
    api = await flagsServer();
    const site = siteWith({ provider: 'flags-file', url: `${api.origin}/flags.json` });
    const { service } = catalogueFor(site, undefined);
    const first = await service.refresh(site);
    await breakIt(api);
    const view = await service.refresh(site);
    expect(view.error).toMatch(reason);
    expect(view.flags.map((f) => f.key)).toEqual(['new-checkout']);
    expect(view.fetchedAt).toBe(first.fetchedAt);
    // The error is remembered for the next popup open, with the flags.
    expect((await service.peek(site)).error).toMatch(reason);
  });

  it('a first fetch that fails gives an empty catalogue with the reason, not a crash', async () => {
    api = await flagsServer();
    api.failNext(4, { status: 500, body: { message: 'database on fire' } });
    const site = siteWith({ provider: 'flags-file', url: `${api.origin}/flags.json` });
    const view = await catalogueFor(site, undefined).refresh();
    expect(view).toMatchObject({ flags: [], error: expect.stringMatching(/HTTP 500: database on fire/) });
  });

  it('a pasted file is parsed as it is, with no fetch and no cache', async () => {
    const site = siteWith({ provider: 'flags-file', inline: '["a", "b"]' });
    const { peek, local } = catalogueFor(site, undefined);
    expect((await peek()).flags.map((f) => f.key)).toEqual(['a', 'b']);
    expect(local.items.size).toBe(0);
  });

  it('a changed source does not show the old source\'s flags', async () => {
    api = await flagsServer();
    const site = siteWith({ provider: 'flags-file', url: `${api.origin}/flags.json` });
    const { service } = catalogueFor(site, undefined);
    await service.refresh(site);
    const moved = siteWith({ provider: 'flags-file', url: `${api.origin}/other.json` });
    expect((await service.peek(moved)).flags).toEqual([]);
  });

  it('refuses to fetch from a host Flagtab may not reach, and says how to fix it', async () => {
    api = await flagsServer();
    const site = siteWith({ provider: 'flags-file', url: `${api.origin}/flags.json` });
    const service = createCatalogueService({ loadFetcher: async () => createCatalogueFetcher, local: memoryStorage(), fetch, now: Date.now, hasHostAccess: async () => false });
    const view = await service.refresh(site);
    expect(view.error).toMatch(/may not reach http:\/\/127\.0\.0\.1:\d+ yet.*grant access/);
    expect(api.requests).toHaveLength(0);
  });

  it('clears the progress line when a load ends, even a failed one', async () => {
    api = await flagsServer();
    api.failNext(1, { status: 404 });
    const site = siteWith({ provider: 'flags-file', url: `${api.origin}/flags.json` });
    const c = catalogueFor(site, undefined);
    await c.session.set({ [PROGRESS_PREFIX + site.id]: { loaded: 3 } });
    await c.refresh();
    expect(c.session.items.has(PROGRESS_PREFIX + site.id)).toBe(false);
  });

  it('finds ticket keys with the site\'s own pattern', async () => {
    const site = siteWith(
      { provider: 'flags-file', inline: JSON.stringify([{ key: 'checkout', description: 'For PAY-7 and SHOP-142' }]) },
      { ticketPattern: 'PAY-\\d+' },
    );
    expect((await catalogueFor(site, undefined).peek()).flags[0]?.tickets).toEqual(['PAY-7']);
  });

  it('answers the tickets of a few flags from a small index, without reading the flags', async () => {
    api = await flagsServer();
    api.body = { flags: Object.fromEntries(Array.from({ length: 1_200 }, (_, i) => [`flag-${i}`, { state: 'ENABLED', variants: { on: true }, metadata: i % 2 ? {} : { ticket: `SHOP-${i + 1}` } }])) };
    const site = siteWith({ provider: 'flags-file', url: `${api.origin}/flags.json` });
    const { service, local } = catalogueFor(site, undefined);
    await service.refresh(site);
    const reads: unknown[] = [];
    const get = local.get.bind(local);
    local.get = async (keys) => { reads.push(keys); return get(keys); };

    // In catalogue order, whatever order the overrides were set in: the form suggests the first.
    expect(await service.ticketsOf(site, ['flag-1198', 'flag-1', 'gone', 'flag-0'])).toEqual([
      { key: 'flag-0', tickets: ['SHOP-1'] }, { key: 'flag-1198', tickets: ['SHOP-1199'] },
    ]);
    expect(JSON.stringify(reads)).not.toContain('#');
    expect(await service.ticketsOf(site, [])).toEqual([]);

    // A pasted file has no cache: its flags are read as they are.
    const pasted = siteWith({ provider: 'flags-file', inline: JSON.stringify([{ key: 'checkout', description: 'For SHOP-7' }]) });
    expect(await catalogueFor(pasted, undefined).service.ticketsOf(pasted, ['checkout'])).toEqual([{ key: 'checkout', tickets: ['SHOP-7'] }]);
  });
});
