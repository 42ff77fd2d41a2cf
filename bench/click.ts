/**
 * `npm run bench:click`: only click → rule ÷ one bare updateSessionRules (section 2 of the
 * README), with the same build, catalogue (10,000 flags), site and rounds as run.ts and
 * startup.ts, for a quick before/after on the click path. `--runs N` or BENCH_RUNS (default 15),
 * 2 warm-ups; FLAGTAB_SKIP_BUILD=1 reuses the production build.
 */
import { startDemoServer, type DemoServer } from '../demo/server';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../demo/browser/extension';
import { configure, demoSite } from '../demo/browser/flagtab';
import { benchBuild } from './build';
import { assertPopupShows } from './open';
import { firstBooleanKey, flagdFileWith } from './catalogue';
import { serveFlagsFiles, type FlagsFileServer } from './flags-server';
import { measureClicks, type Plan } from './speed';
import { ratio, summarise } from './stats';
import { step } from './step';
import { ratioRow, runScript, runsFromArgs } from './quick';

const runs = runsFromArgs();
const plan: Plan = { runs, warmups: 2 };
const BIG = 10_000;

let ext: ExtensionBrowser | undefined;
let demo: DemoServer | undefined;
let flags: FlagsFileServer | undefined;

async function main() {
  const dir = await step('building the production extension and its bench copy', () => benchBuild());
  demo = await step('starting the demo server', () => startDemoServer());
  const big = flagdFileWith(BIG);
  flags = await serveFlagsFiles({ big, small: flagdFileWith(100) });
  ext = await step('starting Chromium with the bench build', () => launchWithExtension({ extensionDir: dir }));
  // As run.ts: the popup reads the catalogue alone, not the demo's six echoed flags.
  const noEcho = { echoHeader: { enabled: false, name: 'X-Feature-Flags-Applied' }, markers: true, sdks: true, forceInSdks: true };
  const site = demoSite(demo.siteOrigin, { catalogue: { provider: 'flags-file', url: `${flags.url}/big.json` }, detection: noEcho });
  await step('configuring the site', () => configure(ext!, [site]));
  const tab = await ext.context.newPage();
  await tab.goto(demo.siteOrigin);
  const tabId = await tabIdOf(ext, tab);
  await step(`checking the popup lists ${BIG} flags`, () => assertPopupShows(ext!, tabId, BIG));
  const clicks = await step('click → rule', () => measureClicks(ext!, { tabId, key: firstBooleanKey(big), hosts: site.hosts, flags: BIG }, plan));
  const subject = summarise(clicks.clickToRule);
  const baseline = summarise(clicks.updateSessionRules);
  const r = ratio(subject, baseline);
  console.log(`\n${plan.runs} rounds after ${plan.warmups} warm-ups`);
  console.log(`click → rule: ${subject.median.toFixed(1)} ms (p90 ${subject.p90.toFixed(1)}), polls ${JSON.stringify(clicks.polls)}`);
  console.log(`bare updateSessionRules: ${baseline.median.toFixed(1)} ms (p90 ${baseline.p90.toFixed(1)})`);
  console.log(`ratio: ${r.median.toFixed(2)}× median, ${r.p90.toFixed(2)}× p90`);
}

await runScript('bench:click', main, () => [ext?.close(), demo?.close(), flags?.close()]);
