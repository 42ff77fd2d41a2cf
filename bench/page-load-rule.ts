import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../demo/browser/build';
import { DEMO_HOSTS } from '../demo/browser/demo-hosts';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../demo/browser/extension';
import { DEFAULT_ECHO_HEADER } from '../lib/config/schema';
import type { DnrRule } from '../lib/overrides/rules';
import { loadTime } from './page-load';
import { writeEmptyExtension } from './empty-extension';
import { rounds, type Plan } from './speed';

/**
 * The baseline for a configured page with one override: an extension that does nothing but
 * hold, as a session rule, a copy of the rules Flagtab installed for that tab. Chrome's header
 * rewriting costs what it costs whoever asks for it; Flagtab ÷ this extension is what Flagtab
 * adds on top (its listeners, content scripts, detection). Written into .output/ by the bench,
 * like bench-empty.html; not part of any product build.
 */
export const EMPTY_RULE_DIR = join(ROOT, '.output/chrome-mv3-bench-empty-rule');

export function buildEmptyRuleExtension(): string {
  rmSync(EMPTY_RULE_DIR, { recursive: true, force: true });
  mkdirSync(EMPTY_RULE_DIR, { recursive: true });
  writeEmptyExtension(EMPTY_RULE_DIR, {
    name: 'empty extension holding a rule',
    // A worker is how the bench reaches chrome.declarativeNetRequest; it runs no code of its own.
    worker: '// Empty: the bench installs this extension\'s one session rule from outside.\n',
    // The hosts the bench build of Flagtab is granted, so the copied rule may rewrite the same requests.
    hosts: DEMO_HOSTS,
  });
  return EMPTY_RULE_DIR;
}

/** Flagtab's session rules that apply to `tabId`: what its override put on the wire for that tab. */
export async function flagtabRulesFor(ext: ExtensionBrowser, tabId: number): Promise<DnrRule[]> {
  const sw = await ext.worker();
  const rules = await sw.evaluate(async (id) => (await chrome.declarativeNetRequest.getSessionRules()).filter((r) => (r.condition.tabIds ?? []).includes(id)), tabId);
  return rules as DnrRule[];
}

/** The echo the demo shop answered `url` with: the flag values it served (equal on both sides, or the baseline is not the same page). */
async function servedFlags(page: Page, url: string): Promise<string | undefined> {
  const response = await page.goto(url, { waitUntil: 'load' });
  return (await response?.allHeaders())?.[DEFAULT_ECHO_HEADER.toLowerCase()];
}

export interface RuleCopy {
  /** The empty extension's browser, with a tab on the configured page. */
  close(): Promise<void>;
  /** Copies Flagtab's current rules for its tab onto the empty extension's tab (replacing the last copy). */
  copyRules(): Promise<DnrRule[]>;
  /** The empty extension's browser (for more tabs). */
  browser: ExtensionBrowser;
  /** One load of the configured page in the empty extension's tab, ms (loadTime). */
  load(): Promise<number>;
  /** The configured page's load, in turns: Flagtab's tab, then the empty extension's. */
  measure(plan: Plan): Promise<{ flagtab: number[]; emptyWithRule: number[] }>;
}

/**
 * Starts a second Chromium, launched as Flagtab's is, with the empty extension above and a tab
 * on `url`. `copyRules` reads Flagtab's session rules for `flagtabTab` and installs them in the
 * empty extension unchanged but for `condition.tabIds`, which names the empty browser's tab (a
 * tab id is one browser's number), then checks that the server answered both tabs with the
 * same flags. `measure` alternates the two loads, the order swapping each round. `extensionDir`:
 * another baseline extension than the empty one (page-load-parts.ts adds one part of Flagtab's).
 */
