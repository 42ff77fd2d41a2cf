/**
 * `npm run bench:click`: only click → rule ÷ one bare updateSessionRules (section 2 of the
 * README), with the same build, catalogue (10,000 flags), site and rounds as run.ts and
 * startup.ts, for a quick before/after on the click path. `--runs N` or BENCH_RUNS (default 15),
 * 2 warm-ups; FLAGTAB_SKIP_BUILD=1 reuses the production build.
 *
 * Reading it: the poll runs on the popup's main thread, so it sees the rule only once that thread
 * is free, after the click's own frame and the popup's handling of the background's answer. One
 * traced round before the popup's redraw was narrowed (Chrome trace, one clock, 7 December 2026,
 * machine at load 10): the worker's updateSessionRules answered 4.8 ms after the click; the
 * popup ran the click's frame (then with a 120 ms switch transition) from 3.4 to 10.0 ms, and
 * saw the rule at 17.0 ms, behind the answer's render. Since then the switch does not animate,
 * rows are contained and an answer redraws only its rows: in 10 traced clicks the rule was seen
 * at a median 7 ms, in 7 of them before the answer arrived (bench/README.md section 2). The bare
 * call is timed on an idle popup, so the ratio also holds what the click's frame costs.
 */
import { configure } from '../demo/browser/flagtab';
import { assertPopupShows } from './open';
import { firstBooleanKey } from './catalogue';
import { measureClicks, type Plan } from './speed';
import { ratio, summarise } from './stats';
import { step } from './step';
import { BIG, openBench, runScript, runsFromArgs } from './quick';

const plan: Plan = { runs: runsFromArgs(), warmups: 2 };

async function main() {
  const { ext, demo, big, bigSite, tabOn } = await openBench();
  await step('configuring the site', () => configure(ext, [bigSite]));
  const tabId = await tabOn(demo.siteOrigin);
  await step(`checking the popup lists ${BIG} flags`, () => assertPopupShows(ext, tabId, BIG));
  const clicks = await step('click → rule', () => measureClicks(ext, { tabId, key: firstBooleanKey(big), hosts: bigSite.hosts, flags: BIG }, plan));
  const subject = summarise(clicks.clickToRule);
  const baseline = summarise(clicks.updateSessionRules);
  const r = ratio(subject, baseline);
  console.log(`\n${plan.runs} rounds after ${plan.warmups} warm-ups`);
  console.log(`click → rule: ${subject.median.toFixed(1)} ms (p90 ${subject.p90.toFixed(1)}), polls ${JSON.stringify(clicks.polls)}`);
  console.log(`bare updateSessionRules: ${baseline.median.toFixed(1)} ms (p90 ${baseline.p90.toFixed(1)})`);
  console.log(`ratio: ${r.median.toFixed(2)}× median, ${r.p90.toFixed(2)}× p90`);
}

await runScript('bench:click', main);
