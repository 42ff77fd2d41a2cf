import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Debian's Firefox ESR; puppeteer's own browser downloads are not available here. */
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** browser_specific_settings.gecko.id in wxt.config.ts. */
export const GECKO_ID = 'flagtab@flagtab.dev';

/**
 * Firefox gives every install a random moz-extension UUID; this pref pins ours, so the test can
 * build popup URLs without scraping about:debugging. The pref is where Firefox itself keeps the
 * add-on id → UUID map (UUID_MAP_PREF in toolkit/components/extensions/Extension.sys.mjs).
 */
export const EXTENSION_UUID = '0f1a9ab0-f1a9-4ab0-8f1a-9ab0f1a9ab00';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

export interface FirefoxWithExtension {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * How long each step of starting Firefox, or of opening an extension page, may take. Far above
 * what any step takes once Firefox has run on the machine (a second or two): on a machine where
 * it never ran (no ~/.mozilla, no ~/.cache/mozilla, fonts and the omni.ja startup cache not yet
 * read from disk) and other browsers busy, the first start and the first moz-extension document
 * took more than the 15 s this used to allow. A step that still runs out names itself.
 */
export const COLD_START_LIMIT_MS = 120_000;

/**
 * Runs one named step of driving Firefox; a failure says which step did not happen, and how
 * long it was given. `what` says what the step waits for, in words a reader of the error needs.
 */
export async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new Error(`Firefox: ${what} did not happen (allowed ${COLD_START_LIMIT_MS / 1000} s; see tests/firefox/support/firefox.ts)`, { cause: error });
  }
}

/**
 * Starts headless Firefox over WebDriver BiDi, installs `extensionDir` as a temporary add-on
 * (BiDi `webExtension.install`; unsigned is fine for temporary installs) and waits until the
 * add-on's background answers a message from one of its pages: what every test does first.
 */
export async function launchFirefoxWithExtension(extensionDir: string): Promise<FirefoxWithExtension> {
  const browser = await step('starting Firefox (its WebDriver BiDi endpoint answering)', () => puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    timeout: COLD_START_LIMIT_MS,
    protocolTimeout: COLD_START_LIMIT_MS,
    // Firefox 153 lets WebDriver navigate only to http(s), file, blob and about:blank unless
    // started with this flag (isWebdriverSafeNavigationURL in remote/shared/BrowsingContextUtils.sys.mjs);
    // without it, opening moz-extension://…/popup.html fails with "Navigation … is not allowed in
    // this context". https://firefox-source-docs.mozilla.org/testing/geckodriver/Flags.html#allow-system-access
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }) },
  }));
  try {
    const id = await step(`installing the add-on from ${extensionDir}`, () => browser.installExtension(extensionDir));
    if (id !== GECKO_ID) throw new Error(`Installed add-on has id ${id}, expected ${GECKO_ID}`);
    const page = await openExtensionPage(browser, 'popup.html');
    await waitForBackground(page);
    await page.close();
  } catch (error) {
    await browser.close();
    throw error;
  }
  return { browser, close: () => browser.close() };
}

/**
 * Waits until the add-on's background script answers a message from `page`, an extension page.
 * Until it has registered its listener, `runtime.sendMessage` rejects ("Receiving end does not
 * exist"); any answer, even the router's "Unknown message type", means it is listening.
 */
async function waitForBackground(page: Page): Promise<void> {
  await step('the add-on\'s background answering a message', () => pollInPage(page, async () => {
    try {
      const reply: unknown = await browser.runtime.sendMessage({ type: 'test/background-ready' });
      return typeof reply === 'object' && reply !== null;
    } catch {
      return false; // not listening yet: asked again on the next poll
    }
  }, undefined, 200));
}

/**
 * Evaluates `check(arg)` in `page` until it returns true, for up to COLD_START_LIMIT_MS. Not
 * puppeteer's waitForFunction: while a tab goes from about:blank to a moz-extension document,
 * Firefox ESR's BiDi `script.evaluate` sometimes fails inside Firefox itself ("TypeError:
 * right-hand side of 'in' should be an object, got null" in #buildReturnValue), and
 * waitForFunction gives up on the first such error. Here an error is one more failed poll; the
 * last one is kept as the cause if time runs out.
 */
export async function pollInPage<A extends string | undefined>(page: Page, check: (arg: A) => boolean | Promise<boolean>, arg: A, everyMs = 100): Promise<void> {
  const deadline = Date.now() + COLD_START_LIMIT_MS;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await page.evaluate(check as (arg: string | undefined) => boolean | Promise<boolean>, arg)) return;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`still not true after ${COLD_START_LIMIT_MS / 1000} s`, { cause: last });
}

/**
 * Opens an extension page (e.g. `popup.html?tabId=3`) in a new tab and waits until its document
 * has loaded. Not `await page.goto(...)`: Firefox emits no browsingContext.domContentLoaded/load
 * BiDi events for moz-extension documents, so puppeteer's goto never resolves
 * (https://github.com/puppeteer/puppeteer/issues/14314). The navigation itself works; we wait on
 * the document instead, and the dangling goto settles when the page closes.
 */
export async function openExtensionPage(browser: Browser, path: string): Promise<Page> {
  const url = `${EXTENSION_ORIGIN}/${path}`;
  const page = await step(`opening a new tab for ${path}`, () => browser.newPage());
  page.goto(url, { timeout: 0 }).catch(() => undefined);
  // Two waits, so a failure says which half did not happen: the navigation, or the document.
  await step(`the tab navigating to ${url}`, () => pollInPage(page, (u) => location.href === u, url));
  await step(`${path} loading (document.readyState "complete")`, () => pollInPage(page, () => document.readyState === 'complete', undefined));
  return page;
}

/**
 * The Firefox tab id of the tab showing exactly `url`, asked from an extension page (puppeteer
 * knows BiDi contexts, the extension knows tab ids). Tab URLs are visible to the extension
 * because the e2e build holds host access to *.localhost.
 */
export async function tabIdOf(extensionPage: Page, url: string): Promise<number> {
  // Runs in the extension page, where `browser` is Firefox's WebExtension API (typed by @types/chrome).
  const ids = await extensionPage.evaluate(
    async (u) => (await browser.tabs.query({})).filter((t) => t.url === u).map((t) => t.id),
    url,
  );
  if (ids.length !== 1 || ids[0] === undefined) throw new Error(`Expected one tab at ${url}, found ${ids.length}`);
  return ids[0];
}

/** An ARIA selector: the element with this role and exact accessible name. */
export function byRole(role: string, name: string): string {
  return `::-p-aria([name=${JSON.stringify(name)}][role="${role}"])`;
}

/**
 * Stores `sites` as Flagtab's configuration, as an import on the options page would, from an
 * extension page (where `browser` is the WebExtension API); returns that page for more setup.
 */
export async function configureSites(browser: Browser, sites: readonly unknown[]): Promise<Page> {
  const setup = await openExtensionPage(browser, 'popup.html');
  // `.then(() => true)`: with an `undefined` result this evaluation failed inside Firefox's
  // BiDi ("got null" in #buildReturnValue) in 2 of 4 runs on one branch.
  await setup.evaluate((s) => (globalThis as unknown as { browser: typeof chrome }).browser.storage.local.set({ config: { version: 1, sites: s } }).then(() => true), sites);
  return setup;
}
