/**
 * `node --import tsx bench/page-loads.ts [--runs N]`: only the page loads of `npm run bench`, in
 * a few minutes: an unconfigured page ÷ no extension (no tab overridden, then another tab
 * overridden), the configured page with one override ÷ no extension, and ÷ an empty extension
 * holding a copy of Flagtab's rules for the tab, detection on and off. Each ratio is printed with
 * its 90 % interval (spread.ts). Same build, functions and rounds as run.ts (pageLoadPlan).
 * Every sample, and the rules copied, go to .output/bench/page-loads.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../demo/browser/build';
import { configure, demoSite } from '../demo/browser/flagtab';
import type { SiteInput } from '../lib/config/schema';
import { firstBooleanKey } from './catalogue';
import { DETECTION_OFF, measureAgainstRuleCopy } from './page-load-rule';
import { measurePageLoads, pageLoadPlan } from './page-load';
import { openBench, ratioRow, runScript, runsFromArgs } from './quick';
import { tabWithOverride } from './sidepanel';
import { formatSpread, ratioSpread } from './spread';
import { step } from './step';

const plan = pageLoadPlan({ runs: runsFromArgs(), warmups: 2 });
const RESULTS = join(ROOT, '.output/bench/page-loads.json');

/** One ratio line, then its interval; the ratio's samples and interval kept for the results file. */
function spreadRow(results: Record<string, unknown>, label: string, subject: number[], baseline: number[]): void {
  ratioRow(label, subject, baseline);
  const spread = ratioSpread(subject, baseline);
  console.log(`  ${formatSpread(spread)}`);
  results[label] = { spread, subject, baseline };
}

async function main() {
  const { ext, demo, flags, small } = await openBench();
  const configured = `http://page.localhost:${demo.port}/`;
  const unconfigured = `http://127.0.0.1:${demo.port}/`;
  const pageSite: SiteInput = demoSite(demo.siteOrigin, { id: 'bench-page', name: 'Bench shop (page loads)', hosts: ['page.localhost'], catalogue: { provider: 'flags-file', url: `${flags.url}/small.json` } });
  await step('configuring the page-load site', () => configure(ext, [pageSite]));

  const idleTab = await ext.context.newPage();
  const idle = await step('page loads, no tab overridden', () => measurePageLoads(ext, { configured, unconfigured }, idleTab, plan));
  await idleTab.close();
  const pageTab = await step('a configured tab with one override', () => tabWithOverride(ext, configured, firstBooleanKey(small)));
  const loads = await step('page loads, one tab overridden', () => measurePageLoads(ext, { configured, unconfigured }, pageTab.page, plan));
  const copied = await step('page loads, Flagtab ÷ an empty extension holding its rules, detection on and off', () =>
    measureAgainstRuleCopy(ext, { ...pageTab, url: configured, siteId: pageSite.id }, plan,
      (on) => configure(ext, [on ? pageSite : { ...pageSite, detection: DETECTION_OFF }])));

  console.log(`\n${plan.runs} rounds after ${plan.warmups} warm-ups`);
  console.log(`rules copied: ${JSON.stringify(copied.detectionOn.rules)}`);
  const results: Record<string, unknown> = { date: new Date().toISOString(), rounds: plan.runs, warmups: plan.warmups, rules: { detectionOn: copied.detectionOn.rules, detectionOff: copied.detectionOff.rules } };
  spreadRow(results, 'page load, unconfigured site, no tab overridden, Flagtab ÷ no extension', idle.unconfiguredWith, idle.unconfiguredWithout);
  spreadRow(results, 'page load, unconfigured site, another tab overridden, Flagtab ÷ no extension', loads.unconfiguredWith, loads.unconfiguredWithout);
  spreadRow(results, 'page load, configured site (1 override), Flagtab ÷ no extension', loads.configuredWith, loads.configuredWithout);
  spreadRow(results, 'page load, configured site (1 override), detection on, Flagtab ÷ empty extension with its rules', copied.detectionOn.flagtab, copied.detectionOn.emptyWithRule);
  spreadRow(results, 'page load, configured site (1 override), detection off, Flagtab ÷ empty extension with its rules', copied.detectionOff.flagtab, copied.detectionOff.emptyWithRule);
  mkdirSync(join(RESULTS, '..'), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Results: ${RESULTS}`);
}

await runScript('bench page loads', main);
