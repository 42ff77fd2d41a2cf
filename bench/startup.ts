/**
 * `npm run bench:startup`: the part of `npm run bench` that measures what Flagtab costs the
 * browser when nobody is looking at it, in a few minutes instead of the whole run: the
 * background's size, worker wakes per unconfigured page load (no tab overridden, then another
 * tab overridden), page loads ÷ no extension (the unconfigured one also before any override), the configured
 * page ÷ an empty extension holding Flagtab's rules (detection on and off), click → rule ÷ one bare updateSessionRules, and
 * stopped worker → rule ÷ an empty extension's. Same build (bench/build.ts), same functions,
 * same rounds (`--runs N` or BENCH_RUNS, 2 warm-ups) as run.ts; the results are printed.
 */
import { tabIdOf } from '../demo/browser/extension';
import { configure, demoSite } from '../demo/browser/flagtab';
import { assertPopupShows } from './open';
import { firstBooleanKey } from './catalogue';
import { measurePageLoads, pageLoadPlan } from './page-load';
import { DETECTION_OFF, measureAgainstRuleCopy } from './page-load-rule';
import { formatSpread, ratioSpread } from './spread';
import { tabWithOverride } from './sidepanel';
import { measureSizes } from './sizes';
import { measureClicks, type Plan } from './speed';
import { step } from './step';
import { measureWake, printWakeRows } from './wake';
import { countWakes } from './wakes';
import { BIG, openBench, ratioRow, runScript, runsFromArgs } from './quick';

const plan: Plan = { runs: runsFromArgs(), warmups: 2 };
/** Page loads take more rounds (page-load.ts): their targets are a few per cent. */
const pagePlan = pageLoadPlan(plan);

async function main() {
  const { ext, demo, flags, big, small, bigSite, tabOn } = await openBench();
  const sizes = measureSizes();
  const pageSite = demoSite(demo.siteOrigin, { id: 'bench-page', name: 'Bench shop (page loads)', hosts: ['page.localhost'], catalogue: { provider: 'flags-file', url: `${flags.url}/small.json` } });
  const wakeSite = demoSite(demo.siteOrigin, { id: 'bench-wake', name: 'Bench shop (worker wake)', hosts: ['wake.localhost'], catalogue: { provider: 'flags-file', url: `${flags.url}/small.json` } });
  await step('configuring the sites', () => configure(ext, [bigSite, pageSite, wakeSite]));
  const bigTabId = await tabOn(demo.siteOrigin);
  await step(`checking the popup lists ${BIG} flags (its catalogue is fetched and cached)`, () => assertPopupShows(ext, bigTabId, BIG));

  const unconfigured = `http://127.0.0.1:${demo.port}/`;
  const idle = await step('counting wakes, no tab overridden', () => countWakes(ext, { unconfigured, control: demo.siteOrigin }, plan.runs));
  console.log(`unconfigured loads that woke the stopped worker, no tab overridden: ${idle.woke} of ${idle.of}`);
  // Page loads before any override: the configured tab holds none yet, so every tab is idle for
  // Flagtab and only the unconfigured ratio is kept from these rounds.
  const idleTab = await ext.context.newPage();
  const idleLoads = await step('page loads, no tab overridden', () => measurePageLoads(ext, { configured: `http://page.localhost:${demo.port}/`, unconfigured }, idleTab, pagePlan));
  await idleTab.close();
  const switched = firstBooleanKey(small);
  const pageTab = await step('a configured tab with one override', () => tabWithOverride(ext, `http://page.localhost:${demo.port}/`, switched));
  const overridden = await step('counting wakes, another tab overridden', () => countWakes(ext, { unconfigured, control: demo.siteOrigin }, plan.runs));
  console.log(`unconfigured loads that woke the stopped worker, another tab overridden: ${overridden.woke} of ${overridden.of}`);
  const loads = await step('page loads', () => measurePageLoads(ext, { configured: `http://page.localhost:${demo.port}/`, unconfigured }, pageTab.page, pagePlan));
  const ruleCopy = await step('page loads, Flagtab ÷ an empty extension holding its rules, detection on and off', () =>
    measureAgainstRuleCopy(ext, { ...pageTab, url: `http://page.localhost:${demo.port}/`, siteId: pageSite.id }, pagePlan,
      (on) => configure(ext, [bigSite, on ? pageSite : { ...pageSite, detection: DETECTION_OFF }, wakeSite])));
  const clicks = await step('click → rule', () => measureClicks(ext, { tabId: bigTabId, key: firstBooleanKey(big), hosts: bigSite.hosts, flags: BIG }, plan));
  const wakeTab = await ext.context.newPage();
  await wakeTab.goto(`http://wake.localhost:${demo.port}/`);
  const wakeTabId = await tabIdOf(ext, wakeTab);
  const wakes = await step('stopped worker → rule', () => measureWake(ext, { tabId: wakeTabId, siteId: wakeSite.id, key: switched, hosts: wakeSite.hosts }, plan));

  console.log(`\n${plan.runs} rounds after ${plan.warmups} warm-ups`);
  console.log(`background.js: ${sizes.background.bytes} B, ${sizes.background.gzip} B gzip`);
  console.log(`unconfigured loads that woke the stopped worker: ${idle.woke} of ${idle.of} (no tab overridden), ${overridden.woke} of ${overridden.of} (another tab overridden)`);
  ratioRow('page load, unconfigured site, no tab overridden, Flagtab ÷ no extension', idleLoads.unconfiguredWith, idleLoads.unconfiguredWithout);
  ratioRow('page load, unconfigured site, another tab overridden, Flagtab ÷ no extension', loads.unconfiguredWith, loads.unconfiguredWithout);
  ratioRow('page load, configured site (1 override), Flagtab ÷ no extension', loads.configuredWith, loads.configuredWithout);
  ratioRow('page load, configured site (1 override), detection on, Flagtab ÷ empty extension with its rules', ruleCopy.detectionOn.flagtab, ruleCopy.detectionOn.emptyWithRule);
  ratioRow('page load, configured site (1 override), detection off, Flagtab ÷ empty extension with its rules', ruleCopy.detectionOff.flagtab, ruleCopy.detectionOff.emptyWithRule);
  console.log(`page loads: ${pagePlan.runs} rounds after ${pagePlan.warmups} warm-ups; 90 % intervals of the ratios (spread.ts):`);
  for (const [label, subject, baseline] of [
    ['unconfigured, no tab overridden', idleLoads.unconfiguredWith, idleLoads.unconfiguredWithout],
    ['unconfigured, another tab overridden', loads.unconfiguredWith, loads.unconfiguredWithout],
    ['configured ÷ no extension', loads.configuredWith, loads.configuredWithout],
    ['configured ÷ empty extension with its rules, detection on', ruleCopy.detectionOn.flagtab, ruleCopy.detectionOn.emptyWithRule],
    ['configured ÷ empty extension with its rules, detection off', ruleCopy.detectionOff.flagtab, ruleCopy.detectionOff.emptyWithRule],
  ] as const) console.log(`  ${label}: ${formatSpread(ratioSpread(subject, baseline))}`);
  ratioRow('click → rule ÷ bare updateSessionRules', clicks.clickToRule, clicks.updateSessionRules);
  printWakeRows(wakes);
}

await runScript('bench:startup', main);
