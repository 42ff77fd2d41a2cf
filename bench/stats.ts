/** The spread of one measurement's samples, in milliseconds. */
export interface Summary {
  n: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}

/**
 * The `p`-th percentile (0..1) of sorted samples, interpolating between the two nearest ranks
 * (the "R-7" rule spreadsheets use), so p90 of 15 samples is not simply the 14th value.
 *
 * @example percentile([1, 2, 3, 4], 0.5) // 2.5
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples: the measurement produced none');
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** @example summarise([3, 1, 2]) // { n: 3, median: 2, p90: 2.8, min: 1, max: 3 } */
export function summarise(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, median: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), min: sorted[0]!, max: sorted.at(-1)! };
}

/** How many times slower `subject` is than `baseline`, at the median and at p90. */
export interface Ratio {
  median: number;
  p90: number;
}

export function ratio(subject: Summary, baseline: Summary): Ratio {
  return { median: subject.median / baseline.median, p90: subject.p90 / baseline.p90 };
}
