/**
 * The transports beyond the header in real Firefox ESR: the query parameter (a redirect rule
 * with a queryTransform — Firefox, like Chrome, must not redirect a URL that already carries it),
 * the test-traffic marker and GrowthBook's _gbdebug cookie reach the demo shop on tab A's
 * requests only. The Chromium twins are tests/e2e/transport-*.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { buildExtension } from '../../demo/browser/build';
import { demoSite } from '../../demo/browser/flagtab';
import type { RecordedRequest } from '../../demo/recorder';
import { COLD_START_LIMIT_MS, byRole, configureSites, launchFirefoxWithExtension, openExtensionPage, tabIdOf, type FirefoxWithExtension } from './support/firefox';

const TEST_LIMIT_MS = 3 * COLD_START_LIMIT_MS;

let demo: DemoServer | undefined;
let firefox: FirefoxWithExtension | undefined;

beforeAll(async () => {
  const dir = await buildExtension('firefox');
  demo = await startDemoServer();
  firefox = await launchFirefoxWithExtension(dir);
}, 4 * COLD_START_LIMIT_MS);
afterAll(async () => {
  await firefox?.close();
  await demo?.close();
});

/** Tab `tab`'s page documents since the last clearRequests (not its scripts, styles or API calls). */
const documentsOf = (tab: string) => demo!.requests.filter((r) => r.host === 'shop.localhost' && new URL(r.path, 'http://x').searchParams.get('tab') === tab);
const flagsOf = (r: RecordedRequest) => new URL(r.path, 'http://x').searchParams.get('flags');

describe('query parameter, test-traffic marker and _gbdebug in Firefox ESR', () => {
  it('tab A\'s page load carries ?flags=… once (no loop), the marker and _gbdebug; tab B nothing', async () => {
    const ff = firefox!.browser;
    const site = demo!.siteOrigin;
    const [urlA, urlB] = [`${site}/?tab=a`, `${site}/?tab=b`];
    const [tabA, tabB] = [await ff.newPage(), await ff.newPage()];
    await tabA.goto(urlA);
    await tabB.goto(urlB);
    const setup = await configureSites(ff, [demoSite(site, {
      transports: {
        header: { enabled: true, name: 'X-Feature-Flags' },
        cookie: { enabled: false, name: 'flagtab' },
        query: { enabled: true, name: 'flags', encoding: 'wire' },
        marker: { enabled: true, name: 'X-Test-Traffic', value: 'flagtab-firefox' },
        growthbook: { enabled: true, name: '_gbdebug', via: 'cookie' },
      },
    })]);
    const tabIdA = await tabIdOf(setup, urlA);
    const popup = await openExtensionPage(ff, `popup.html?tabId=${tabIdA}`);
    await popup.locator(byRole('switch', 'new-checkout')).click();
    await popup.waitForSelector(byRole('button', 'Reset new-checkout'));

    demo!.clearRequests();
    await tabA.reload();
    await tabB.reload();
    await demo!.waitForRequest((r) => r.host === 'shop.localhost' && r.path === '/?tab=b');
    // Let a looping redirect show itself, if Firefox made one.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const docsA = documentsOf('a');
    expect(docsA.map(flagsOf), 'tab A\'s documents and their ?flags').toEqual(['new-checkout=true']);
    const [docA] = docsA;
    expect(docA!.headerOverrides).toEqual({ 'new-checkout': true });
    expect(docA!.headers['x-test-traffic']).toBe('flagtab-firefox');
    expect(decodeURIComponent(/(?:^|; )_gbdebug=([^;]*)/.exec(docA!.headers.cookie ?? '')?.[1] ?? '')).toBe('{"features":{"new-checkout":true}}');
    expect(new URL(tabA.url()).searchParams.get('flags')).toBe('new-checkout=true');

    const docsB = documentsOf('b');
    expect(docsB.map(flagsOf)).toEqual([null]);
    expect(docsB[0]!.headers['x-test-traffic']).toBeUndefined();
    expect(docsB[0]!.headers.cookie ?? '').not.toContain('_gbdebug');
    expect(docsB[0]!.headers['x-feature-flags']).toBeUndefined();

    // A reload keeps the address: still one request, no redirect.
    demo!.clearRequests();
    await tabA.reload();
    await demo!.waitForRequest((r) => r.host === 'shop.localhost' && flagsOf(r) !== null);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(documentsOf('a').map(flagsOf)).toEqual(['new-checkout=true']);
    expect(documentsOf('a')[0]!.headerOverrides, 'the header on tab A\'s reloaded document').toEqual({ 'new-checkout': true });
    expect(documentsOf('a')[0]!.headers['x-test-traffic']).toBe('flagtab-firefox');
  }, TEST_LIMIT_MS);
});
