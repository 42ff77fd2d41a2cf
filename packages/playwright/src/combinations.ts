import type { Flag } from '../../../lib/flags/flag';
import type { JsonValue } from '../../../lib/json-value';
import { planSteps, runFlagOf, type RunFlag, type Strategy } from '../../../lib/runs/combinations';

/** A flag to combine: its values, optionally which is new and which old; or a catalogue flag. */
export type CombinationFlag =
  | { key: string; values: readonly JsonValue[]; newValue?: JsonValue; oldValue?: JsonValue }
  | Pick<Flag, 'key' | 'type' | 'variants' | 'defaultValue'>;

export type CombinationStrategy = 'pairwise' | 'all-new-all-old' | 'all-new' | 'all-old' | 'list';

export interface Combination {
  /** "new-checkout=true, max-items=3": a test title. */
  name: string;
  values: Record<string, JsonValue>;
}

/**
 * The flag combinations a suite should test, from the same generator as the extension's runs:
 *
 * - `pairwise`: every pair of values of two different flags at least once (3 × 2 × 2 values: 6 steps);
 * - `all-new-all-old`: everything new, then everything old; `all-new`, `all-old`: one of those;
 * - `list`: the steps given in `values`, as they are.
 *
 * A flag is `{ key, values }` (the first value is the old one, the next the new one; booleans:
 * true is new), `{ key, values, newValue, oldValue }`, or a Flag from the catalogue.
 *
 * @example
 * for (const c of flagCombinations([{ key: 'new-checkout', values: [true, false] }, { key: 'max-items', values: [3, 5, 10] }], { strategy: 'pairwise' })) {
 *   test(c.name, async ({ page, flagtab }) => { await flagtab.set(c.values); … });
 * }
 */
export function flagCombinations(flags: readonly CombinationFlag[], options: { strategy: CombinationStrategy; values?: readonly Record<string, JsonValue>[] }): Combination[] {
  const strategy: Strategy = options.strategy === 'list' ? { kind: 'chosen', steps: [...(options.values ?? [])] } : { kind: options.strategy };
  if (options.strategy === 'list' && !options.values) throw new TypeError("flagCombinations: the 'list' strategy takes the steps in `values`: { strategy: 'list', values: [{ 'new-checkout': true }] }");
  return planSteps(strategy, flags.map(runFlag)).map((values) => ({ name: nameOf(values), values }));
}

function runFlag(flag: CombinationFlag): RunFlag {
  if ('type' in flag) {
    const run = runFlagOf(flag);
    if (!run) throw new TypeError(`flagCombinations: ${flag.key} has fewer than two known values; give them: { key: '${flag.key}', values: [...] }`);
    return run;
  }
  const values = [...flag.values];
  if (values.length === 0) throw new TypeError(`flagCombinations: ${flag.key} has no values`);
  const booleans = values.every((v) => typeof v === 'boolean');
  const oldValue = flag.oldValue !== undefined ? flag.oldValue : booleans ? false : values[0]!;
  const newValue = flag.newValue !== undefined ? flag.newValue : booleans ? true : values.find((v) => JSON.stringify(v) !== JSON.stringify(oldValue)) ?? oldValue;
  return { key: flag.key, values, newValue, oldValue };
}

const nameOf = (values: Record<string, JsonValue>) => Object.entries(values).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`).join(', ');
