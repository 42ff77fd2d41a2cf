import { ratio, summarise, type Summary } from './stats';

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

/** Runs a bench script's `main`, always closes what it opened, and exits (1 on failure). */
export async function runScript(name: string, main: () => Promise<void>, close: () => (Promise<unknown> | undefined)[]): Promise<never> {
  try {
    await main();
  } catch (error) {
    console.error(`${name} failed:`, error);
    process.exitCode = 1;
  } finally {
    await Promise.allSettled(close());
  }
  process.exit(process.exitCode ?? 0);
}
