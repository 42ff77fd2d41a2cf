import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyFile } from '../../../lib/automation';
import { startDemoServer, type DemoServer, type RecordedRequest } from '../../../demo/server';
import { reportedTests, shopConfigFile, type ReportedTest } from './support';

/**
 * The fixture's own Playwright specs (packages/playwright/tests) on Debian's Chromium against
 * two demo shops — the v1 shop and one that honours only signed overrides — then what reached
 * the shops: whose values each request carried, what the third-party host got.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'flagtab-pw-fixture-'));
let shop: DemoServer;
let strict: DemoServer;
let tests: ReportedTest[] = [];
let output = '';

beforeAll(async () => {
  const { file, line } = await generateKeyFile('ci@shop.example');
  [shop, strict] = await Promise.all([startDemoServer(), startDemoServer({ authorizedKeys: line })]);
  writeFileSync(join(work, 'flagtab-config.json'), shopConfigFile(shop.siteOrigin));
  writeFileSync(join(work, 'signed-config.json'), shopConfigFile(strict.siteOrigin, { transports: { signed: { enabled: true, name: 'X-Feature-Flags-V2' } } }));
  writeFileSync(join(work, 'query-config.json'), shopConfigFile(shop.siteOrigin, { transports: { query: { enabled: true, name: 'flags', encoding: 'wire' } } }));
  writeFileSync(join(work, 'ci.key.json'), JSON.stringify(file));
  mkdirSync(join(work, 'rendezvous'));
  const env = {
    ...process.env,
    FLAGTAB_DEMO_URL: shop.siteOrigin,
    FLAGTAB_SIGNED_DEMO_URL: strict.siteOrigin,
    FLAGTAB_CONFIG: join(work, 'flagtab-config.json'),
    FLAGTAB_SIGNED_CONFIG: join(work, 'signed-config.json'),
    FLAGTAB_QUERY_CONFIG: join(work, 'query-config.json'),
    FLAGTAB_KEY_FILE: join(work, 'ci.key.json'),
    FLAGTAB_RENDEZVOUS: join(work, 'rendezvous'),
    FLAGTAB_TEST_OUTPUT: work,
    FLAGTAB_REPORT: join(work, 'report.json'),
  };
  const run = spawn('npx', ['playwright', 'test', '-c', 'packages/playwright/tests/playwright.config.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  run.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  run.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  await new Promise((resolve) => run.on('close', resolve));
  tests = reportedTests(JSON.parse(readFileSync(join(work, 'report.json'), 'utf8')));
}, 240_000);

afterAll(async () => {
  await Promise.all([shop?.close(), strict?.close()]);
  rmSync(work, { recursive: true, force: true });
});

const testNamed = (title: string) => tests.find((t) => t.title === title);
/** The shop's requests of the page loaded with ?w=<marker>: the page itself and what it loaded. */
const requestsOf = (demo: DemoServer, marker: string, host = 'shop.localhost') =>
  demo.requests.filter((r) => r.host === host && (r.path.includes(`w=${marker}`) || (r.headers.referer ?? '').includes(`w=${marker}`)));
/** The distinct override sets the requests carried, keys sorted. */
const overridesOf = (requests: RecordedRequest[]) => [...new Set(requests.map((r) => JSON.stringify(r.overrides, Object.keys(r.overrides).sort())))];
const sorted = (values: Record<string, unknown>) => JSON.stringify(values, Object.keys(values).sort());

