/**
 * Signed overrides (wire format v2) in real Firefox ESR: a key made in the options page (an
 * Ed25519 CryptoKey from Firefox's Web Crypto, kept in the add-on's IndexedDB) signs tab A's
 * overrides; the demo shop, verifying strictly with that key's line, accepts them; tab B carries
 * nothing. The Chromium twin is tests/e2e/signed-overrides.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { buildExtension } from '../../demo/browser/build';
import { demoSite } from '../../demo/browser/flagtab';
import { COLD_START_LIMIT_MS, byRole, configureSites, launchFirefoxWithExtension, openExtensionPage, pollInPage, step, tabIdOf, type FirefoxWithExtension } from './support/firefox';

const WHO = 'qa@demo.example';
const LINE_BOX = 'Line for the server\'s authorized keys';

/** Room for a few cold-start waits in one test, each of which names itself when it runs out. */
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

describe('signed overrides (wire v2) in Firefox ESR', () => {
  it('a key made in the options page signs tab A\'s overrides; the verifying shop accepts them; tab B carries nothing', async () => {
    const ff = firefox!.browser;
    const site = demo!.siteOrigin;
    const [urlA, urlB] = [`${site}/?tab=a`, `${site}/?tab=b`];
    const [tabA, tabB] = [await ff.newPage(), await ff.newPage()];
    await tabA.goto(urlA);
    await tabB.goto(urlB);

    // The demo site with the signed transport on.
    const setup = await configureSites(ff, [demoSite(site, { transports: { signed: { enabled: true, name: 'X-Feature-Flags-V2' } } })]);
    const tabIdA = await tabIdOf(setup, urlA);

    // The options page: her name, "Generate signing key", then the one line the server needs.
    // The key is made and kept by the background (Web Crypto Ed25519, IndexedDB); a failure
    // there shows in the section's alert, which is then what this test reports.
    const options = await openExtensionPage(ff, 'options.html');
    await options.locator(byRole('textbox', 'Your name or e-mail (the server sees who signed)')).fill(WHO);
    await options.locator(byRole('button', 'Generate signing key for Demo Shop')).click();
    await step(`the options page showing "${LINE_BOX}" (or an alert saying why not)`, () =>
      options.waitForSelector(`${byRole('textbox', LINE_BOX)}, section.signing [role="alert"]`, { timeout: COLD_START_LIMIT_MS }));
    const alert = await options.$eval('section.signing', (s) => s.querySelector('[role="alert"]')?.textContent ?? null);
    expect(alert, 'the options page\'s alert after "Generate signing key"').toBeNull();
    const line = await options.$eval(byRole('textbox', LINE_BOX), (el) => (el as HTMLInputElement).value);
    expect(line).toMatch(/^ed25519 [A-Za-z0-9_-]{43} [A-Za-z0-9_-]{43}$/);
    const kid = line.split(' ')[2]!;
    await pollInPage(options, () => /Copy its line into the server/.test(document.querySelector('section.signing [role="status"]')?.textContent ?? ''), undefined);

    // The shop now verifies, strictly, with that line as its only authorized key.
    await demo!.authorize(line);

    // The real popup, acting on tab A.
    const popup = await openExtensionPage(ff, `popup.html?tabId=${tabIdA}`);
    await popup.locator(byRole('switch', 'new-checkout')).click();
    await popup.waitForSelector(byRole('button', 'Reset new-checkout'));
    expect(await popup.$('.signing-warning'), 'the popup\'s signing warning').toBeNull();

    demo!.clearRequests();
    await tabA.reload();
    await tabB.reload();
    const docA = await demo!.waitForRequest((r) => r.host === 'shop.localhost' && r.path === '/?tab=a');
    const docB = await demo!.waitForRequest((r) => r.host === 'shop.localhost' && r.path === '/?tab=b');

    // Tab A: signed, and accepted for this key and tester; the page rendered the override.
    expect(docA.headers['x-feature-flags-v2'], 'X-Feature-Flags-V2 on tab A').toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(docA.signed, 'the shop\'s decision on tab A').toEqual({ status: 'accepted', kid, sub: WHO });
    expect(await tabA.$('#new-checkout'), 'the new checkout on tab A').not.toBeNull();
    // The popup says what the server decided, from its status header on tab A's page. A fresh
    // popup: reloading an extension page over WebDriver BiDi never reports its load (smoke.test.ts).
    const after = await openExtensionPage(ff, `popup.html?tabId=${tabIdA}`);
    await step(`the popup saying "Server accepted your signed overrides (key ${kid})."`, () => pollInPage(after,
      (k) => document.querySelector('.server-decision')?.textContent === `Server accepted your signed overrides (key ${k}).`, kid));

    // Tab B, same site: nothing sent, nothing decided.
    expect(docB.headers['x-feature-flags-v2'], 'X-Feature-Flags-V2 on tab B').toBeUndefined();
    expect(docB.headers['x-feature-flags'], 'X-Feature-Flags on tab B').toBeUndefined();
    expect(docB.headers.cookie ?? '', 'cookie on tab B').not.toContain('flagtab');
    expect(docB.signed, 'the shop\'s decision on tab B').toEqual({ status: 'none' });
  }, TEST_LIMIT_MS);
});
