/**
 * `npm start`: builds Flagtab, starts the demo shop and a demo Jira on 127.0.0.1, and opens
 * Chromium with the extension loaded and the demo site already configured, sign-offs going to
 * the demo Jira. With no display (a server, CI) it runs headless, turns one flag on to prove
 * the loop works, signs off SHOP-142 from the side panel, and saves screenshots.
 *
 * Options: --port N (default 5177; the demo Jira takes N+1), --headless, --exit (stop after the
 * screenshots), --out DIR (where screenshots go; default .output/demo).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { startDemoServer } from '../demo/server';
import { ROOT, buildExtension, screenshotCapableBuild } from '../demo/browser/build';
import { COLD_START_LIMIT_MS, launchWithExtension, tabIdOf, type ExtensionBrowser } from '../demo/browser/extension';
import { PopupPage, configure, demoSite, makeSigningKey, storeTrackerToken } from '../demo/browser/flagtab';
import { V2_HEADER_NAME } from '../lib/wire/v2';
import { startFakeJira, type FakeJira } from '../demo/jira/server';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '5177' },
    headless: { type: 'boolean' },
    exit: { type: 'boolean' },
    out: { type: 'string', default: resolve(ROOT, '.output/demo') },
  },
});
const headless = args.headless ?? !process.env.DISPLAY;

/** The demo Jira's account; demo/flags.json links new-checkout to SHOP-142 and hero-banner to SHOP-150. */
const DEMO_JIRA = { email: 'po@shop.example', apiToken: 'demo-jira-api-token', issues: ['SHOP-142', 'SHOP-150'] };
/** Who signs the demo's overrides (the tokens' `sub`). */
const DEMO_TESTER = 'qa@shop.example';

console.log('› Building the extension (test build: demo hosts pre-granted)…');
const extensionDir = await buildExtension('chrome');
const demo = await startDemoServer({ port: Number(args.port) });
console.log(`› Demo shop: ${demo.siteOrigin}  (third-party host: ${demo.thirdPartyOrigin})`);
const jira = await startDemoJira(Number(args.port) === 0 ? 0 : demo.port + 1);
// The extension reaches it as jira.localhost: the e2e build may access *.localhost, not 127.0.0.1.
const jiraBaseUrl = `http://jira.localhost:${new URL(jira.origin).port}`;
console.log(`› Demo Jira: ${jiraBaseUrl}/browse/SHOP-142  (sign-offs land here; also SHOP-150)`);

// Headless Chromium cannot click the toolbar button, which is what lets Flagtab capture a tab:
// that run uses a copy of the build that may capture any tab. A person clicks the button.
const captureBuild = headless ? screenshotCapableBuild('start') : undefined;
const ext = await launchWithExtension({ headless, ...(captureBuild ? { extensionDir: captureBuild } : {}) });
await configure(ext, [demoSite(demo.siteOrigin, {
  tracker: { tracker: 'jira-cloud', baseUrl: jiraBaseUrl, email: DEMO_JIRA.email },
  transports: { signed: { enabled: true, name: V2_HEADER_NAME } },
})]);
await storeTrackerToken(ext, 'demo-shop', DEMO_JIRA.apiToken, jiraBaseUrl);
// The shop verifies signed overrides strictly, as production would: the demo tester makes her
// key in the options page, and its line is the shop's only authorized key.
const signing = await step('the options page making the demo tester\'s signing key', () => makeSigningKey(ext, 'Demo Shop', DEMO_TESTER));
await demo.authorize(signing.line);
if (headless) await signing.options.close();
console.log(`› The shop accepts only overrides signed by the demo tester's key (${signing.line.split(' ')[2]}); unsigned ones are ignored.`);
const shop = ext.context.pages()[0] ?? (await ext.context.newPage());
await shop.goto(demo.siteOrigin);

if (headless) {
  const outDir = args.out;
  mkdirSync(outDir, { recursive: true });
  const tabId = await tabIdOf(ext, shop);
  const popup = await PopupPage.open(ext, tabId);
  await popup.page.setViewportSize({ width: 460, height: 640 });
  await popup.setSwitch('new-checkout', true);
  await popup.chooseVariant('hero-banner', 'b');
  await popup.page.screenshot({ path: `${outDir}/popup.png` });
  await popup.page.close();
  await shop.reload();
  // The server, not the page, decides: this element exists only if the override arrived.
  await step('the shop serving the new checkout (#new-checkout) after the override', () => shop.locator('#new-checkout').waitFor({ timeout: COLD_START_LIMIT_MS }));
  await shop.screenshot({ path: `${outDir}/shop.png`, fullPage: true });
  const decided = demo.requests.filter((r) => r.path === '/').at(-1)?.signed;
  if (decided?.status !== 'accepted') throw new Error(`The shop did not accept the signed overrides: ${JSON.stringify(decided)}`);
  console.log(`› No display, so Chromium ran headless. It turned "new-checkout" on and chose banner "b" for one tab;`);
  console.log(`  the server verified the signed overrides (key ${decided.kid}, signed by ${decided.sub}), accepted them and answered`);
  console.log(`  with the new checkout. Screenshots: ${outDir}/popup.png and ${outDir}/shop.png`);

  await shop.bringToFront();
  const panel = await openSidePanelWindow(ext, tabId);
  const shot = await waitForScreenshot(panel);
  const commentUrl = await signOff(panel, `${outDir}/sidepanel.png`);
  const comment = jira.comments('SHOP-142').at(-1);
  if (!comment) throw new Error('The side panel said "Posted to SHOP-142", but the demo Jira has no comment on SHOP-142');
  const attached = jira.attachments('SHOP-142').length;
  const jiraPage = await ext.context.newPage();
  await jiraPage.goto(commentUrl);
  await jiraPage.screenshot({ path: `${outDir}/jira.png`, fullPage: true });
  console.log(`› Then it opened the side panel for that tab (as a window beside it), signed off SHOP-142 as Passed, and the`);
  console.log(`  demo Jira received comment ${comment.id} on SHOP-142, ${attached ? 'with the screenshot attached' : 'without a screenshot'}.`);
  console.log(`  Build used: ${captureBuild} (the e2e build plus <all_urls>, so headless Chromium may capture the tab);`);
  console.log(`  the panel's screenshot: ${shot}.`);
  console.log(`  Screenshots: ${outDir}/sidepanel.png and ${outDir}/jira.png (the comment at ${commentUrl})`);
  console.log(`  To use Flagtab yourself, load ${extensionDir} as an unpacked extension (see README) and open ${demo.siteOrigin}`);
} else {
  console.log(`› Chromium is open with Flagtab loaded (build: ${extensionDir}). Click the Flagtab toolbar icon on the shop tab.`);
  console.log(`  To sign off: in the popup, Sign off… opens the side panel; pick a verdict, write notes, Send sign-off.`);
  console.log(`  Then open ${jiraBaseUrl}/browse/SHOP-142 (or the panel's "Open comment" link) to see what the tracker got.`);
}

