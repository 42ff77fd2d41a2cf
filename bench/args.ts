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
