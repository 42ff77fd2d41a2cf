import type { Page } from 'playwright-core';
import { tabIdOf, type ExtensionBrowser } from '../demo/browser/extension';
import { PopupPage } from '../demo/browser/flagtab';
import { EMPTY_PAGE } from './open';
import { installProbeInContext, waitForMark } from './probe';
import { rounds, type Plan } from './speed';

export const panelPath = (tabId: number) => `sidepanel.html?tabId=${tabId}`;

/**
 * Opens `path` of the extension in a popup window of its own, from the service worker, as the
 * e2e tests open the side panel (tests/e2e/support/sidepanel.ts: headless Chromium cannot open
 * the real panel, which takes a click on the browser's UI). Creating the window is not timed:
 * the page's clock starts at its navigation.
 */
async function openInWindow(ext: ExtensionBrowser, path: string): Promise<Page> {
  const url = `chrome-extension://${ext.extensionId}/${path}`;
  const sw = await ext.worker();
  const [page] = await Promise.all([
    ext.context.waitForEvent('page', { predicate: (p) => p.url() === url, timeout: 15_000 }),
    sw.evaluate(async (u) => void (await chrome.windows.create({ url: u, type: 'popup', width: 440, height: 900 })), url),
  ]);
  return page;
}

/** A window whose probe came late (see ProbeMarks.late) is opened again, at most this many times. */
const LATE_PROBE_RETRIES = 5;

/**
 * Milliseconds from the navigation's start to `mark`, by the page's own clock, in a fresh
 * window. The window opens on the empty page first, and the timed document is then loaded into
 * it by Playwright: into a page it already knows, Playwright installs the probe before the
 * document's scripts, while into a window the service worker opens it sometimes comes only
 * after the page has loaded (on a busy machine, every time). Still a fresh document each round.
 */
async function timeWindowOpen(ext: ExtensionBrowser, path: string, mark: 'complete' | 'formReady'): Promise<number> {
  for (let attempt = 0; attempt <= LATE_PROBE_RETRIES; attempt++) {
    const page = await openInWindow(ext, `${EMPTY_PAGE}?window`);
    try {
      await page.goto(`chrome-extension://${ext.extensionId}/${path}`, { waitUntil: 'commit' });
      const marks = await waitForMark(page, mark);
      if (mark === 'complete' || !marks.late) return marks[mark]!;
    } catch (error) {
      const shown = await page.evaluate(() => `${document.readyState}: ${document.body?.innerText.slice(0, 300) ?? ''}`).catch(() => '(unreadable)');
      throw new Error(`${path}, opened in a window, never reached "${mark}"; it shows ${JSON.stringify(shown)}`, { cause: error });
    } finally {
      await page.close();
    }
  }
  throw new Error(`${path}, opened in a window ${LATE_PROBE_RETRIES + 1} times, never had the probe in place before "${mark}": Playwright injected bench/probe.ts's init script late every time`);
}

/**
 * A new tab on `url` with `key` overridden (one click away from its default, whichever it is),
 * so the sign-off draft finds the flag's ticket. Returns the tab and its id. Each part names
 * itself when it fails, and a popup without the switch says what it shows instead.
 */
export async function tabWithOverride(ext: ExtensionBrowser, url: string, key: string): Promise<{ page: Page; tabId: number }> {
  const tab = await ext.context.newPage();
  await tab.goto(url);
  const tabId = await tabIdOf(ext, tab);
  const popup = await PopupPage.open(ext, tabId);
  try {
    const control = popup.flagSwitch(key);
    try {
      await control.waitFor({ timeout: 30_000 });
    } catch (error) {
      throw new Error(`the popup for tab ${tabId} (${url}) has no switch "${key}"; it shows ${await popupSummary(popup.page)}`, { cause: error });
    }
    await control.click();
    try {
      await popup.page.getByRole('button', { name: `Reset ${key}` }).waitFor({ timeout: 30_000 });
    } catch (error) {
      throw new Error(`clicking "${key}" in the popup for tab ${tabId} set no override (no "Reset ${key}" button); it shows ${await popupSummary(popup.page)}`, { cause: error });
    }
  } finally {
    await popup.page.close();
  }
  return { page: tab, tabId };
}

/** What a popup shows, in one line for an error: its count, catalogue status, alerts and first rows. */
async function popupSummary(page: Page): Promise<string> {
  return page.evaluate(() => JSON.stringify({
    count: document.querySelector('p.count')?.textContent,
    catalogue: document.querySelector('.catalogue-status')?.textContent,
    query: document.querySelector<HTMLInputElement>('input[aria-label="Search flags"]')?.value,
    alerts: [...document.querySelectorAll('[role="alert"]')].map((e) => e.textContent),
    firstRows: [...document.querySelectorAll('li[data-flag-key]')].slice(0, 5).map((e) => e.getAttribute('data-flag-key')),
    body: document.body.innerText.slice(0, 200),
  })).catch((error: unknown) => `(unreadable: ${String(error)})`);
}

