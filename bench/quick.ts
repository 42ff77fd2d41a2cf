import { startDemoServer, type DemoServer } from '../demo/server';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../demo/browser/extension';
import { demoSite } from '../demo/browser/flagtab';
import type { SiteInput } from '../lib/config/schema';
import { benchBuild } from './build';
import { flagdFileWith, type FlagdFile } from './catalogue';
import { serveFlagsFiles, type FlagsFileServer } from './flags-server';
import { ratio, summarise, type Summary } from './stats';
import { step } from './step';

/**
 * What the quick bench scripts (bench:startup, bench:click, bench:popup) share: how many rounds,
 * how a ratio is printed, and how a script ends (cleaned up, exit code set).
 */

/**
 * `--runs N` (or BENCH_RUNS; 15 by default): how many measured rounds a bench script takes. A
 * missing `--runs` must not read argv[0] as its value.
 */
export function runsFromArgs(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): number {
  const at = argv.indexOf('--runs');
  const runs = Number((at >= 0 ? argv[at + 1] : undefined) || env.BENCH_RUNS || 15);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number of at least 1');
  return runs;
}

const ms = (s: Summary) => `${s.median.toFixed(1)} ms (p90 ${s.p90.toFixed(1)})`;

/** One line: subject ÷ baseline, both summarised, and their ratio at the median and p90. */
export function ratioRow(label: string, subject: number[], baseline: number[]): void {
  const r = ratio(summarise(subject), summarise(baseline));
  console.log(`${label}: ${ms(summarise(subject))} ÷ ${ms(summarise(baseline))} = ${r.median.toFixed(2)}× median, ${r.p90.toFixed(2)}× p90`);
}

export const BIG = 10_000;
export const SMALL = 100;

/** What every quick script starts with: the production bench build, the demo, the flags files, Chromium. */
export interface QuickBench {
  demo: DemoServer;
  flags: FlagsFileServer;
  ext: ExtensionBrowser;
  /** The flagd files served at `${flags.url}/big.json` (10,000 flags) and `/small.json` (100). */
  big: FlagdFile;
  small: FlagdFile;
  /** The demo shop reading the 10,000-flag catalogue, without the echo header (as run.ts: the popup reads the catalogue alone). */
  bigSite: SiteInput;
  /** Opens a tab on `url`; its tab id. */
  tabOn(url: string): Promise<number>;
}

const opened: { close(): Promise<unknown> }[] = [];

export async function openBench(): Promise<QuickBench> {
  const dir = await step('building the production extension and its bench copy', () => benchBuild());
  const demo = await step('starting the demo server', () => startDemoServer());
  opened.push(demo);
  const big = flagdFileWith(BIG);
  const small = flagdFileWith(SMALL);
  const flags = await serveFlagsFiles({ big, small });
  opened.push(flags);
  const ext = await step('starting Chromium with the bench build', () => launchWithExtension({ extensionDir: dir }));
  opened.push(ext);
  const noEcho = { echoHeader: { enabled: false, name: 'X-Feature-Flags-Applied' }, markers: true, sdks: true, forceInSdks: true };
  const bigSite = demoSite(demo.siteOrigin, { catalogue: { provider: 'flags-file', url: `${flags.url}/big.json` }, detection: noEcho });
  const tabOn = async (url: string) => {
    const tab = await ext.context.newPage();
    await tab.goto(url);
    return tabIdOf(ext, tab);
  };
  return { demo, flags, ext, big, small, bigSite, tabOn };
}

/** Runs a bench script's `main`, always closes what `openBench` opened, and exits (1 on failure). */
export async function runScript(name: string, main: () => Promise<void>): Promise<never> {
  try {
    await main();
  } catch (error) {
    console.error(`${name} failed:`, error);
    process.exitCode = 1;
  } finally {
    await Promise.allSettled(opened.reverse().map((o) => o.close()));
  }
  process.exit(process.exitCode ?? 0);
}
