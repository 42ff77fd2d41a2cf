/**
 * `node --import tsx bench/wake-only.ts [--runs N]`: only section 10 of `npm run bench`, the
 * stopped worker woken by a click's message (→ rule) and by the popup's (→ `popup/state`
 * answered), each ÷ an empty extension's worker. The same build, site and rounds as
 * bench:startup, without its page loads: a quick check of a change to what a wake evaluates.
 */
import { tabIdOf } from '../demo/browser/extension';
import { configure, demoSite } from '../demo/browser/flagtab';
import { firstBooleanKey } from './catalogue';
import { measureSizes } from './sizes';
import type { Plan } from './speed';
import { step } from './step';
import { measureWake } from './wake';
import { openBench, ratioRow, runScript, runsFromArgs } from './quick';

const plan: Plan = { runs: runsFromArgs(), warmups: 2 };

async function main() {
  const { ext, demo, flags, small } = await openBench();
  const sizes = measureSizes();
  const wakeSite = demoSite(demo.siteOrigin, { id: 'bench-wake', name: 'Bench shop (worker wake)', hosts: ['wake.localhost'], catalogue: { provider: 'flags-file', url: `${flags.url}/small.json` } });
  await step('configuring the site', () => configure(ext, [wakeSite]));
  const wakeTab = await ext.context.newPage();
  await wakeTab.goto(`http://wake.localhost:${demo.port}/`);
  const wakeTabId = await tabIdOf(ext, wakeTab);
  const wakes = await step('stopped worker → rule', () => measureWake(ext, { tabId: wakeTabId, siteId: wakeSite.id, key: firstBooleanKey(small), hosts: wakeSite.hosts }, plan));

  console.log(`\n${plan.runs} rounds after ${plan.warmups} warm-ups`);
  console.log(`background.js: ${sizes.background.bytes} B, ${sizes.background.gzip} B gzip`);
  ratioRow('stopped worker → rule, Flagtab ÷ empty extension', wakes.flagtab, wakes.emptyWorker);
  ratioRow('stopped worker → popup/state answered, Flagtab ÷ empty extension\'s ping', wakes.flagtabAnswer, wakes.emptyWorkerAnswer);
}

await runScript('bench:wake', main);
