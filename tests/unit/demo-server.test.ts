import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../demo/html';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { cookiePair, encodeOverrides } from '../../lib/wire';

let demo: DemoServer;

beforeAll(async () => {
  demo = await startDemoServer({ port: 0 });
});
afterAll(async () => {
  await demo.close();
});
beforeEach(() => {
  demo.clearRequests();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

// node:http rather than fetch: fetch forbids setting the Host header, and the host picks the site.
function get(path: string, headers: Record<string, string> = {}, host = 'shop.localhost'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: demo.port, path, headers: { host: `${host}:${demo.port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('demo server: shop pages', () => {
  it('renders the defaults when no overrides arrive', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('Demo Shop');
    expect(res.body).toContain('id="old-checkout"');
    expect(res.body).toContain('Classic checkout');
    expect(res.body).not.toContain('New checkout');
    expect(res.body).toContain('Banner A');
    expect(res.body).toContain('No overrides received');
    expect(res.body).toContain(`src="${demo.thirdPartyOrigin}/tracker.js"`);
    expect(res.body).toContain(`src="${demo.thirdPartyOrigin}/pixel.gif"`);
    expect(res.body).toContain('<iframe id="frame" src="/frame"');
  });

  it('honours overrides sent in the X-Feature-Flags header and records them', async () => {
    const header = encodeOverrides({ 'new-checkout': true, 'hero-banner': 'b', 'not-in-file': 7 });
    const res = await get('/', { 'X-Feature-Flags': header });
    expect(res.body).toContain('id="new-checkout"');
    expect(res.body).toContain('New checkout');
    expect(res.body).not.toContain('Classic checkout');
    expect(res.body).toContain('Banner B');
    expect(res.body).toContain('Overrides received: 3');

    const recorded = await demo.waitForRequest((r) => r.path === '/', 1_000);
    expect(recorded).toMatchObject({
      host: 'shop.localhost',
      method: 'GET',
      overrides: { 'new-checkout': true, 'hero-banner': 'b', 'not-in-file': 7 },
      headerOverrides: { 'new-checkout': true, 'hero-banner': 'b', 'not-in-file': 7 },
      decodeErrors: [],
    });
    expect(recorded.cookieOverrides).toBeUndefined();
    expect(recorded.headers['x-feature-flags']).toBe(header);
  });

  it('honours overrides sent in the flagtab cookie', async () => {
    const res = await get('/checkout', { cookie: `theme=dark; ${cookiePair('flagtab', { 'new-checkout': true })}` });
    expect(res.body).toContain('New checkout');
    const recorded = await demo.waitForRequest((r) => r.path === '/checkout', 1_000);
    expect(recorded.cookieOverrides).toEqual({ 'new-checkout': true });
    expect(recorded.headerOverrides).toBeUndefined();
    expect(recorded.overrides).toEqual({ 'new-checkout': true });
  });

  it('prefers the header over the cookie for the same key', async () => {
    await get('/api/features', {
      'X-Feature-Flags': encodeOverrides({ 'hero-banner': 'c' }),
      cookie: cookiePair('flagtab', { 'hero-banner': 'b', 'max-items': 5 }),
    });
    const recorded = await demo.waitForRequest((r) => r.path === '/api/features', 1_000);
    expect(recorded.overrides).toEqual({ 'hero-banner': 'c', 'max-items': 5 });
  });

  it('escapes hostile override values in HTML', async () => {
    const hostile = '<script>alert(1)</script>';
    const res = await get('/', {
      'X-Feature-Flags': encodeOverrides({
        'hero-banner': hostile,
        '<img src=x onerror=alert(2)>': hostile,
        'theme-config': { accent: 'red;background:url(https://evil.example)' },
      }),
    });
    expect(res.status).toBe(200);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('<img src=x');
    // The accent goes into a style attribute, so anything but a plain colour falls back.
    expect(res.body).toContain('<body style="--accent: #1d4ed8"');
    expect(res.body).toContain(escapeHtml('Banner <SCRIPT>ALERT(1)</SCRIPT>'));
    expect(res.body).toContain(`<span id="theme-accent">${escapeHtml('red;background:url(https://evil.example)')}</span>`);
  });

  it('reports a malformed header as a decode error and still serves the page', async () => {
    const res = await get('/', { 'X-Feature-Flags': 'new-checkout=%7Bnot-json' });
    expect(res.status).toBe(200);
    const recorded = await demo.waitForRequest((r) => r.path === '/', 1_000);
    expect(recorded.decodeErrors.length).toBeGreaterThan(0);
    expect(res.body).toContain('id="decode-errors"');
    expect(res.body).toContain(escapeHtml(recorded.decodeErrors[0] ?? ''));
    expect(res.body).toContain('Classic checkout');
  });

  it('answers the API with effective flags, overrides and errors', async () => {
    const res = await get('/api/xhr', { 'X-Feature-Flags': encodeOverrides({ 'max-items': 5 }) });
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const body = JSON.parse(res.body) as { flags: Record<string, unknown>; overrides: unknown; errors: unknown };
    expect(body.overrides).toEqual({ 'max-items': 5 });
    expect(body.errors).toEqual([]);
    expect(body.flags).toMatchObject({ 'max-items': 5, 'new-checkout': false, 'theme-config': { accent: 'blue' } });
  });

  it('serves the frame, app script and favicon, and the shop for unknown hosts', async () => {
    expect((await get('/frame')).body).toContain('id="frame-flags"');
    expect((await get('/app.js')).body).toContain("fetch('/api/features')");
    expect((await get('/favicon.ico')).status).toBe(204);
    expect((await get('/', {}, '127.0.0.1')).body).toContain('Demo Shop');
    expect(demo.requests.map((r) => `${r.host}${r.path}`)).toEqual([
      'shop.localhost/frame',
      'shop.localhost/app.js',
      'shop.localhost/favicon.ico',
      '127.0.0.1/',
    ]);
  });
});

describe('demo server: flags.json', () => {
  it('serves the flagd definitions with every demo flag', async () => {
    const res = await get('/flags.json');
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    const file = JSON.parse(res.body) as { $schema: string; flags: Record<string, { defaultVariant: string; variants: Record<string, unknown> }> };
    expect(file.$schema).toBe('https://flagd.dev/schema/v0/flags.json');
    const defaults = Object.fromEntries(
      Object.entries(file.flags).map(([key, flag]) => [key, flag.variants[flag.defaultVariant]]),
    );
    expect(defaults).toEqual({
      'new-checkout': false,
      'hero-banner': 'a',
      'price-format': 'short',
      'max-items': 3,
      'theme-config': { accent: 'blue' },
      'free-shipping': true,
      'express-pay': false,
    });
  });
});

describe('demo server: third-party host', () => {
  it('serves the tracker, a real GIF and a CORS-open beacon, and records each', async () => {
    const tracker = await get('/tracker.js', {}, 'cdn.localhost');
    expect(tracker.headers['content-type']).toMatch(/javascript/);
    const pixel = await get('/pixel.gif', {}, 'cdn.localhost');
    expect(pixel.headers['content-type']).toBe('image/gif');
    expect(pixel.body.startsWith('GIF89a')).toBe(true);
    const collect = await get('/collect', { cookie: cookiePair('flagtab', { 'new-checkout': true }) }, 'cdn.localhost');
    expect(collect.status).toBe(204);
    expect(collect.headers['access-control-allow-origin']).toBe('*');

    const beacon = await demo.waitForRequest((r) => r.host === 'cdn.localhost' && r.path === '/collect', 1_000);
    expect(beacon.overrides).toEqual({ 'new-checkout': true });
    expect(demo.requests.filter((r) => r.host === 'cdn.localhost')).toHaveLength(3);
  });

  it('answers a navigation to /collect with a page, since browsers drop 204 navigations', async () => {
    const res = await get('/collect', { 'sec-fetch-mode': 'navigate' }, 'cdn.localhost');
    expect(res.status).toBe(200);
    expect(res.body).toContain('id="cdn-page"');
  });
});

describe('demo server: waitForRequest', () => {
  it('resolves when a matching request arrives later', async () => {
    const waiting = demo.waitForRequest((r) => r.path === '/checkout?later=1', 2_000);
    await get('/checkout?later=1');
    await expect(waiting).resolves.toMatchObject({ path: '/checkout?later=1' });
  });

  it('rejects after the timeout, listing what arrived', async () => {
    await get('/frame');
    await expect(demo.waitForRequest((r) => r.path === '/never', 50)).rejects.toThrow(
      /No matching request within 50 ms[\s\S]*shop\.localhost\/frame/,
    );
  });
});
