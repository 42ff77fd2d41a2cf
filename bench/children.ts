import type { Page } from 'playwright-core';
import type { DemoServer } from '../demo/server';
import { stopServiceWorker, type ExtensionBrowser } from '../demo/browser/extension';
import { armParent } from '../demo/browser/flagtab';
import { EMPTY_PAGE } from './open';
import type { Plan } from './speed';

/** One child tab: whether its first document carried the parent's overrides, and when things happened. */
export interface ChildRound {
  /** The child's first document request, as the demo server recorded it, carried the overridden key. */
  carried: boolean;
  /** Click → the server received that request (ms; the click's time by the parent page's clock, both epoch-based). */
  requestMs: number;
  /** Click → a session rule for the child tab was in getSessionRules(); undefined when none came within the limit. */
  ruleMs?: number;
}

export interface ChildSamples {
  awake: ChildRound[];
  stopped: ChildRound[];
}

/** How long a child may take to get its rule before the round counts it as never. */
const RULE_LIMIT_MS = 10_000;

/**
 * Runs in an extension page: notes which tabs have session rules now, then polls
 * getSessionRules() back to back until a rule names a tab that had none, and resolves with the
 * epoch time (ms, sub-millisecond) it first saw it, and the rule's tab ids; null after the limit.
 * Reads about once a millisecond, so a time is late by at most about that.
 * A string: tsx would wrap a named function in `__name()`, which the page does not have.
 */
const WATCH_FOR_NEW_TAB_RULE = `(async (limitMs) => {
  const dnr = chrome.declarativeNetRequest;
  const before = new Set((await dnr.getSessionRules()).flatMap((r) => r.condition.tabIds || []));
  window.__flagtabChildRule = (async () => {
    const deadline = performance.now() + limitMs;
    while (performance.now() < deadline) {
      const rules = await dnr.getSessionRules();
      const fresh = rules.find((r) => (r.condition.tabIds || []).some((t) => !before.has(t)));
      if (fresh) return { at: performance.timeOrigin + performance.now(), tabIds: fresh.condition.tabIds };
      // A breath between reads: calls back to back for seconds starved Chrome, which then
      // closed this page and refused new tabs (the bench hung in 2 of 3 runs so).
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return null;
  })();
})`;

/** In the parent page: the epoch time (ms) of the next click, noted in the capture phase before any page or extension script. */
const NOTE_NEXT_CLICK = `(() => {
  window.__flagtabClickAt = undefined;
  window.addEventListener('click', () => { window.__flagtabClickAt ??= performance.timeOrigin + performance.now(); }, { capture: true, once: true });
})()`;

/**
 * Measurement 9: a child tab opened by a click on a `target="_blank"` link in an overridden
 * tab. Whether the child's first document carries the overrides is read where it matters, at
 * the demo server that received it, so the number stays true whatever mechanism gives children
 * their overrides (today the child-tab script hands the click to the background, which opens
 * the child on about:blank, gives it its rule, then navigates it). With the worker awake, and with
 * it stopped first (CDP ServiceWorker.stopAllWorkers), as Chrome stops an idle worker.
 *
 * `parent` shows the demo shop's home page (its "Open checkout in a new tab" link) on a
 * configured site with `key` overridden.
 */
export async function measureChildTabs(
  ext: ExtensionBrowser,
  demo: DemoServer,
  target: { parent: Page; host: string; key: string },
  plan: Plan,
): Promise<ChildSamples> {
  await armParent(target.parent);
  const watcher = await ext.context.newPage();
  await watcher.goto(`chrome-extension://${ext.extensionId}/${EMPTY_PAGE}`);
  const samples: ChildSamples = { awake: [], stopped: [] };
  try {
    const total = plan.warmups + plan.runs;
    for (let round = 0; round < total; round++) {
      // Alternate which goes first, so a slow stretch of the machine lands on both.
      const order: (keyof ChildSamples)[] = round % 2 === 0 ? ['awake', 'stopped'] : ['stopped', 'awake'];
      for (const worker of order) {
        const sample = await childRound(ext, demo, watcher, { ...target, label: `${worker}-${round}`, stop: worker === 'stopped' });
        if (round >= plan.warmups) samples[worker].push(sample);
      }
      plan.onRound?.(round + 1, total);
    }
    return samples;
  } finally {
    await watcher.close();
  }
}