describe('the @flagtab/playwright fixture in Playwright', () => {
  it('runs every spec green except where a spec expects a failure', () => {
    expect(tests.length, output).toBeGreaterThanOrEqual(17);
    expect(tests.filter((t) => t.status !== 'passed').map((t) => `${t.title}: ${t.errors.join('\n')}`), output).toEqual([]);
  });

  it('gives two parallel workers only their own flags', () => {
    const [a, b] = [testNamed('worker-a')!, testNamed('worker-b')!];
    expect(a.workerIndex).not.toBe(b.workerIndex);
    const fromA = requestsOf(shop, 'worker-a');
    const fromB = requestsOf(shop, 'worker-b');
    // Four page loads each, with the page's fetch, XHR and iframe.
    expect(fromA.length).toBeGreaterThanOrEqual(12);
    expect(fromB.length).toBeGreaterThanOrEqual(12);
    expect(overridesOf(fromA)).toEqual([sorted({ 'new-checkout': true, 'hero-banner': 'c', 'max-items': 5 })]);
    expect(overridesOf(fromB)).toEqual([sorted({ 'new-checkout': true, 'hero-banner': 'd', 'max-items': 10 })]);
    // They ran at the same time: each one's requests began before the other's ended.
    const span = (rs: RecordedRequest[]) => [Math.min(...rs.map((r) => r.at)), Math.max(...rs.map((r) => r.at))] as const;
    const [[aFrom, aTo], [bFrom, bTo]] = [span(fromA), span(fromB)];
    expect(aFrom < bTo && bFrom < aTo, `worker-a ${aFrom}–${aTo}, worker-b ${bFrom}–${bTo}`).toBe(true);
  });

  it('sends nothing to a third-party host, and keeps the page\'s own cookies', () => {
    const page = requestsOf(shop, 'third-party');
    expect(page.length).toBeGreaterThanOrEqual(3);
    for (const r of page) {
      expect(r.headerOverrides).toEqual({ 'new-checkout': true, 'hero-banner': 'b', 'express-pay': true });
      expect(r.cookieOverrides).toEqual({ 'new-checkout': true, 'hero-banner': 'b', 'express-pay': true });
    }
    expect(page.find((r) => r.path === '/?w=third-party')?.headers.cookie).toMatch(/(^|; )sid=own-cookie(;|$)/);
    // Cross-site requests carry only the shop's origin as Referer: every request of the run, then.
    const cdn = shop.requests.filter((r) => r.host === 'cdn.localhost');
    expect(cdn.map((r) => r.path).sort()).toEqual(expect.arrayContaining(['/collect', '/pixel.gif', '/tracker.js']));
    for (const r of cdn) {
      expect(r.headers['x-feature-flags']).toBeUndefined();
      expect(r.headers.cookie ?? '').not.toContain('flagtab');
      expect(r.overrides).toEqual({});
    }
  });

  it('sent the overrides to the page whose server ignored them', () => {
    expect(requestsOf(shop, 'ignored').find((r) => r.path.startsWith('/ignores-overrides/checkout'))?.overrides).toEqual({ 'new-checkout': true, 'hero-banner': 'b', 'express-pay': true });
  });

  it('sends no overrides after reset(), and a scenario\'s after use()', () => {
    expect(overridesOf(requestsOf(shop, 'reset'))).toEqual(['{}']);
    expect(overridesOf(requestsOf(shop, 'scenario'))).toEqual([sorted({ 'new-checkout': true, 'hero-banner': 'b' })]);
  });

  it('applies the option given to a test made with extend()', () => {
    expect(overridesOf(requestsOf(shop, 'extended'))).toEqual([sorted({ 'express-pay': true })]);
  });

  it('adds the query transport\'s parameter to the page load by a redirect, and to nothing the page fetches', () => {
    const query = requestsOf(shop, 'query');
    expect(query.filter((r) => r.path.startsWith('/?')).map((r) => r.path)).toEqual(['/?w=query&flags=new-checkout%3Dtrue']);
    const api = query.find((r) => r.path.startsWith('/api/features'));
    expect(api?.path).toBe('/api/features');
    expect(api?.overrides).toEqual({ 'new-checkout': true });
  });

  it('asked the shop again after the matcher started, and the matcher waited for it', () => {
    expect(shop.requests.filter((r) => r.path === '/api/features?w=late').map((r) => r.overrides)).toEqual([{ 'new-checkout': true, 'hero-banner': 'b', 'max-items': 10 }]);
  });

  it('signs with the key file a v2 token the strict shop accepts, and sends none without it', () => {
    const signed = requestsOf(strict, 'signed').find((r) => r.path === '/checkout?w=signed')!;
    expect(signed.headers['x-feature-flags-v2']).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(signed.signed).toEqual({ status: 'accepted', kid: expect.any(String), sub: 'ci@shop.example' });
    const unsigned = requestsOf(strict, 'unsigned').find((r) => r.path === '/checkout?w=unsigned')!;
    expect(unsigned.headers['x-feature-flags-v2']).toBeUndefined();
    expect(unsigned.signed).toEqual({ status: 'rejected', reason: 'unsigned' });
  });
});
