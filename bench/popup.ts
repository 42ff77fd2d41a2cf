/**
 * `npm run bench:popup`: only section 1 (popup open → interactive, 100 and 10,000 flags, ÷ an
 * empty extension page) and section 4 (a search keystroke, 10,000 ÷ 100 flags) of `npm run bench`,
 * in a minute instead of the whole run, for working on the popup's start. Same build
 * (bench/build.ts, FLAGTAB_SKIP_BUILD=1 reuses it), same sites, functions and rounds (`--runs N`
 * or BENCH_RUNS, 2 warm-ups) as run.ts; the results are printed.
 */
import { startDemoServer, type DemoServer } from '../demo/server';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../demo/browser/extension';
import { configure, demoSite } from '../demo/browser/flagtab';
import { benchBuild } from './build';
import { assertPopupShows } from './open';
import { flagdFileWith } from './catalogue';
import { serveFlagsFiles, type FlagsFileServer } from './flags-server';
import { measureKeystrokes } from './search';
import { measureSizes } from './sizes';
import { measureOpens, type Plan } from './speed';
import { step } from './step';
import { ratioRow, runScript, runsFromArgs } from './quick';

const runs = runsFromArgs();
const plan: Plan = { runs, warmups: 2 };
const BIG = 10_000;
const SMALL = 100;

let ext: ExtensionBrowser | undefined;
let demo: DemoServer | undefined;
let flags: FlagsFileServer | undefined;


async function main() {
  const dir = await step('building the production extension and its bench copy', () => benchBuild());
  const sizes = measureSizes();
  demo = await step('starting the demo server', () => startDemoServer());
  flags = await serveFlagsFiles({ big: flagdFileWith(BIG), small: flagdFileWith(SMALL) });
  ext = await step('starting Chromium with the bench build', () => launchWithExtension({ extensionDir: dir }));
  // As run.ts: the popup rounds read the catalogue alone, not the demo's six echoed flags.
  const noEcho = { echoHeader: { enabled: false, name: 'X-Feature-Flags-Applied' }, markers: true, sdks: true, forceInSdks: true };
  const bigSite = demoSite(demo.siteOrigin, { catalogue: { provider: 'flags-file', url: `${flags.url}/big.json` }, detection: noEcho });
  const smallSite = demoSite(demo.siteOrigin, {
    id: 'bench-small', name: 'Bench shop (100 flags)', hosts: ['small.localhost'],
    catalogue: { provider: 'flags-file', url: `${flags.url}/small.json` }, detection: noEcho,
  });
  await step('configuring the sites', () => configure(ext!, [bigSite, smallSite]));
  const bigTab = await ext.context.newPage();
  await bigTab.goto(demo.siteOrigin);
  const smallTab = await ext.context.newPage();
  await smallTab.goto(`http://small.localhost:${demo.port}/`);
  const tabs = { big: await tabIdOf(ext, bigTab), small: await tabIdOf(ext, smallTab) };
  await step(`checking the popup lists ${BIG} flags`, () => assertPopupShows(ext!, tabs.big, BIG));
  await step(`checking the popup lists ${SMALL} flags`, () => assertPopupShows(ext!, tabs.small, SMALL));
  const opens = await step('popup opens', () => measureOpens(ext!, tabs, plan));
  const searchBig = await step('search keystrokes, 10,000 flags', () => measureKeystrokes(ext!, tabs.big, plan.runs + plan.warmups, BIG));
  const searchSmall = await step('search keystrokes, 100 flags', () => measureKeystrokes(ext!, tabs.small, plan.runs + plan.warmups, SMALL));

  console.log(`\n${plan.runs} rounds after ${plan.warmups} warm-ups`);
  console.log(`popup bundle: ${sizes.popup.bytes} B, ${sizes.popup.gzip} B gzip (${sizes.popup.files.map((f) => `${f.file} ${f.bytes}`).join(', ')})`);
  ratioRow('popup, 10,000 flags ÷ empty page', opens.popup10000, opens.empty);
  ratioRow('popup, 100 flags ÷ empty page', opens.popup100, opens.empty);
  ratioRow('popup, 10,000 ÷ 100 flags', opens.popup10000, opens.popup100);
  const keys = (s: { samples: number[] }) => s.samples.slice(plan.warmups);
  ratioRow('search keystroke, 10,000 ÷ 100 flags', keys(searchBig), keys(searchSmall));
  console.log(`all 10,000 flags listed at ${searchBig.fullListMs.toFixed(0)} ms (one open)`);
}

await runScript('bench:popup', main, () => [ext?.close(), demo?.close(), flags?.close()]);