async function childRound(
  ext: ExtensionBrowser,
  demo: DemoServer,
  watcher: Page,
  round: { parent: Page; host: string; key: string; label: string; stop: boolean },
): Promise<ChildRound> {
  const { parent, host, key, label } = round;
  const path = `/checkout?round=${label}`;
  if (round.stop) await stopServiceWorker(ext);
  await parent.evaluate((p) => { document.querySelector<HTMLAnchorElement>('#open-checkout')!.href = p; }, path);
  await parent.evaluate(NOTE_NEXT_CLICK);
  await watcher.evaluate(`${WATCH_FOR_NEW_TAB_RULE}(${RULE_LIMIT_MS})`);
  // Chrome records the active tab as the opener, as it is when a person clicks a link; the
  // watcher page and the worker-stopping page took the front.
  await parent.bringToFront();
  demo.clearRequests();
  // Any new page: the child may be opened by the page (a popup of the parent) or by the
  // background on the page's behalf.
  const opened = ext.context.waitForEvent('page', { timeout: 30_000 });
  await parent.click('#open-checkout');
  const child = await opened.catch((error: unknown) => {
    throw new Error(`no tab opened within 30 s of clicking "Open checkout in a new tab" (${path}) in the parent tab`, { cause: error });
  });
  try {
    const request = await demo.waitForRequest((r) => r.host === host && r.path === path, 30_000).catch((error: unknown) => {
      throw new Error(`the demo server never received the child's first document ${path} (worker ${round.stop ? 'stopped' : 'awake'})`, { cause: error });
    });
    const clickAt = await parent.evaluate(() => (window as unknown as { __flagtabClickAt?: number }).__flagtabClickAt);
    if (clickAt === undefined) throw new Error('the parent page saw no click on its link');
    const rule = await watcher.evaluate(() => (window as unknown as { __flagtabChildRule: Promise<{ at: number; tabIds: number[] } | null> }).__flagtabChildRule);
    // The new rule must be the child's own (a child opened on about:blank shows its URL as
    // pendingUrl until the navigation commits), not another tab's that happened to appear.
    const childTabIds = await watcher.evaluate(async (p) => (await chrome.tabs.query({})).filter((t) => t.url?.endsWith(p) || t.pendingUrl?.endsWith(p)).map((t) => t.id), path);
    const forChild = rule !== null && rule.tabIds.some((t) => childTabIds.includes(t));
    return {
      carried: Object.hasOwn(request.overrides, key),
      requestMs: request.at - clickAt,
      ...(forChild ? { ruleMs: rule.at - clickAt } : {}),
    };
  } finally {
    await closeChild(watcher, child, path);
  }
}

/** "N of M" and the click → rule times that came, for the report. */
export function summariseChildren(rounds: ChildRound[]): { carried: number; of: number; ruleMs: number[]; requestMs: number[]; noRule: number } {
  const ruleMs = rounds.flatMap((r) => (r.ruleMs === undefined ? [] : [r.ruleMs]));
  return { carried: rounds.filter((r) => r.carried).length, of: rounds.length, ruleMs, requestMs: rounds.map((r) => r.requestMs), noRule: rounds.length - ruleMs.length };
}

/**
 * Closes a child tab. Playwright's page.close() sometimes never returns for a child opened while
 * the worker slept (Chrome does not report the target gone); the tab is then removed through
 * the extension's tabs API, as a person closing it would.
 */
async function closeChild(watcher: Page, child: Page, path: string): Promise<void> {
  const closed = child.close().then(() => true);
  const inTime = await Promise.race([closed, new Promise<false>((resolve) => setTimeout(() => resolve(false), 5_000))]);
  if (inTime) return;
  await watcher.evaluate(async (p) => {
    const ids = (await chrome.tabs.query({})).filter((t) => t.url?.endsWith(p) || t.pendingUrl?.endsWith(p)).map((t) => t.id!);
    await chrome.tabs.remove(ids);
  }, path);
}
