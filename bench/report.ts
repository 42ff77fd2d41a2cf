import type { BundleSizes } from './sizes';
import type { Ratio, Summary } from './stats';
import type { WireSize } from './wire-v2';

export interface Timed {
  label: string;
  summary: Summary;
  /** Present for measurements compared with a baseline; absent for the baselines themselves. */
  ratio?: Ratio;
}

export interface Report {
  runs: number;
  warmups: number;
  browser: string;
  cpus: number;
  speed: Timed[][];
  sizes: BundleSizes;
  /** [label, bytes] */
  memory: [string, number][];
  /** [label, ms]: single measurements shown for context, with no baseline. */
  extra: [string, number][];
  /** [label, "N of M …"]: counts, e.g. how many child tabs' first documents carried the overrides. */
  rates?: [string, string][];
  /** Header and cookie lengths at several override counts, v1 against v2 (bench/wire-v2.ts). */
  wireSizes?: WireSize[];
  seconds: number;
}

const ms = (n: number) => n.toFixed(1);
const times = (n: number) => `${n.toFixed(1)}×`;
const bytes = (n: number) => n.toLocaleString('en-US');

function table(rows: string[][], alignRight: (column: number) => boolean): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) => r.map((cell, c) => (alignRight(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('   ').trimEnd())
    .join('\n');
}

/** The human-readable summary `npm run bench` prints. */
export function formatReport(r: Report): string {
  const speed: string[][] = [['Speed (ms, page clock)', 'median', 'p90', 'ratio median', 'ratio p90']];
  for (const group of r.speed) {
    for (const t of group) {
      speed.push([t.label, ms(t.summary.median), ms(t.summary.p90), t.ratio ? times(t.ratio.median) : '(baseline)', t.ratio ? times(t.ratio.p90) : '']);
    }
    speed.push(['', '', '', '', '']);
  }
  speed.pop();

  const size: string[][] = [['Size (production Chrome build)', 'bytes', 'gzip -9']];
  const groups = [['popup', r.sizes.popup], ['options (first view)', r.sizes.options], ['background (every wake)', r.sizes.background], ['background work (on first need)', r.sizes.backgroundWork]] as const;
  for (const [name, part] of groups) {
    for (const f of part.files) size.push([`  ${f.file}`, bytes(f.bytes), bytes(f.gzip)]);
    size.push([`${name} total`, bytes(part.bytes), bytes(part.gzip)]);
  }

  const memory: string[][] = [['Memory', 'bytes'], ...r.memory.map(([label, n]) => [label, bytes(n)])];
  const extra: string[][] = [['Also measured', 'ms'], ...r.extra.map(([label, n]) => [label, String(n)])];
  const rates: string[][] = [['Counted', ''], ...(r.rates ?? []).map(([label, text]) => [label, text])];
  const wire: string[][] = [
    ['Wire sizes (characters)', 'v1 header', 'v1 cookie', 'v2 header = cookie'],
    ...(r.wireSizes ?? []).map((w) => [`${w.count} overrides`, bytes(w.v1Header), bytes(w.v1Cookie), bytes(w.v2)]),
  ];

  return [
    `Flagtab bench · ${r.runs} runs after ${r.warmups} warm-ups · ${r.browser} · ${r.cpus} CPUs · ${r.seconds.toFixed(0)} s`,
    '',
    table(speed, (c) => c > 0),
    '',
    table(size, (c) => c > 0),
    '',
    table(memory, (c) => c > 0),
    '',
    table(extra, (c) => c > 0),
    '',
    ...(r.rates?.length ? [table(rates, () => false), ''] : []),
    ...(r.wireSizes?.length ? [table(wire, (c) => c > 0), ''] : []),
    'ratio = this measurement ÷ the baseline above it, both from the same run and browser (bench/README.md).',
  ].join('\n');
}
