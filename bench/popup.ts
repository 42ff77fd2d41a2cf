/**
 * `npm run bench:popup`: only section 1 (popup open → interactive, 100 and 10,000 flags, ÷ an
 * empty extension page) and section 4 (a search keystroke, 10,000 ÷ 100 flags) of `npm run bench`,
 * in a minute instead of the whole run, for working on the popup's start. Same build
 * (bench/build.ts, FLAGTAB_SKIP_BUILD=1 reuses it), same sites, functions and rounds (`--runs N`
 * or BENCH_RUNS, 2 warm-ups) as run.ts; the results are printed.
 */
import { configure, demoSite } from '../demo/browser/flagtab';
import { assertPopupShows } from './open';
import { measureKeystrokes } from './search';
import { measureSizes } from './sizes';
import { measureOpens, type Plan } from './speed';
import { step } from './step';
import { BIG, openBench, ratioRow, runScript, runsFromArgs, SMALL } from './quick';

const plan: Plan = { runs: runsFromArgs(), warmups: 2 };

async function main() {
  const { ext, demo, flags, bigSite, tabOn } = await openBench();
  const sizes = measureSizes();
  const smallSite = demoSite(demo.siteOrigin, {
    id: 'bench-small', name: 'Bench shop (100 flags)', hosts: ['small.localhost'],
    catalogue: { provider: 'flags-file', url: `${flags.url}/small.json` }, detection: bigSite.detection,
  });
  await step('configuring the sites', () => configure(ext, [bigSite, smallSite]));
  const tabs = { big: await tabOn(demo.siteOrigin), small: await tabOn(`http://small.localhost:${demo.port}/`) };
  await step(`checking the popup lists ${BIG} flags`, () => assertPopupShows(ext, tabs.big, BIG));
  await step(`checking the popup lists ${SMALL} flags`, () => assertPopupShows(ext, tabs.small, SMALL));
  const opens = await step('popup opens', () => measureOpens(ext, tabs, plan));
  const searchBig = await step('search keystrokes, 10,000 flags', () => measureKeystrokes(ext, tabs.big, plan.runs + plan.warmups, BIG));
  const searchSmall = await step('search keystrokes, 100 flags', () => measureKeystrokes(ext, tabs.small, plan.runs + plan.warmups, SMALL));

  console.log(`\n${plan.runs} rounds after ${plan.warmups} warm-ups`);
  console.log(`popup bundle: ${sizes.popup.bytes} B, ${sizes.popup.gzip} B gzip (${sizes.popup.files.map((f) => `${f.file} ${f.bytes}`).join(', ')})`);
  ratioRow('popup, 10,000 flags ÷ empty page', opens.popup10000, opens.empty);
  ratioRow('popup, 100 flags ÷ empty page', opens.popup100, opens.empty);
  ratioRow('empty page + one 12-byte script ÷ empty page (the floor)', opens.oneScript, opens.empty);
  ratioRow('popup, 10,000 ÷ 100 flags', opens.popup10000, opens.popup100);
  ratioRow('popup, 10,000 flags, worker stopped first ÷ empty page', opens.popup10000Stopped, opens.empty);
  ratioRow('popup, 10,000 flags, worker stopped first ÷ awake', opens.popup10000Stopped, opens.popup10000);
  const keys = (s: { samples: number[] }) => s.samples.slice(plan.warmups);
  ratioRow('search keystroke, 10,000 ÷ 100 flags', keys(searchBig), keys(searchSmall));
  console.log(`all 10,000 flags listed at ${searchBig.fullListMs.toFixed(0)} ms (one open)`);
}

await runScript('bench:popup', main);
