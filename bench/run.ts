/**
 * `npm run bench`: how fast the popup opens and a click reaches the network rules, as ratios to
 * baselines measured in the same run, and how big the popup and background bundles are.
 * Read bench/README.md for what each number means. Options: `--runs N` (or BENCH_RUNS=N),
 * FLAGTAB_SKIP_BUILD=1 to reuse an existing e2e build.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../demo/server';
import { ROOT, buildExtension } from '../tests/e2e/support/build';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../tests/e2e/support/extension';
import { configure, demoSite } from '../tests/e2e/support/flagtab';
import { firstBooleanKey, flagdFileWith } from './catalogue';
import { EMPTY_PAGE, EMPTY_PAGE_HTML, assertPopupShows } from './open';
import { formatReport, type Report } from './report';
import { buildProduction, measureSizes } from './sizes';
import { measureClicks, measureOpens, type Plan } from './speed';
import { ratio, summarise } from './stats';

const WARMUPS = 2;
const RESULTS = join(ROOT, '.output/bench/latest.json');
/** A hung browser must not hang CI: give up well after a normal run (about a minute) would end. */
const WATCHDOG_MS = 6 * 60_000;

function runsFromArgs(): number {
  const flag = process.argv.indexOf('--runs');
  const raw = flag >= 0 ? process.argv[flag + 1] : process.env.BENCH_RUNS;
  const runs = Number(raw ?? 15);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1 (got ${raw})`);
  return runs;
}

const log = (line: string) => process.stderr.write(`› ${line}\n`);

let ext: ExtensionBrowser | undefined;
let demo: DemoServer | undefined;

async function cleanUp(): Promise<void> {
  const [browser, server] = await Promise.allSettled([ext?.close(), demo?.close()]);
  for (const r of [browser, server]) if (r.status === 'rejected') console.error('bench: cleanup failed', r.reason);
  ext = undefined;
  demo = undefined;
}

async function main(): Promise<void> {
  const started = performance.now();
  const plan: Plan = { runs: runsFromArgs(), warmups: WARMUPS };

  log('building the production extension (wxt build) for bundle sizes');
  buildProduction();
  const sizes = measureSizes();

  log('building the e2e extension');
  const dir = await buildExtension('chrome');
  writeFileSync(join(dir, EMPTY_PAGE), EMPTY_PAGE_HTML);

  demo = await startDemoServer();
  ext = await launchWithExtension();
  const browser = (await (await ext.worker()).evaluate(() => navigator.userAgent)).match(/(?:Headless)?Chrome\/[\d.]+/)?.[0] ?? 'Chromium';

  // Two sites, so the 100- and 2,000-flag popups can be measured in the same rounds. Every
  // *.localhost name reaches the demo server, which answers any host with the shop.
  const big = flagdFileWith(2000);
  const bigSite = demoSite(demo.siteOrigin, { catalogue: { provider: 'flags-file', inline: JSON.stringify(big) } });
  const smallSite = demoSite(demo.siteOrigin, {
    id: 'bench-small', name: 'Bench shop (100 flags)', hosts: ['small.localhost'],
    catalogue: { provider: 'flags-file', inline: JSON.stringify(flagdFileWith(100)) },
  });
  await configure(ext, [bigSite, smallSite]);

  const bigTab = await ext.context.newPage();
  await bigTab.goto(demo.siteOrigin);
  const smallTab = await ext.context.newPage();
  await smallTab.goto(`http://small.localhost:${demo.port}/`);
  const tabs = { big: await tabIdOf(ext, bigTab), small: await tabIdOf(ext, smallTab) };
  await assertPopupShows(ext, tabs.big, 2000);
  await assertPopupShows(ext, tabs.small, 100);

  log(`measuring popup open: ${plan.warmups} warm-up + ${plan.runs} rounds`);
  const opens = await measureOpens(ext, tabs, { ...plan, onRound: (n, of) => log(`  open round ${n}/${of}`) });
  log(`measuring click → rule: ${plan.warmups} warm-up + ${plan.runs} rounds`);
  const key = firstBooleanKey(big);
  const clicks = await measureClicks(ext, { tabId: tabs.big, key, hosts: bigSite.hosts }, { ...plan, onRound: (n, of) => log(`  click round ${n}/${of}`) });

  const empty = summarise(opens.empty);
  const update = summarise(clicks.updateSessionRules);
  const measured = {
    emptyPage: { summary: empty, samples: opens.empty },
    popup100: { summary: summarise(opens.popup100), samples: opens.popup100 },
    popup2000: { summary: summarise(opens.popup2000), samples: opens.popup2000 },
    updateSessionRules: { summary: update, samples: clicks.updateSessionRules },
    clickToRule: { summary: summarise(clicks.clickToRule), samples: clicks.clickToRule, polls: clicks.polls, key },
  };
  const ratios = {
    popup100VsEmptyPage: ratio(measured.popup100.summary, empty),
    popup2000VsEmptyPage: ratio(measured.popup2000.summary, empty),
    clickToRuleVsUpdateSessionRules: ratio(measured.clickToRule.summary, update),
  };

  await cleanUp();
  const report: Report = {
    runs: plan.runs,
    warmups: plan.warmups,
    browser,
    cpus: availableParallelism(),
    seconds: (performance.now() - started) / 1000,
    sizes,
    speed: [
      [
        { label: 'Empty extension page → readyState complete', summary: empty },
        { label: 'Popup, 100 flags → interactive', summary: measured.popup100.summary, ratio: ratios.popup100VsEmptyPage },
        { label: 'Popup, 2,000 flags → interactive', summary: measured.popup2000.summary, ratio: ratios.popup2000VsEmptyPage },
      ],
      [
        { label: 'One bare updateSessionRules call', summary: update },
        { label: 'Click → rule installed (2,000 flags)', summary: measured.clickToRule.summary, ratio: ratios.clickToRuleVsUpdateSessionRules },
      ],
    ],
  };
  mkdirSync(join(RESULTS, '..'), { recursive: true });
  // performance.now() is coarsened to 0.1 ms outside cross-origin isolation; more digits are noise.
  const rounded = (_key: string, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v);
  writeFileSync(RESULTS, `${JSON.stringify({ date: new Date().toISOString(), ...report, speed: undefined, measured, ratios }, rounded, 2)}\n`);
  console.log(formatReport(report));
  console.log(`Results: ${RESULTS}`);
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 60_000} minutes; giving up.`);
  void cleanUp().finally(() => process.exit(1));
}, WATCHDOG_MS);
watchdog.unref();
process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));

try {
  await main();
} catch (error) {
  console.error('bench failed:', error);
  process.exitCode = 1;
} finally {
  await cleanUp();
  clearTimeout(watchdog);
}
process.exit(process.exitCode ?? 0);
