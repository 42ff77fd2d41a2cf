import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeStep, pairwise, planSteps, runFlagOf, type RunFlag, type Step } from '../../lib/runs/combinations';

const checkout: RunFlag = { key: 'new-checkout', values: [true, false], newValue: true, oldValue: false };
const shipping: RunFlag = { key: 'free-shipping', values: [true, false], newValue: true, oldValue: false };
const hero: RunFlag = { key: 'hero-banner', values: ['a', 'b', 'c'], newValue: 'b', oldValue: 'a' };
const plain = (steps: Step[]) => steps.map((s) => ({ ...s }));

/** Every pair of values of two different flags that no step shows together. */
function missingPairs(flags: RunFlag[], steps: Step[]): string[] {
  const missing: string[] = [];
  for (let a = 0; a < flags.length; a++) {
    for (let b = a + 1; b < flags.length; b++) {
      for (const va of flags[a]!.values) {
        for (const vb of flags[b]!.values) {
          const seen = steps.some((s) => JSON.stringify(s[flags[a]!.key]) === JSON.stringify(va) && JSON.stringify(s[flags[b]!.key]) === JSON.stringify(vb));
          if (!seen) missing.push(`${flags[a]!.key}=${JSON.stringify(va)} & ${flags[b]!.key}=${JSON.stringify(vb)}`);
        }
      }
    }
  }
  return missing;
}

describe('runFlagOf: what is new and what is old', () => {
  it('booleans: new is on, old is off, whatever the default', () => {
    expect(runFlagOf({ key: 'free-shipping', type: 'boolean', variants: [], defaultValue: true })).toEqual(shipping);
  });
  it('variants: old is the default, new the first other variant', () => {
    const variants = ['a', 'b', 'c'].map((v) => ({ name: v, value: v }));
    expect(runFlagOf({ key: 'hero-banner', type: 'string', variants, defaultValue: 'a' })).toEqual(hero);
    expect(runFlagOf({ key: 'hero-banner', type: 'string', variants, defaultValue: 'b' })).toMatchObject({ newValue: 'a', oldValue: 'b' });
    expect(runFlagOf({ key: 'hero-banner', type: 'string', variants })).toMatchObject({ newValue: 'b', oldValue: 'a' });
  });
  it('a flag without two known values cannot be walked', () => {
    expect(runFlagOf({ key: 'free-text', type: 'string', variants: [] })).toBeUndefined();
    expect(runFlagOf({ key: 'one', type: 'json', variants: [{ name: 'x', value: { a: 1 } }, { name: 'y', value: { a: 1 } }] })).toBeUndefined();
  });
});

describe('planSteps', () => {
  it('all variants of one flag: one step per value, that flag only', () => {
    expect(plain(planSteps({ kind: 'all-variants', key: 'hero-banner' }, [checkout, hero]))).toEqual([{ 'hero-banner': 'a' }, { 'hero-banner': 'b' }, { 'hero-banner': 'c' }]);
  });
  it('all-new then all-old', () => {
    expect(plain(planSteps({ kind: 'all-new-all-old' }, [checkout, hero]))).toEqual([
      { 'new-checkout': true, 'hero-banner': 'b' },
      { 'new-checkout': false, 'hero-banner': 'a' },
    ]);
  });
  it('a chosen list as given, in null-prototype steps', () => {
    const steps = planSteps({ kind: 'chosen', steps: [JSON.parse('{"__proto__": true}') as Step] }, []);
    expect(Object.getPrototypeOf(steps[0])).toBeNull();
    expect(Object.keys(steps[0]!)).toEqual(['__proto__']);
  });
  it('labels a step with its values', () => {
    expect(describeStep({ 'hero-banner': 'b', 'new-checkout': true, 'max-items': 5 })).toBe('hero-banner = b · new-checkout = on · max-items = 5');
  });
});

describe('pairwise', () => {
  it('covers 3 × 2 × 2 values in 6 steps, every step naming every flag', () => {
    const steps = pairwise([checkout, hero, shipping]);
    expect(steps.length).toBeLessThanOrEqual(6);
    expect(missingPairs([checkout, hero, shipping], steps)).toEqual([]);
    for (const step of steps) expect(Object.keys(step)).toEqual(['new-checkout', 'hero-banner', 'free-shipping']);
  });
  it('one flag: each of its values once; none: no step', () => {
    expect(plain(pairwise([hero]))).toEqual([{ 'hero-banner': 'a' }, { 'hero-banner': 'b' }, { 'hero-banner': 'c' }]);
    expect(pairwise([])).toEqual([]);
  });
  it('takes far fewer steps than every combination', () => {
    const many = Array.from({ length: 8 }, (_, i): RunFlag => ({ key: `f${i}`, values: [true, false], newValue: true, oldValue: false }));
    expect(pairwise(many).length).toBeLessThanOrEqual(10); // 2⁸ = 256 combinations
  });

  const flagsArb = fc.uniqueArray(
    fc.record({ key: fc.string({ minLength: 1, maxLength: 6 }), count: fc.integer({ min: 1, max: 4 }) }),
    { minLength: 0, maxLength: 5, selector: (f) => f.key },
  ).map((list) => list.map(({ key, count }): RunFlag => {
    const values = Array.from({ length: count }, (_, i) => `${key}-${i}`);
    return { key, values, newValue: values[0]!, oldValue: values[0]! };
  }));

  it('covers every pair, for random small inputs', () => {
    fc.assert(fc.property(flagsArb, (flags) => {
      const steps = pairwise(flags);
      expect(missingPairs(flags, steps)).toEqual([]);
      const product = flags.reduce((n, f) => n * f.values.length, 1);
      expect(steps.length).toBeLessThanOrEqual(flags.length === 0 ? 0 : product);
    }));
  });
  it('is deterministic', () => {
    fc.assert(fc.property(flagsArb, (flags) => {
      expect(JSON.stringify(pairwise(flags))).toBe(JSON.stringify(pairwise(structuredClone(flags))));
    }));
  });
});