/**
 * Fails unless the side panel for `tabId` suggests `ticket` from the overridden flag and lists
 * the override in its evidence: a benchmark of a form that took another path is worthless.
 */
export async function assertPanelSuggests(ext: ExtensionBrowser, tabId: number, ticket: string, key: string): Promise<void> {
  const page = await openInWindow(ext, panelPath(tabId));
  try {
    const field = page.getByRole('textbox', { name: 'Ticket', exact: true });
    const evidence = page.getByRole('region', { name: 'Evidence' });
    try {
      await evidence.waitFor({ timeout: 30_000 });
    } catch (error) {
      const shown = await page.locator('body').innerText().catch(() => '(unreadable)');
      throw new Error(`the side panel for tab ${tabId} never showed its form; it shows: ${JSON.stringify(shown.slice(0, 300))}`, { cause: error });
    }
    const value = await field.inputValue();
    const from = await page.locator('#so-ticket-hint').textContent();
    const listed = await evidence.textContent();
    if (value !== ticket || !from?.startsWith('From the flag\'s ticket') || !listed?.includes(`${key} = `)) {
      throw new Error(`the side panel for tab ${tabId} suggests "${value}" (${from}), expected ${ticket} from the overridden flag ${key}; check bench/catalogue.ts's ticket and the override`);
    }
  } finally {
    await page.close();
  }
}

/** Draft and chunk reads, timed inside an extension page (see measureSidePanelOpens). */
const DRAFT = `(async (tabId) => {
  const started = performance.now();
  const reply = await chrome.runtime.sendMessage({ type: 'signoff/draft', data: { tabId } });
  const ms = performance.now() - started;
  if (!reply || !reply.ok || !reply.result.ticket) throw new Error('signoff/draft for tab ' + tabId + ' answered ' + JSON.stringify(reply).slice(0, 300));
  return ms;
})`;

const CHUNKS = `(async (siteId) => {
  const meta = (await chrome.storage.local.get('catalogue.v2:' + siteId))['catalogue.v2:' + siteId];
  if (!meta || !meta.chunks) throw new Error('no cached catalogue for site ' + siteId);
  const keys = Array.from({ length: meta.chunks }, (_, i) => 'catalogue.flags.v2:' + siteId + '#' + i);
  const started = performance.now();
  const records = await chrome.storage.local.get(keys);
  const ms = performance.now() - started;
  if (Object.keys(records).length !== keys.length) throw new Error('only ' + Object.keys(records).length + ' of ' + keys.length + ' chunks are stored for site ' + siteId);
  return ms;
})`;

/**
 * Measurement 7: the side panel opening until its form is ready (ticket filled, Evidence shown)
 * for a tab on the 100-flag and on the 10,000-flag site, and an empty extension page opened the
 * same way. Each open is a fresh window, as each side panel open is a fresh document.
 *
 * Alongside, to say where the difference goes: the 'signoff/draft' round trip alone for each
 * tab, and one storage.local read of every cached chunk of the 10,000-flag catalogue (what the
 * draft reads to find the overridden flags' tickets), both from an extension page.
 */
export async function measureSidePanelOpens(
  ext: ExtensionBrowser,
  target: { tabs: { small: number; big: number }; bigSiteId: string },
  plan: Plan,
) {
  const probe = await installProbeInContext(ext.context);
  const page = await ext.context.newPage();
  try {
    await page.goto(`chrome-extension://${ext.extensionId}/${EMPTY_PAGE}`);
    return await rounds(plan, {
      empty: () => timeWindowOpen(ext, EMPTY_PAGE, 'complete'),
      panel100: () => timeWindowOpen(ext, panelPath(target.tabs.small), 'formReady'),
      panel10000: () => timeWindowOpen(ext, panelPath(target.tabs.big), 'formReady'),
      draft100: () => page.evaluate(`${DRAFT}(${target.tabs.small})`) as Promise<number>,
      draft10000: () => page.evaluate(`${DRAFT}(${target.tabs.big})`) as Promise<number>,
      chunks10000: () => page.evaluate(`${CHUNKS}(${JSON.stringify(target.bigSiteId)})`) as Promise<number>,
    }, true);
  } finally {
    await page.close();
    await probe.dispose();
  }
}
