/**
 * `npm run bench:wake`: only section 10 of the README, stopped worker → rule and stopped worker →
 * popup/state answered, each ÷ an empty extension's worker, with the same build, site and rounds
 * as startup.ts, for a quick before/after on what a wake costs. `--runs N` or BENCH_RUNS (default
 * 15), 2 warm-ups; FLAGTAB_SKIP_BUILD=1 reuses the production build.
 */
import { tabIdOf } from '../demo/browser/extension';
import { configure, demoSite } from '../demo/browser/flagtab';
import { firstBooleanKey } from './catalogue';
import type { Plan } from './speed';
import { step } from './step';
import { measureWake, printWakeRows } from './wake';
import { openBench, runScript, runsFromArgs } from './quick';

const plan: Plan = { runs: runsFromArgs(), warmups: 2 };

async function main() {
  const { ext, demo, flags, small } = await openBench();
  const wakeSite = demoSite(demo.siteOrigin, { id: 'bench-wake', name: 'Bench shop (worker wake)', hosts: ['wake.localhost'], catalogue: { provider: 'flags-file', url: `${flags.url}/small.json` } });
  await step('configuring the site', () => configure(ext, [wakeSite]));
  const wakeTab = await ext.context.newPage();
  await wakeTab.goto(`http://wake.localhost:${demo.port}/`);
  const wakeTabId = await tabIdOf(ext, wakeTab);
  const wakes = await step('stopped worker → rule', () => measureWake(ext, { tabId: wakeTabId, siteId: wakeSite.id, key: firstBooleanKey(small), hosts: wakeSite.hosts }, plan));
  console.log(`\n${plan.runs} rounds after ${plan.warmups} warm-ups`);
  printWakeRows(wakes);
}

await runScript('bench:wake', main);
