import { percentile } from './stats';

/** A ratio of medians with how far it moves when the same rounds are drawn again (bootstrap). */
export interface RatioSpread {
  /** median(subject) ÷ median(baseline), over all rounds. */
  median: number;
  /** 5th and 95th percentiles of that ratio over resampled rounds: a 90 % interval. */
  low: number;
  high: number;
  rounds: number;
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 0.5);

/** A small seeded generator (mulberry32), so the same samples always give the same interval. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * How sure one run is of a page-load ratio. Rounds are drawn with replacement, a subject sample
 * always with the baseline sample of its own round (measured next to it, so a busy moment of
 * the machine stays on both sides), and the ratio of medians is taken each time. A ratio whose
 * interval straddles a target has not shown it is met or missed.
 *
 * @example ratioSpread([10, 11, 12], [10, 10, 11]) // { median: 1.1, low: …, high: …, rounds: 3 }
 */
export function ratioSpread(subject: readonly number[], baseline: readonly number[], resamples = 2000): RatioSpread {
  if (subject.length !== baseline.length || subject.length === 0) {
    throw new Error(`ratioSpread needs one subject and one baseline sample per round (got ${subject.length} and ${baseline.length})`);
  }
  const n = subject.length;
  const random = seeded(n * 7919 + resamples);
  const ratios: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const s: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < n; i++) {
      const round = Math.floor(random() * n);
      s.push(subject[round]!);
      b.push(baseline[round]!);
    }
    ratios.push(median(s) / median(b));
  }
  ratios.sort((x, y) => x - y);
  return { median: median([...subject]) / median([...baseline]), low: percentile(ratios, 0.05), high: percentile(ratios, 0.95), rounds: n };
}

/** "1.01× (90 % interval 0.98–1.04×, 45 rounds)" */
export const formatSpread = (s: RatioSpread) => `${s.median.toFixed(3)}× (90 % interval ${s.low.toFixed(3)}–${s.high.toFixed(3)}×, ${s.rounds} rounds)`;

/** Prints `label: ratio (interval)` for subject ÷ baseline, and returns the spread for a results file. */
export function logSpread(label: string, subject: readonly number[], baseline: readonly number[]): RatioSpread {
  const spread = ratioSpread(subject, baseline);
  console.log(`${label}: ${formatSpread(spread)}`);
  return spread;
}
