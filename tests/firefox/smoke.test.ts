/**
 * Smoke test in real Firefox ESR: an override set in the popup for tab A reaches the demo
 * server on tab A's requests only, and the page bridge forces it in a GrowthBook page; the
 * sidebar's sign-off page drafts a sign-off for the tab and posts it to a local Jira Cloud.
 * Driven by puppeteer over WebDriver BiDi, the extension installed as a temporary add-on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { LIVE_SOCKET_PATH } from '../../demo/live';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { SECRETS_KEY } from '../../lib/secrets/store';
import { adfText } from '../../lib/trackers/jira-cloud/adf';
import { buildExtension } from '../../demo/browser/build';
import { demoSite } from '../../demo/browser/flagtab';
import { startFakeJira, type FakeJira } from '../../demo/jira/server';
import { COLD_START_LIMIT_MS, byRole, configureSites, launchFirefoxWithExtension, openExtensionPage, step, tabIdOf, type FirefoxWithExtension } from './support/firefox';

const CHOSEN = { 'new-checkout': true, 'hero-banner': 'b' };

/** Room for a few cold-start waits in one test, each of which names itself when it runs out. */
const TEST_LIMIT_MS = 3 * COLD_START_LIMIT_MS;

const JIRA_ACCOUNT = { email: 'po@acme.example', apiToken: 'ATATT3x-firefox-token' };

let demo: DemoServer | undefined;
let jira: FakeJira | undefined;
let firefox: FirefoxWithExtension | undefined;

beforeAll(async () => {
  const dir = await buildExtension('firefox');
  demo = await startDemoServer();
  jira = await startFakeJira({ flavour: 'cloud', ...JIRA_ACCOUNT, issues: ['SHOP-142', 'SHOP-150'] });
  firefox = await launchFirefoxWithExtension(dir);
  // Building, then Firefox's first start on a machine where it never ran: each step names itself
  // if it runs out (tests/firefox/support/firefox.ts); this only keeps vitest from cutting them short.
}, 4 * COLD_START_LIMIT_MS);
afterAll(async () => {
  await firefox?.close();
  await demo?.close();
  await jira?.close();
});

/** Picks the variant chip labelled `label` of the flag `name` (the popup shows a few short variants as a radio group). */
async function chooseVariant(page: Page, name: string, label: string): Promise<void> {
  const group = await page.waitForSelector(byRole('radiogroup', name));
  const chip = await group!.$(byRole('radio', label));
  if (!chip) throw new Error(`"${name}" has no variant chip "${label}"`);
  await chip.click();
}

describe('Flagtab in Firefox ESR', () => {
  it('sends the chosen overrides on tab A and nothing on tab B', async () => {
    const ff = firefox!.browser;
    const site = demo!.siteOrigin;
    // Distinct URLs tell the two tabs apart, both to the extension and in the server's log.
    const [urlA, urlB] = [`${site}/?tab=a`, `${site}/?tab=b`];
    const [tabA, tabB] = [await ff.newPage(), await ff.newPage()];
    await tabA.goto(urlA);
    await tabB.goto(urlB);

    const setup = await configureSites(ff, [demoSite(site)]);
    const tabIdA = await tabIdOf(setup, urlA);

    // The real popup, acting on tab A.
    const popup = await openExtensionPage(ff, `popup.html?tabId=${tabIdA}`);
    await popup.locator(byRole('switch', 'new-checkout')).click();
    await popup.waitForSelector(byRole('button', 'Reset new-checkout'));
    await chooseVariant(popup, 'hero-banner', 'b');
    await popup.waitForSelector(byRole('button', 'Reset hero-banner'));

    demo!.clearRequests();
    await tabA.reload();
    await tabB.reload();
    const docA = await demo!.waitForRequest((r) => r.host === 'shop.localhost' && r.path === '/?tab=a');
    const docB = await demo!.waitForRequest((r) => r.host === 'shop.localhost' && r.path === '/?tab=b');

    expect(docA.headerOverrides, 'X-Feature-Flags on tab A').toEqual(CHOSEN);
    expect(docA.cookieOverrides, 'flagtab cookie on tab A').toEqual(CHOSEN);
    expect(docA.decodeErrors).toEqual([]);
    expect(docB.headers['x-feature-flags'], 'X-Feature-Flags on tab B').toBeUndefined();
    expect(docB.headers.cookie ?? '', 'cookie on tab B').not.toContain('flagtab=');
    // What the tester sees: tab A rendered the overridden page.
    expect(await tabA.$eval('#hero', (el) => el.textContent)).toBe('Banner B');

    // Websockets: tab A's handshake carries the overrides too (Firefox ESR 153 applies the rule
    // with http(s) host access alone, measured; Chrome also needs ws:// access, wxt.config.ts).
    await tabA.goto(`${site}/live`);
    const socketA = await demo!.waitForRequest((r) => r.path === LIVE_SOCKET_PATH);
    expect(socketA.headerOverrides, 'X-Feature-Flags on tab A\'s websocket').toEqual(CHOSEN);
    demo!.clearRequests();
    await tabB.goto(`${site}/live`);
    const socketB = await demo!.waitForRequest((r) => r.path === LIVE_SOCKET_PATH);
    expect(socketB.headers['x-feature-flags'], 'X-Feature-Flags on tab B\'s websocket').toBeUndefined();

    // The page script and bridge run in Firefox too: on a GrowthBook page in tab A, the SDK
    // answers the override, and the popup names the SDK as the source.
    await tabA.goto(`${site}/sdk/growthbook?tab=a`);
    await step('the GrowthBook SDK on tab A answering the override (#sdk-new-checkout "true")', () =>
      tabA.waitForFunction(() => document.querySelector('#sdk-new-checkout')?.textContent === 'true', { timeout: COLD_START_LIMIT_MS }));
    // A fresh popup (reloading an extension page over WebDriver BiDi never reports its load).
    const after = await openExtensionPage(ff, `popup.html?tabId=${tabIdA}`);
    await step('the popup saying "✓ Page uses true · GrowthBook SDK" for new-checkout', () => after.waitForFunction(
      () => /^✓ Page uses true · GrowthBook SDK/.test(document.querySelector('li[data-flag-key="new-checkout"] .page-line')?.textContent ?? ''),
      { timeout: COLD_START_LIMIT_MS },
    ));
    await tabB.goto(`${site}/sdk/growthbook?tab=b`);
    await tabB.waitForFunction(() => document.querySelector('#sdk-status')?.textContent === 'ready');
    expect(await tabB.$eval('#sdk-new-checkout', (el) => el.textContent)).toBe('false');
  }, TEST_LIMIT_MS);
});