export async function openRuleCopy(ext: ExtensionBrowser, flagtabTab: { page: Page; tabId: number }, url: string, extensionDir = buildEmptyRuleExtension()): Promise<RuleCopy> {
  const empty = await launchWithExtension({ extensionDir });
  try {
    const emptyPage = await empty.context.newPage();
    await emptyPage.goto(url);
    const emptyTabId = await tabIdOf(empty, emptyPage);
    let installed: number[] = [];
    return {
      browser: empty,
      close: () => empty.close(),
      load: () => loadTime(emptyPage, url),
      async copyRules() {
        const rules = await flagtabRulesFor(ext, flagtabTab.tabId);
        if (rules.length === 0) throw new Error(`Flagtab has no session rule for tab ${flagtabTab.tabId} (${url}): the override was not set, so there is nothing to copy`);
        const copies = rules.map((rule) => ({ ...rule, condition: { ...rule.condition, tabIds: [emptyTabId] } }));
        const sw = await empty.worker();
        await sw.evaluate(({ remove, add }) => chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: remove, addRules: add as chrome.declarativeNetRequest.Rule[] }),
          { remove: installed, add: JSON.parse(JSON.stringify(copies)) as unknown[] });
        installed = copies.map((r) => r.id);
        const [withFlagtab, withCopy] = [await servedFlags(flagtabTab.page, url), await servedFlags(emptyPage, url)];
        if (withFlagtab !== withCopy) throw new Error(`the server answered Flagtab's tab with flags ${withFlagtab} and the empty extension's with ${withCopy}: the copied rules ${JSON.stringify(copies)} do not send what Flagtab sends`);
        return copies;
      },
      measure: (plan) => rounds(plan, {
        flagtab: () => loadTime(flagtabTab.page, url),
        emptyWithRule: () => loadTime(emptyPage, url),
      }, true),
    };
  } catch (error) {
    await empty.close();
    throw error;
  }
}

/** What a site's detection is set to for the "detection off" rounds: every source off. */
export const DETECTION_OFF = { echoHeader: { enabled: false, name: DEFAULT_ECHO_HEADER }, markers: false, sdks: false, forceInSdks: false };

/** Waits until Flagtab's page scripts for `siteId` are registered (`present`) or gone: the configuration change has taken effect. */
async function detectionScripts(ext: ExtensionBrowser, siteId: string, present: boolean): Promise<void> {
  const id = `flagtab-detect-${siteId}`;
  const limit = Date.now() + 10_000;
  for (;;) {
    const sw = await ext.worker();
    const ids = await sw.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((s) => s.id));
    if (ids.includes(id) === present) return;
    if (Date.now() > limit) throw new Error(`Flagtab's detection script ${id} is ${present ? 'still not registered' : 'still registered'} 10 s after the site's detection was switched ${present ? 'on' : 'off'}; registered: ${ids.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface RuleCopyLoads {
  /** The rules copied (tab ids rewritten to the empty browser's tab). */
  rules: DnrRule[];
  flagtab: number[];
  emptyWithRule: number[];
}

/**
 * Measurement 6b: the configured page with one override, Flagtab ÷ the empty extension holding
 * a copy of Flagtab's rules for the tab, with the site's detection on (as a new site has it),
 * then off (`setDetection(false)`, every source off), the rules copied again each time. Leaves
 * detection on again.
 */
export async function measureAgainstRuleCopy(
  ext: ExtensionBrowser,
  target: { page: Page; tabId: number; url: string; siteId: string },
  plan: Plan,
  setDetection: (on: boolean) => Promise<void>,
): Promise<{ detectionOn: RuleCopyLoads; detectionOff: RuleCopyLoads }> {
  const copy = await openRuleCopy(ext, target, target.url);
  try {
    const detectionOn = { rules: await copy.copyRules(), ...(await copy.measure(plan)) };
    await setDetection(false);
    await detectionScripts(ext, target.siteId, false);
    const detectionOff = { rules: await copy.copyRules(), ...(await copy.measure(plan)) };
    await setDetection(true);
    await detectionScripts(ext, target.siteId, true);
    return { detectionOn, detectionOff };
  } finally {
    await copy.close();
  }
}
