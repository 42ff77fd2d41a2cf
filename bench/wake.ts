import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, stopServiceWorker, type ExtensionBrowser } from '../demo/browser/extension';
import { OVERRIDE_RULE_ID_MAX, type DnrRule } from '../lib/overrides/rules';
import { EMPTY_PAGE, EMPTY_PAGE_HTML } from './open';
import { writeEmptyExtension } from './empty-extension';
import { baselineRule, expectedHeader } from './rules';
import { rounds, type Plan } from './speed';
import { ratioRow } from './quick';

/**
 * The smallest MV3 extension that does what the measurement asks of Flagtab: its service
 * worker, woken by a runtime message, installs the session rule the message carries. Built in a
 * temporary folder for the run; `bench-empty.html` is its page.
 */
const EMPTY_WORKER = `chrome.runtime.onMessage.addListener((message, _sender, reply) => {
  if (message && message.type === 'bench/ping') {
    reply({ ok: true, result: { pong: true } });
    return false;
  }
  if (!message || message.type !== 'bench/install-rule') return false;
  const rule = message.data.rule;
  chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: [rule.id], addRules: [rule] }).then(() => reply({ ok: true }), (error) => reply({ ok: false, error: String(error) }));
  return true;
});
`;

/**
 * The empty worker, or (`carrying`) the empty worker with another worker's script in a function
 * it never calls: Chrome loads and compiles those bytes on every start, but none of them runs.
 * What that costs is the floor of any worker of that size, whatever its code does.
 */
export function buildEmptyWorkerExtension(carrying?: string): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'flagtab-bench-empty-worker-'));
  const worker = carrying === undefined ? EMPTY_WORKER : `${EMPTY_WORKER}function neverCalled() {\n${carrying}\n}\n`;
  writeEmptyExtension(dir, { name: carrying === undefined ? 'empty worker' : 'empty worker carrying unrun bytes', worker, hosts: ['*://*.localhost/*'] });
  writeFileSync(join(dir, EMPTY_PAGE), EMPTY_PAGE_HTML);
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs in an extension page: sends `message` (not awaited: the answer is not what is timed) and
 * polls getSessionRules() back to back until a rule for `tabId` sets a request header to
 * `header`; ms by the page's clock, from just before the message. A string: see rules.ts.
 */
const MESSAGE_TO_RULE = `(async ({ message, tabId, header, limitMs }) => {
  const dnr = chrome.declarativeNetRequest;
  const started = performance.now();
  const answer = chrome.runtime.sendMessage(message);
  for (;;) {
    const rules = await dnr.getSessionRules();
    if (rules.some((r) => (r.condition.tabIds || []).includes(tabId) && (r.action.requestHeaders || []).some((h) => h.value === header))) {
      const ms = performance.now() - started;
      const reply = await answer;
      if (!reply || reply.ok === false) throw new Error('the worker answered ' + JSON.stringify(reply));
      return ms;
    }
    if (performance.now() - started > limitMs) throw new Error('no rule for tab ' + tabId + ' with header ' + header + ' ' + limitMs + ' ms after the message; the worker answered ' + JSON.stringify(await Promise.race([answer, null])));
  }
})`;

/**
 * Runs in an extension page: sends `message` and returns the ms until its answer arrives, by
 * the page's clock. An answer that is not `{ ok: true, result }` with `expect` among its keys
 * throws: the time of an error is not the time of an answer.
 */
const MESSAGE_TO_ANSWER = `(async ({ message, expect }) => {
  const started = performance.now();
  const reply = await chrome.runtime.sendMessage(message);
  const ms = performance.now() - started;
  if (!reply || reply.ok !== true || !reply.result || !(expect in reply.result)) throw new Error('the worker answered ' + JSON.stringify(reply).slice(0, 300));
  return ms;
})`;

const LIMIT_MS = 30_000;

interface WakeTarget {
  ext: ExtensionBrowser;
  page: Page;
  message(round: number): { message: unknown; tabId: number; header: string };
}

async function wakeToAnswer(ext: ExtensionBrowser, page: Page, message: unknown, expect: string): Promise<number> {
  await stopServiceWorker(ext);
  return page.evaluate(`${MESSAGE_TO_ANSWER}(${JSON.stringify({ message, expect })})`) as Promise<number>;
}

async function wakeToRule(t: WakeTarget, round: number): Promise<number> {
  await stopServiceWorker(t.ext);
  return t.page.evaluate(`${MESSAGE_TO_RULE}(${JSON.stringify({ ...t.message(round), limitMs: LIMIT_MS })})`) as Promise<number>;
}

