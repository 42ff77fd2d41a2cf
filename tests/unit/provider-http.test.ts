import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type CachedResponse, type HttpOptions } from '../../lib/providers/http';
import { catalogueFor, siteWith } from '../support/catalogue';
import { startFakeApi, type FakeApi, type FakeReply } from '../support/fake-api';

const servers: FakeApi[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A fake API whose GET /items answers `reply` (or the list of items). */
async function server(reply: (n: number) => FakeReply = () => ({ status: 200, body: { items: [1, 2] } })) {
  let n = 0;
  const api = await startFakeApi({ authorize: () => undefined, routes: [{ method: 'GET', path: /^\/items$/, handle: () => reply(++n) }] });
  servers.push(api);
  return api;
}

/** The client as the catalogue service builds it, on real fetch; waits are recorded, not slept. */
function client(origin: string, options: Partial<HttpOptions> = {}) {
  const waits: number[] = [];
  const http = createHttpClient({ fetch: (...args) => fetch(...args), origin, headers: { Authorization: 'Bearer s3cret' }, sleep: async (ms) => void waits.push(ms), ...options });
  return { http, waits };
}

function memoryEtags() {
  const saved = new Map<string, CachedResponse>();
  return { saved, get: (key: string) => saved.get(key), set: (key: string, value: CachedResponse) => void saved.set(key, value) };
}

describe('the providers\' HTTP client', () => {
  it('fetches JSON from its origin, with the auth header, relative URLs resolved there', async () => {
    const api = await server();
    const { http } = client(api.origin);
    expect((await http.request('/items')).body).toEqual({ items: [1, 2] });
    expect(api.requests[0]?.headers.authorization).toBe('Bearer s3cret');
  });

  it('refuses an absolute URL on another origin before any request: the token stays home', async () => {
    const [home, elsewhere] = [await server(), await server()];
    const { http } = client(home.origin);
    await expect(http.request(`${elsewhere.origin}/items`)).rejects.toMatchObject({
      kind: 'wrong-origin',
      message: `The provider pointed Flagtab at ${elsewhere.origin}, not ${home.origin}; Flagtab does not send your token anywhere else.`,
    });
    expect([home.requests, elsewhere.requests]).toEqual([[], []]);
  });

  it('does not follow a redirect to another origin, so the token never reaches it', async () => {
    const elsewhere = await server();
    const home = await server(() => ({ status: 302, headers: { Location: `${elsewhere.origin}/items` } }));
    const { http } = client(home.origin, { maxAttempts: 2 });
    await expect(http.request('/items')).rejects.toMatchObject({ kind: 'wrong-origin', message: expect.stringContaining(`redirected Flagtab to ${elsewhere.origin}/items`) });
    expect(home.requests).toHaveLength(1);
    expect(elsewhere.requests).toEqual([]);
  });

  it('waits as Retry-After says in seconds, then succeeds', async () => {
    const api = await server((n) => (n === 1 ? { status: 429, headers: { 'Retry-After': '3' } } : { status: 200, body: { ok: true } }));
    const { http, waits } = client(api.origin);
    expect((await http.request('/items')).body).toEqual({ ok: true });
    expect(waits).toEqual([3000]);
  });

  it('waits until a Retry-After HTTP date (on a 503 too)', async () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    const api = await server((n) => (n === 1 ? { status: 503, headers: { 'Retry-After': 'Wed, 21 Oct 2026 07:28:05 GMT' } } : { status: 200, body: {} }));
    const { http, waits } = client(api.origin, { now: () => now });
    await http.request('/items');
    expect(waits).toEqual([5000]);
  });

  it('does not wait out a Retry-After longer than maxRetryWaitMs: it says when to try again', async () => {
    const api = await server(() => ({ status: 429, headers: { 'Retry-After': '120' }, body: { message: 'Slow down' } }));
    const { http, waits } = client(api.origin, { maxRetryWaitMs: 60_000, errorMessage: (b) => (b as { message?: string }).message });
    await expect(http.request('/items')).rejects.toMatchObject({
      kind: 'rate-limited',
      status: 429,
      message: `${api.origin}/items answered HTTP 429: Slow down. Try again in 120 s.`,
    });
    expect([waits, api.requests.length]).toEqual([[], 1]);
  });

  it('backs off on 5xx, then gives up after maxAttempts as a server error', async () => {
    const api = await server(() => ({ status: 502, body: 'Bad Gateway' }));
    const { http, waits } = client(api.origin, { maxAttempts: 3 });
    await expect(http.request('/items')).rejects.toMatchObject({ kind: 'server-error', status: 502, message: `${api.origin}/items answered HTTP 502.` });
    expect(api.requests).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(800);
    expect(waits[0]).toBeLessThanOrEqual(1200);
    expect(waits[1]).toBeGreaterThanOrEqual(1600);
    expect(waits[1]).toBeLessThanOrEqual(2400);
  });

  it('a closed port is unreachable, after retrying', async () => {
    const gone = await server();
    await gone.close();
    servers.pop();
    const { http, waits } = client(gone.origin, { maxAttempts: 2 });
    await expect(http.request('/items')).rejects.toMatchObject({ kind: 'unreachable', message: expect.stringMatching(`^Could not reach ${gone.origin}/items \\(`) });
    expect(waits).toHaveLength(1);
  });

  it('gives up on a server that does not answer in time', async () => {
    const api = await server();
    api.delayMs = 1_000;
    const { http } = client(api.origin, { timeoutMs: 100 });
    await expect(http.request('/items')).rejects.toMatchObject({ kind: 'timeout', message: `${api.origin}/items did not answer within 0.1 s.` });
  });

  it('a page that is not JSON is a bad response with a readable preview', async () => {
    const api = await server(() => ({ status: 200, body: '<!doctype html>\n<html>\n  <title>Sign in</title>', headers: { 'Content-Type': 'text/html' } }));
    const { http } = client(api.origin);
    await expect(http.request('/items')).rejects.toMatchObject({
      kind: 'bad-response',
      message: expect.stringContaining('answered with something that is not JSON (it starts "<!doctype html> <html> <title>Sign in</title>"). Check the base URL'),
    });
  });

  it('refuses a response bigger than maxBytes', async () => {
    const api = await server(() => ({ status: 200, body: { items: 'x'.repeat(5_000) } }));
    const { http } = client(api.origin, { maxBytes: 1_000 });
    await expect(http.request('/items')).rejects.toMatchObject({ kind: 'bad-response', message: expect.stringMatching(/refuses responses that large/) });
  });

  it('sends If-None-Match and answers a 304 from the store, keeping the ETag for the next load', async () => {
    const api = await server((n) => (n === 1 ? { status: 200, body: { items: [1] }, headers: { ETag: '"v1"' } } : { status: 304 }));
    // Like the catalogue service: each load reads the last load's ETags and keeps only what it sets.
    let last = new Map<string, CachedResponse>();
    const load = async () => {
      const kept = new Map<string, CachedResponse>();
      const { http } = client(api.origin, { etags: { get: (key) => last.get(key), set: (key, value) => void kept.set(key, value) } });
      const response = await http.request('/items');
      last = kept;
      return response;
    };
    await load();
    expect(await load()).toMatchObject({ status: 200, body: { items: [1] } });
    expect(await load()).toMatchObject({ status: 200, body: { items: [1] } });
    expect(api.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"v1"', '"v1"']);
  });

  it('caches a POST only under the etagKey its caller gives', async () => {
    let n = 0;
    const api = await startFakeApi({
      authorize: () => undefined,
      routes: [{ method: 'POST', path: /^\/evaluate$/, handle: () => (++n === 1 || n === 3 ? { status: 200, body: { n }, headers: { ETag: '"e"' } } : { status: 304 }) }],
    });
    servers.push(api);
    const etags = memoryEtags();
    const { http } = client(api.origin, { etags });
    await http.request('/evaluate', { method: 'POST', json: { context: {} }, etagKey: 'ctx-a' });
    expect((await http.request('/evaluate', { method: 'POST', json: { context: {} }, etagKey: 'ctx-a' })).body).toEqual({ n: 1 });
    // Without a key a POST is neither revalidated nor remembered.
    await http.request('/evaluate', { method: 'POST', json: { context: {} } });
    expect(api.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"e"', undefined]);
    expect([...etags.saved.keys()]).toEqual(['ctx-a']);
  });

  it.each([
    [{ message: 'Token lacks the flags:read scope' }, 'Token lacks the flags:read scope'],
    [{ detail: 'Project 7 not found' }, 'Project 7 not found'],
    [{ errorDetails: 'store offline' }, 'store offline'],
  ])('shows the provider\'s own words from an error body %j', async (body, said) => {
    const api = await startFakeApi({ authorize: () => ({ status: 403, body }), routes: [] });
    servers.push(api);
    const load = catalogueFor(siteWith({ provider: 'flags-file', url: `${api.origin}/flags.json` }), 'tok').load();
    await expect(load).rejects.toMatchObject({ kind: 'no-permission', message: `${api.origin}/flags.json answered HTTP 403: ${said}.` });
  });
});
