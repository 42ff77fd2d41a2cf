import type { Variant } from '../flags/flag';

/** Small helpers every adapter's normalise step needs. */

/** Epoch ms of an ISO date from an API, or undefined when it is missing or not a date. */
export function timeOf(text: string | null | undefined): number | undefined {
  const ms = text ? Date.parse(text) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/** Variants with distinct values, first name kept: rules often serve the same value twice. */
export function dedupeVariants(variants: Variant[]): Variant[] {
  const seen = new Set<string>();
  return variants.filter((v) => {
    const key = JSON.stringify(v.value);
    return seen.has(key) ? false : Boolean(seen.add(key));
  });
}