if (args.exit) {
  await ext.close();
  await demo.close();
  await jira.close();
} else {
  console.log('› Press Ctrl+C to stop.');
  const stop = async () => {
    await ext.close().catch(() => undefined);
    await Promise.all([demo.close(), jira.close()]);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  ext.context.on('close', () => void Promise.all([demo.close(), jira.close()]).then(() => process.exit(0)));
}

/**
 * One step of the headless walk-through: waits on its condition (generously: a first start on
 * a new machine is slow), and if it does not happen, says which step it was.
 */
async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new Error(`npm start: ${what} did not happen within ${COLD_START_LIMIT_MS / 1000} s`, { cause: error });
  }
}

/** The local Jira Cloud stand-in, on the port beside the shop so its address stays the same. */
async function startDemoJira(port: number): Promise<FakeJira> {
  try {
    return await startFakeJira({ flavour: 'cloud', ...DEMO_JIRA, port });
  } catch (error) {
    await demo.close();
    throw new Error(`The demo Jira could not listen on port ${port} (the shop's port + 1): free it, or pass --port N to move both.`, { cause: error });
  }
}

/**
 * The side panel page for `tabId`, opened as a popup window so the shop tab stays the visible
 * tab of its own window (the panel photographs the visible tab). Headless Chromium has no side
 * panel to open; the page is the same.
 */
async function openSidePanelWindow(ext: ExtensionBrowser, tabId: number): Promise<Page> {
  const url = `chrome-extension://${ext.extensionId}/sidepanel.html?tabId=${tabId}`;
  const opened = step('the side panel window opening', () => ext.context.waitForEvent('page', { predicate: (p) => p.url() === url, timeout: COLD_START_LIMIT_MS }));
  const sw = await ext.worker();
  await sw.evaluate((u) => chrome.windows.create({ url: u, type: 'popup', width: 420, height: 900 }), url);
  const panel = await opened;
  await panel.setViewportSize({ width: 420, height: 900 });
  await step('the side panel showing "Sign off on Demo Shop"', () => panel.getByRole('heading', { name: 'Sign off on Demo Shop' }).waitFor({ timeout: COLD_START_LIMIT_MS }));
  return panel;
}

/** Waits until the panel has its screenshot or says why not; in words for the console. */
async function waitForScreenshot(panel: Page): Promise<string> {
  const taken = panel.locator('.screenshot img.thumbnail');
  const failed = panel.locator('.screenshot .notice');
  await step('the side panel taking its screenshot or saying why not', () => taken.or(failed).first().waitFor({ timeout: COLD_START_LIMIT_MS }));
  if (await taken.isVisible()) return 'taken, and attached to the sign-off';
  return `not taken ("${await failed.textContent()}"); in a browser with a display, click the Flagtab toolbar button on the tab first`;
}

/** Passed, a few lines of notes, a screenshot of the filled form, Send; the link to the posted comment. */
async function signOff(panel: Page, screenshotPath: string): Promise<string> {
  const ticket = await panel.getByRole('textbox', { name: 'Ticket' }).inputValue();
  if (ticket !== 'SHOP-142') throw new Error(`The side panel suggested "${ticket}" for the overridden new-checkout, not SHOP-142`);
  await panel.getByRole('radio', { name: 'Passed' }).check();
  await panel.getByRole('textbox', { name: 'Notes' }).fill('Checked the **new checkout** with banner B in the demo shop.\n- the server rendered `#new-checkout`\n- only this tab changed');
  await panel.screenshot({ path: screenshotPath, fullPage: true });
  await panel.getByRole('button', { name: 'Send sign-off' }).click();
  await step('the side panel saying "Posted to SHOP-142"', () => panel.getByText('Posted to SHOP-142').waitFor({ timeout: COLD_START_LIMIT_MS }));
  const href = await panel.getByRole('link', { name: 'Open comment' }).getAttribute('href');
  if (!href) throw new Error('The side panel said "Posted" but gave no link to the comment');
  return href;
}
