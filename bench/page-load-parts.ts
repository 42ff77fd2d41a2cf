/**
 * `node --import tsx bench/page-load-parts.ts [--runs N]`: what each part of Flagtab costs a page
 * load, by adding it alone to the empty extension that holds a copy of Flagtab's rule
 * (page-load-rule.ts). Six browsers, launched alike, take turns loading the configured page
 * (one override) and an unconfigured one:
 * - none: no extension;
 * - rule: the empty extension with the rule copy (the bench's baseline);
 * - webRequest: that, plus webRequest listeners with Flagtab's filters and extra info, empty;
 * - scripts: that, plus Flagtab's built content scripts registered as Flagtab registers them
 *   (no worker answers their hello);
 * - navigation: webRequest's, plus Flagtab's permissions and an empty listener to every tab's
 *   commits (as Flagtab listens while a tab holds overrides), for the unconfigured page;
 * - flagtab.
 * Each ratio ÷ rule (configured) or ÷ none (unconfigured), with its 90 % interval. Diagnostic:
 * not part of `npm run bench`. Samples go to .output/bench/page-load-parts.json.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from '../demo/browser/build';
import { DEMO_HOSTS } from '../demo/browser/demo-hosts';
import { CHROMIUM_PATH } from '../demo/browser/extension';
import { configure, demoSite } from '../demo/browser/flagtab';
import type { SiteInput } from '../lib/config/schema';
import { siteUrlPatterns } from '../lib/background/navigation';
import { plannedRegistrations } from '../lib/detect/registration';
import { BENCH_DIR } from './build';
import { firstBooleanKey } from './catalogue';
import { writeEmptyExtension } from './empty-extension';
import { loadTime, pageLoadPlan } from './page-load';
import { openRuleCopy, type RuleCopy } from './page-load-rule';
import { openBench, runScript, runsFromArgs } from './quick';
import { tabWithOverride } from './sidepanel';
import { rounds } from './speed';
import { logSpread } from './spread';
import { step } from './step';

const plan = pageLoadPlan({ runs: runsFromArgs(), warmups: 2 });
const RESULTS = join(ROOT, '.output/bench/page-load-parts.json');

/** An empty extension (rule holder) with `permissions` added and `worker` as its script. */
function variant(name: string, permissions: string[], worker: string): string {
  const dir = join(ROOT, `.output/chrome-mv3-bench-part-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeEmptyExtension(dir, { name: `empty extension with a rule and ${name}`, worker, hosts: DEMO_HOSTS });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { permissions: string[] };
  manifest.permissions.push(...permissions);
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return dir;
}

/** Flagtab's webRequest listeners (lib/background/detection.ts, children.ts), doing nothing. */
function webRequestWorker(urls: string[]): string {
  const u = JSON.stringify(urls);
  return `const urls = ${u};
const echoTypes = ['main_frame', 'sub_frame', 'xmlhttprequest'];
chrome.webRequest.onBeforeRequest.addListener(() => {}, { urls, types: echoTypes });
chrome.webRequest.onHeadersReceived.addListener(() => {}, { urls, types: echoTypes }, ['responseHeaders']);
chrome.webRequest.onSendHeaders.addListener(() => {}, { urls, types: ['main_frame'] }, ['requestHeaders', 'extraHeaders']);
`;
}

/** Flagtab's content scripts, registered for `site` as Flagtab registers them. */
function scriptsWorker(site: Parameters<typeof plannedRegistrations>[0][number]): string {
  const scripts = plannedRegistrations([site]).map((s) => ({ ...s, persistAcrossSessions: false }));
  return `const scripts = ${JSON.stringify(scripts)};
self.ready = chrome.scripting.getRegisteredContentScripts().then((s) => s.length ? undefined : chrome.scripting.registerContentScripts(scripts));
`;
}

async function main() {
  const { ext, demo, small, flags } = await openBench();
  const configured = `http://page.localhost:${demo.port}/`;
  const unconfigured = `http://127.0.0.1:${demo.port}/`;
  const site: SiteInput = demoSite(demo.siteOrigin, { id: 'bench-page', name: 'Bench shop (page loads)', hosts: ['page.localhost'], catalogue: { provider: 'flags-file', url: `${flags.url}/small.json` } });
  await step('configuring the page-load site', () => configure(ext, [site]));
  const pageTab = await step('a configured tab with one override', () => tabWithOverride(ext, configured, firstBooleanKey(small)));
  const parsedSite = { id: site.id, hosts: site.hosts as string[], detection: { echoHeader: { enabled: true, name: 'X-Feature-Flags-Applied' }, markers: true, sdks: true, forceInSdks: true } };

  const scriptsDir = variant('scripts', ['scripting'], scriptsWorker(parsedSite));
  cpSync(join(BENCH_DIR, 'content-scripts'), join(scriptsDir, 'content-scripts'), { recursive: true });
  const dirs = {
    rule: undefined,
    webRequest: variant('webrequest', ['webRequest'], webRequestWorker(siteUrlPatterns([parsedSite]))),
    // Flagtab's permissions, its webRequest listeners, and every tab's commits heard (as while a tab holds overrides).
    navigation: variant('navigation', ['webRequest', 'webNavigation', 'storage', 'unlimitedStorage', 'alarms', 'activeTab', 'scripting', 'sidePanel'],
      `${webRequestWorker(siteUrlPatterns([parsedSite]))}chrome.webNavigation.onCommitted.addListener(() => {});\n`),
    scripts: scriptsDir,
  };
  const copies: Partial<Record<keyof typeof dirs, RuleCopy>> = {};
  const none = await chromium.launchPersistentContext('', { executablePath: CHROMIUM_PATH, headless: true });
  try {
    for (const [name, dir] of Object.entries(dirs) as [keyof typeof dirs, string | undefined][]) {
      copies[name] = await step(`the ${name} browser`, () => openRuleCopy(ext, pageTab, configured, dir));
      await copies[name].copyRules();
    }
    const registered = await (await copies.scripts!.browser.worker()).evaluate(async () => {
      await (self as unknown as { ready: Promise<void> }).ready;
      return (await chrome.scripting.getRegisteredContentScripts()).length;
    });
    const planned = plannedRegistrations([parsedSite]).length;
    if (registered !== planned) throw new Error(`the scripts browser registered ${registered} content scripts, not Flagtab's ${planned}`);
    const unconfiguredTab = {
      flagtab: await ext.context.newPage(), none: await none.newPage(), webRequest: await copies.webRequest!.browser.context.newPage(),
      navigation: await copies.navigation!.browser.context.newPage(),
    };
    const noneConfigured = await none.newPage();
    const samples = await step('page loads by part', () => rounds(plan, {
      flagtab: () => loadTime(pageTab.page, configured),
      rule: () => copies.rule!.load(),
      webRequest: () => copies.webRequest!.load(),
      scripts: () => copies.scripts!.load(),
      none: () => loadTime(noneConfigured, configured),
      flagtabUnconfigured: () => loadTime(unconfiguredTab.flagtab, unconfigured),
      noneUnconfigured: () => loadTime(unconfiguredTab.none, unconfigured),
      webRequestUnconfigured: () => loadTime(unconfiguredTab.webRequest, unconfigured),
      navigationUnconfigured: () => loadTime(unconfiguredTab.navigation, unconfigured),
    }, true));
    const results: Record<string, unknown> = { date: new Date().toISOString(), rounds: plan.runs, samples };
    const row = (label: string, subject: number[], baseline: number[]) => {
      results[label] = logSpread(label, subject, baseline);
    };
    row('configured, flagtab ÷ rule', samples.flagtab, samples.rule);
    row('configured, rule + webRequest listeners ÷ rule', samples.webRequest, samples.rule);
    row('configured, rule + content scripts ÷ rule', samples.scripts, samples.rule);
    row('configured, rule ÷ none', samples.rule, samples.none);
    row('unconfigured, flagtab ÷ none', samples.flagtabUnconfigured, samples.noneUnconfigured);
    row('unconfigured, empty extension with hosts, rule and webRequest listeners ÷ none', samples.webRequestUnconfigured, samples.noneUnconfigured);
    row('unconfigured, flagtab ÷ that empty extension', samples.flagtabUnconfigured, samples.webRequestUnconfigured);
    row('unconfigured, that extension with Flagtab\'s permissions and every commit heard ÷ none', samples.navigationUnconfigured, samples.noneUnconfigured);
    row('unconfigured, flagtab ÷ the extension with its permissions and every commit heard', samples.flagtabUnconfigured, samples.navigationUnconfigured);
    mkdirSync(join(RESULTS, '..'), { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    for (const copy of Object.values(copies)) await copy?.close();
    await none.close();
  }
}

await runScript('bench page-load parts', main);
