import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flagCombinations } from '../../../packages/playwright/src/combinations';
import { makeFlag } from '../../../lib/flags/flag';

/** flagCombinations: the extension's run plans as test titles and values. */
describe('flagCombinations', () => {
  it('pairwise covers every pair of values of two different flags', () => {
    const flagsArb = fc.uniqueArray(fc.record({ key: fc.stringMatching(/^[a-z][a-z-]{0,8}$/), values: fc.uniqueArray(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom('a', 'b', 'c')), { minLength: 1, maxLength: 4, selector: (v) => JSON.stringify(v) }) }), { minLength: 2, maxLength: 5, selector: (f) => f.key });
    fc.assert(fc.property(flagsArb, (flags) => {
      const steps = flagCombinations(flags, { strategy: 'pairwise' });
      for (let a = 0; a < flags.length; a++) {
        for (let b = a + 1; b < flags.length; b++) {
          for (const va of flags[a]!.values) {
            for (const vb of flags[b]!.values) {
              const covered = steps.some((s) => s.values[flags[a]!.key] === va && s.values[flags[b]!.key] === vb);
              expect(covered, `${flags[a]!.key}=${va} with ${flags[b]!.key}=${vb}`).toBe(true);
            }
          }
        }
      }
      // Every step sets every flag, and no two steps share a title.
      for (const step of steps) expect(Object.keys(step.values).sort()).toEqual(flags.map((f) => f.key).sort());
      expect(new Set(steps.map((s) => s.name)).size).toBe(steps.length);
    }), { numRuns: 200 });
  });

  it('names each step by its assignments, and takes fewer steps than all combinations', () => {
    const steps = flagCombinations([{ key: 'new-checkout', values: [true, false] }, { key: 'max-items', values: [3, 5, 10] }, { key: 'hero-banner', values: ['a', 'b'] }], { strategy: 'pairwise' });
    expect(steps).toHaveLength(6);
    expect(steps[0]!.name).toMatch(/^new-checkout=(true|false), max-items=(3|5|10), hero-banner=(a|b)$/);
  });

  it('all-new-all-old: booleans on then off; other values the second, then the first', () => {
    const steps = flagCombinations([{ key: 'new-checkout', values: [false, true] }, { key: 'hero-banner', values: ['a', 'b', 'c'] }], { strategy: 'all-new-all-old' });
    expect(steps).toEqual([
      { name: 'new-checkout=true, hero-banner=b', values: { 'new-checkout': true, 'hero-banner': 'b' } },
      { name: 'new-checkout=false, hero-banner=a', values: { 'new-checkout': false, 'hero-banner': 'a' } },
    ]);
    expect(flagCombinations([{ key: 'hero-banner', values: ['a', 'b'], newValue: 'b', oldValue: 'a' }, { key: 'theme', values: [{ accent: 'red' }, null], newValue: null, oldValue: { accent: 'red' } }], { strategy: 'all-new' }))
      .toEqual([{ name: 'hero-banner=b, theme=null', values: { 'hero-banner': 'b', theme: null } }]);
  });

  it('reads catalogue flags the way runs do: the default is old', () => {
    const maxItems = makeFlag({ key: 'max-items', type: 'number', variants: [{ name: 'three', value: 3 }, { name: 'five', value: 5 }, { name: 'ten', value: 10 }], tags: [], defaultValue: 5 });
    expect(flagCombinations([maxItems], { strategy: 'all-old' })).toEqual([{ name: 'max-items=5', values: { 'max-items': 5 } }]);
    expect(flagCombinations([maxItems], { strategy: 'all-new' })).toEqual([{ name: 'max-items=3', values: { 'max-items': 3 } }]);
    const free = makeFlag({ key: 'title', type: 'string', variants: [], tags: [] });
    expect(() => flagCombinations([free], { strategy: 'pairwise' })).toThrow("title has fewer than two known values; give them: { key: 'title', values: [...] }");
  });

  it('list: the steps as given; without them, says how to give them', () => {
    expect(flagCombinations([], { strategy: 'list', values: [{ 'new-checkout': true }, { 'new-checkout': false, 'hero-banner': 'c' }] }).map((s) => s.name))
      .toEqual(['new-checkout=true', 'new-checkout=false, hero-banner=c']);
    expect(() => flagCombinations([], { strategy: 'list' })).toThrow("takes the steps in `values`");
  });
});
