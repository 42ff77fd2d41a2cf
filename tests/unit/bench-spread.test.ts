import { describe, expect, it } from 'vitest';
import { ratioSpread } from '../../bench/spread';

describe('bench page-load ratio spread', () => {
  it('is the ratio of medians, with an interval around it', () => {
    const baseline = [20, 22, 21, 25, 19, 23, 20, 24, 22, 21];
    const subject = baseline.map((ms) => ms * 1.1);
    const spread = ratioSpread(subject, baseline);
    expect(spread.median).toBeCloseTo(1.1, 6);
    // Each round's samples are drawn together, so a constant slowdown has no spread at all.
    expect(spread.low).toBeCloseTo(1.1, 6);
    expect(spread.high).toBeCloseTo(1.1, 6);
    expect(spread.rounds).toBe(10);
  });

  it('widens with noise, and narrows with more rounds', () => {
    const noisy = (n: number) => Array.from({ length: n }, (_, i) => 20 + ((i * 37) % 11));
    const few = ratioSpread(noisy(8), noisy(8).reverse());
    const many = ratioSpread(noisy(80), noisy(80).reverse());
    expect(few.low).toBeLessThan(few.median);
    expect(few.high).toBeGreaterThan(few.median);
    expect(many.high - many.low).toBeLessThan(few.high - few.low);
  });

  it('refuses samples that are not one pair per round', () => {
    expect(() => ratioSpread([1, 2], [1])).toThrow(/one subject and one baseline sample per round/);
  });
});
