import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { createCatalogueService, type CatalogueDeps } from '../../lib/catalogue/service';
import type { Site } from '../../lib/config/schema';

const URL_ = 'https://shop.example.com/flags.json';
const site: Site = {
  id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', url: URL_ },
  transports: { header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: true, name: 'flagtab' } },
  expiryMinutes: 480,
};
const GOOD = JSON.stringify({ flags: { 'new-checkout': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' } } });

/** A flags-file server whose next answer the test decides. */
function server() {
  const s = { body: GOOD, status: 200, down: false, hits: 0 };
  const fetch: typeof globalThis.fetch = async () => {
    s.hits++;
    if (s.down) throw new TypeError('Failed to fetch');
    return new Response(s.body, { status: s.status });
  };
  return { s, fetch };
}

function service(fetch: typeof globalThis.fetch) {
  return createCatalogueService({ local: fakeBrowser.storage.local as unknown as CatalogueDeps['local'], fetch, now: () => 42 });
}

describe('catalogue service', () => {
  beforeEach(() => fakeBrowser.reset());

  it('fetches once, then answers from the cache until asked to refresh', async () => {
    const { s, fetch } = server();
    const catalogues = service(fetch);
    expect((await catalogues.get(site)).flags.map((f) => f.key)).toEqual(['new-checkout']);
    await catalogues.get(site);
    expect(s.hits).toBe(1);
    await catalogues.refresh(site);
    expect(s.hits).toBe(2);
  });

  it.each([
    ['a broken file', { body: '{"flags": ', status: 200, down: false }, /not valid JSON|JSON/],
    ['an HTTP error', { body: 'nope', status: 404, down: false }, /answered HTTP 404/],
    ['a server that is down', { body: '', status: 200, down: true }, /Could not fetch the flags file/],
  ])('after %s it shows the reason and keeps the last good catalogue', async (_what, next, reason) => {
    const { s, fetch } = server();
    const catalogues = service(fetch);
    await catalogues.get(site);
    Object.assign(s, next);
    const view = await catalogues.refresh(site);
    expect(view.error).toMatch(reason);
    expect(view.flags.map((f) => f.key)).toEqual(['new-checkout']);
    expect(view.fetchedAt).toBe(42);
    // The error is remembered for the next popup open, with the flags.
    expect((await catalogues.get(site)).error).toMatch(reason);
  });

  it('a first fetch that fails gives an empty catalogue with the reason, not a crash', async () => {
    const { s, fetch } = server();
    s.status = 500;
    const view = await service(fetch).get(site);
    expect(view).toMatchObject({ flags: [], error: expect.stringMatching(/HTTP 500/) });
  });

  it('a pasted file is parsed as it is, with no fetch', async () => {
    const { s, fetch } = server();
    const pasted = { ...site, catalogue: { provider: 'flags-file' as const, inline: '["a", "b"]' } };
    expect((await service(fetch).get(pasted)).flags.map((f) => f.key)).toEqual(['a', 'b']);
    expect(s.hits).toBe(0);
  });
});