/** An empty worker's browser, with its extension page open and that page's tab id. */
async function openEmpty(carrying?: string) {
  const built = buildEmptyWorkerExtension(carrying);
  const ext = await launchWithExtension({ extensionDir: built.dir }).catch((error: unknown) => {
    built.dispose();
    throw error;
  });
  const close = async () => {
    await ext.close();
    built.dispose();
  };
  try {
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/${EMPTY_PAGE}`);
    // The empty extension's rule names its own page's tab, a tab that exists, as Flagtab's does.
    const tabId = await page.evaluate(async () => (await chrome.tabs.getCurrent())?.id);
    if (tabId === undefined) throw new Error('the empty extension\'s page has no tab id');
    return { ext, page, tabId, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** An empty worker woken by a message carrying a rule of Flagtab's shape, replaced every round. */
function emptyToRule(empty: Awaited<ReturnType<typeof openEmpty>>, hosts: readonly string[]) {
  let round = 0;
  return () => wakeToRule({
    ext: empty.ext, page: empty.page,
    message: (n) => {
      // One id, replaced every round (as Flagtab's engine replaces the tab's rule).
      const rule: DnrRule = { ...baselineRule(empty.tabId, hosts, n), id: OVERRIDE_RULE_ID_MAX + 1 };
      const header = rule.action.type === 'modifyHeaders' ? (rule.action.requestHeaders?.[0]?.value ?? '') : '';
      return { message: { type: 'bench/install-rule', data: { rule } }, tabId: empty.tabId, header };
    },
  }, round++);
}

/**
 * Measurement 10: the service worker stopped (CDP ServiceWorker.stopAllWorkers), then woken by
 * the message the popup sends for a click ('overrides/set' from an extension page), until the
 * override's rule is in getSessionRules(); ÷ the same for the empty extension above, woken by
 * its own message carrying a rule of Flagtab's shape, in a second Chromium launched the same
 * way, rounds alternating. `flagtab.tabId` is a tab on `flagtab.siteId`, with no other override.
 * In the same rounds: stopped, then woken by the popup's first request ('popup/state') until its
 * answer arrives, ÷ the empty worker woken by a ping until it answers. And the floor: the empty
 * worker carrying the bytes of the background.js Flagtab's browser runs, never called, in a
 * third Chromium, woken to a rule as the empty one is.
 */
export async function measureWake(
  ext: ExtensionBrowser,
  flagtab: { tabId: number; siteId: string; key: string; hosts: readonly string[] },
  plan: Plan,
): Promise<{ flagtab: number[]; emptyWorker: number[]; emptyWorkerCarrying: number[]; flagtabAnswer: number[]; emptyWorkerAnswer: number[] }> {
  const opened: { close(): Promise<void> }[] = [];
  const flagtabPage = await ext.context.newPage();
  try {
    await flagtabPage.goto(`chrome-extension://${ext.extensionId}/${EMPTY_PAGE}`);
    // The very bytes this browser's worker was started from.
    const backgroundJs = await flagtabPage.evaluate(async () => (await fetch(chrome.runtime.getURL('background.js'))).text());
    const empty = await openEmpty();
    opened.push(empty);
    const carrying = await openEmpty(backgroundJs);
    opened.push(carrying);
    // Each subject's own count: the value flips every round, so every round's rule is new.
    let flagtabRound = 0;
    return await rounds(plan, {
      flagtab: () => wakeToRule({
        ext, page: flagtabPage,
        message: (n) => {
          const value = n % 2 === 0;
          return { message: { type: 'overrides/set', data: { tabId: flagtab.tabId, siteId: flagtab.siteId, key: flagtab.key, value } }, tabId: flagtab.tabId, header: expectedHeader(flagtab.key, value) };
        },
      }, flagtabRound++),
      emptyWorker: emptyToRule(empty, flagtab.hosts),
      emptyWorkerCarrying: emptyToRule(carrying, flagtab.hosts),
      // The popup's first request on a stopped worker: its whole state for the tab (a configured
      // site, so `site` is in the answer), against the empty worker's answer to a ping.
      flagtabAnswer: () => wakeToAnswer(ext, flagtabPage, { type: 'popup/state', data: { tabId: flagtab.tabId } }, 'site'),
      emptyWorkerAnswer: () => wakeToAnswer(empty.ext, empty.page, { type: 'bench/ping', data: {} }, 'pong'),
    }, true);
  } finally {
    await flagtabPage.close().catch(() => undefined);
    for (const o of opened) await o.close().catch(() => undefined);
  }
}

/** Section 10's lines for the quick scripts (bench:wake, bench:startup): each wake ÷ its baseline, and the floor. */
export function printWakeRows(wakes: Awaited<ReturnType<typeof measureWake>>): void {
  ratioRow('stopped worker → rule, Flagtab ÷ empty extension', wakes.flagtab, wakes.emptyWorker);
  ratioRow('stopped worker → popup/state answered, Flagtab ÷ empty extension\'s ping', wakes.flagtabAnswer, wakes.emptyWorkerAnswer);
  ratioRow('the floor: stopped worker → rule, empty extension carrying background.js unrun ÷ empty extension', wakes.emptyWorkerCarrying, wakes.emptyWorker);
}