describe('QA sign-off in Firefox ESR', () => {
  it('drafts the sign-off for the tab (ticket from the overridden flag, the override in the evidence) and posts it to Jira Cloud', async () => {
    const ff = firefox!.browser;
    const site = demo!.siteOrigin;
    // The Firefox e2e build may reach *.localhost (wxt.config.ts), not 127.0.0.1.
    const jiraUrl = `http://jira.localhost:${new URL(jira!.origin).port}`;
    const shopUrl = `${site}/?tab=signoff`;
    const shop = await ff.newPage();
    await shop.goto(shopUrl);

    // The demo site with Jira Cloud for sign-offs, and its token bound to Jira's origin, as the
    // options page saves them.
    const setup = await openExtensionPage(ff, 'popup.html');
    const tracker = { tracker: 'jira-cloud', baseUrl: jiraUrl, email: JIRA_ACCOUNT.email } as const;
    await setup.evaluate(
      (s, key, secrets) => browser.storage.local.set({ config: { version: 1, sites: [s] }, [key]: secrets }).then(() => true),
      demoSite(site, { tracker }), SECRETS_KEY, { 'demo-shop': { tracker: JIRA_ACCOUNT.apiToken, 'tracker@origin': jiraUrl } },
    );
    const tabId = await tabIdOf(setup, shopUrl);
    const popup = await openExtensionPage(ff, `popup.html?tabId=${tabId}`);
    await popup.locator(byRole('switch', 'new-checkout')).click();
    await popup.waitForSelector(byRole('button', 'Reset new-checkout'));
    await shop.reload();
    await shop.waitForSelector('#new-checkout');

    // The sidebar's page, opened as a tab on the shop tab: Firefox's sidebar shows the same page.
    const panel = await openExtensionPage(ff, `sidepanel.html?tabId=${tabId}`);
    await panel.waitForSelector(byRole('heading', 'Sign off on Demo Shop'));
    await step('the sign-off form suggesting SHOP-142', () =>
      panel.waitForFunction(() => document.querySelector<HTMLInputElement>('#so-ticket')?.value === 'SHOP-142', { timeout: COLD_START_LIMIT_MS }));
    expect(await panel.$eval('#so-ticket-hint', (el) => el.textContent)).toContain('From the flag\'s ticket');
    expect(await panel.$eval('.tracker', (el) => el.textContent)).toBe('Posts to Jira Cloud');
    const overrides = await panel.$$eval('.evidence ul.code-list', (lists) => lists[0]?.textContent ?? '');
    expect(overrides).toContain('new-checkout = true');
    // Opened as a tab, the panel is the visible tab, not the shop: the screenshot may be refused
    // (Firefox, like Chrome, needs activeTab or the tab in view). The sign-off posts either way.
    await step('the panel showing its screenshot or why it has none', () =>
      panel.waitForSelector('.screenshot img.thumbnail, .screenshot .notice, .screenshot .hint', { timeout: COLD_START_LIMIT_MS }));
    const withScreenshot = (await panel.$('.screenshot img.thumbnail')) !== null;

    await panel.locator(byRole('radio', 'Passed')).click();
    await panel.locator(byRole('textbox', 'Notes')).fill('Checked in **Firefox**: the new checkout renders.');
    await panel.locator(byRole('button', 'Send sign-off')).click();
    await step('the panel saying "Posted to SHOP-142"', () =>
      panel.waitForFunction(() => document.querySelector('#signoff-status')?.textContent?.includes('Posted to SHOP-142'), { timeout: COLD_START_LIMIT_MS }));

    // What Jira Cloud received: one valid ADF comment with the verdict, the notes, the override
    // and the browser; the screenshot attached exactly when the panel had one.
    expect(jira!.invalidBodies).toEqual([]);
    const comments = jira!.comments('SHOP-142');
    expect(comments).toHaveLength(1);
    const text = adfText(comments[0]!.body);
    expect(text).toContain('QA sign-off: Passed');
    expect(text).toContain('Checked in Firefox: the new checkout renders.');
    expect(text).toContain('new-checkout = true');
    expect(text).toMatch(/Firefox \d+/);
    expect(jira!.attachments('SHOP-142')).toHaveLength(withScreenshot ? 1 : 0);
    const link = await panel.$eval('#signoff-status a', (a) => a.getAttribute('href'));
    expect(link).toBe(`${jiraUrl}/browse/SHOP-142?focusedCommentId=${comments[0]!.id}`);
  }, TEST_LIMIT_MS);
});
