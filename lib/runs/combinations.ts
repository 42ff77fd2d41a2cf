import type { JsonValue } from '../json';
import { dictFrom, type Dict } from '../dict';
import type { Flag } from '../flags/flag';

/**
 * Which values of which flags a run walks a tab through. Pure: the popup counts the steps with
 * it before starting, the background plans the run with it.
 */

/** A flag as a run sees it: the values to try, and which of them is "new" and which "old". */
export interface RunFlag {
  key: string;
  values: JsonValue[];
  /** Booleans: on (true). Variants: the first variant that is not the default. */
  newValue: JsonValue;
  /** Booleans: off (false). Variants: the default variant (the first one when the default is none of them). */
  oldValue: JsonValue;
}

/** One step of a run: the exact overrides the tab gets (flag key → value). */
export type Step = Dict<JsonValue>;

export type Strategy =
  | { kind: 'all-variants'; key: string }
  | { kind: 'all-new' }
  | { kind: 'all-old' }
  | { kind: 'all-new-all-old' }
  | { kind: 'pairwise' }
  | { kind: 'chosen'; steps: Step[] };

const same = (a: JsonValue, b: JsonValue) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The flag as a run walks it, or undefined when it has fewer than two known values (free
 * values: nothing to walk through).
 *
 * @example runFlagOf(heroBanner) // { key: 'hero-banner', values: ['a', 'b', 'c'], newValue: 'b', oldValue: 'a' }
 */
export function runFlagOf(flag: Pick<Flag, 'key' | 'type' | 'variants' | 'defaultValue'>): RunFlag | undefined {
  if (flag.type === 'boolean') return { key: flag.key, values: [true, false], newValue: true, oldValue: false };
  const values: JsonValue[] = [];
  for (const v of flag.variants) if (!values.some((known) => same(known, v.value))) values.push(v.value);
  if (values.length < 2) return undefined;
  const def = flag.defaultValue;
  const oldValue = def !== undefined && values.some((v) => same(v, def)) ? def : values[0]!;
  const newValue = values.find((v) => !same(v, oldValue))!;
  return { key: flag.key, values, newValue, oldValue };
}

/**
 * The steps of a strategy over `flags` (in their order). `all-variants` walks one flag's values;
 * `all-new-all-old` is two steps, every flag new then every flag old; `pairwise` covers every
 * pair of values of two different flags at least once; `chosen` is the list as given.
 *
 * @example planSteps({ kind: 'all-new-all-old' }, [checkout, hero]) // [{ 'new-checkout': true, 'hero-banner': 'b' }, { 'new-checkout': false, 'hero-banner': 'a' }]
 */
export function planSteps(strategy: Strategy, flags: readonly RunFlag[]): Step[] {
  switch (strategy.kind) {
    case 'all-variants': {
      const flag = flags.find((f) => f.key === strategy.key);
      return flag ? flag.values.map((value) => dictFrom([[flag.key, value]])) : [];
    }
    case 'all-new': return [dictFrom(flags.map((f) => [f.key, f.newValue]))];
    case 'all-old': return [dictFrom(flags.map((f) => [f.key, f.oldValue]))];
    case 'all-new-all-old': return [...planSteps({ kind: 'all-new' }, flags), ...planSteps({ kind: 'all-old' }, flags)];
    case 'pairwise': return pairwise(flags);
    case 'chosen': return strategy.steps.map((step) => dictFrom(Object.entries(step)));
  }
}

/**
 * A deterministic greedy pairwise cover: each step starts from the first pair not yet covered
 * and gives every other flag the value that covers the most uncovered pairs with the values
 * already chosen (the first such value on a tie). Flags with more values go first, so the
 * largest pair tables shape the steps (3 × 2 × 2 values take 6 steps, the minimum).
 */
export function pairwise(input: readonly RunFlag[]): Step[] {
  const flags = input.filter((f) => f.values.length > 0);
  if (flags.length === 0) return [];
  if (flags.length === 1) return planSteps({ kind: 'all-variants', key: flags[0]!.key }, flags);
  // Stable sort by value count, largest first; steps keep the flags' given order as keys anyway.
  const order = flags.map((f, i) => ({ f, i })).sort((a, b) => b.f.values.length - a.f.values.length || a.i - b.i).map((x) => x.f);
  const pairId = (a: number, va: number, b: number, vb: number) => (a < b ? `${a}:${va}|${b}:${vb}` : `${b}:${vb}|${a}:${va}`);
  const uncovered = new Set<string>();
  for (let a = 0; a < order.length; a++) {
    for (let b = a + 1; b < order.length; b++) {
      for (let va = 0; va < order[a]!.values.length; va++) for (let vb = 0; vb < order[b]!.values.length; vb++) uncovered.add(pairId(a, va, b, vb));
    }
  }
  const steps: Step[] = [];
  while (uncovered.size > 0) {
    const [seed] = uncovered;
    const chosen = new Array<number | undefined>(order.length).fill(undefined);
    for (const part of seed!.split('|')) {
      const [flag, value] = part.split(':').map(Number);
      chosen[flag!] = value;
    }
    for (let f = 0; f < order.length; f++) {
      if (chosen[f] !== undefined) continue;
      let best = 0;
      let bestGain = -1;
      for (let v = 0; v < order[f]!.values.length; v++) {
        let gain = 0;
        chosen.forEach((cv, g) => { if (cv !== undefined && uncovered.has(pairId(f, v, g, cv))) gain++; });
        if (gain > bestGain) { best = v; bestGain = gain; }
      }
      chosen[f] = best;
    }
    for (let a = 0; a < order.length; a++) for (let b = a + 1; b < order.length; b++) uncovered.delete(pairId(a, chosen[a]!, b, chosen[b]!));
    const byKey = new Map(order.map((f, i) => [f.key, f.values[chosen[i]!]!]));
    steps.push(dictFrom(flags.map((f) => [f.key, byKey.get(f.key)!])));
  }
  return steps;
}

/** "hero-banner = b · new-checkout = on": a step as its label in the gallery and the contact sheet. */
export function describeStep(step: Step): string {
  return Object.entries(step).map(([key, value]) => `${key} = ${typeof value === 'boolean' ? (value ? 'on' : 'off') : typeof value === 'string' ? value : JSON.stringify(value)}`).join(' · ');
}
