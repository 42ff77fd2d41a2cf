import { describe, expect, it } from 'vitest';
import { nextInCycle, presenterCycle } from '../../lib/scenarios/presenter';
import type { Scenario } from '../../lib/scenarios/scenario';

const scenario = (id: string, values: Scenario['values'], extra: Partial<Scenario> = {}): Scenario => ({ id, siteId: 'shop', name: id, tickets: [], values, ...extra });

describe('the presenter cycle', () => {
  const before = scenario('before', { 'new-checkout': false });
  const after = scenario('after', { 'new-checkout': true });
  const other = scenario('other', { banner: 'b' }, { siteId: 'blog' });

  it('cycles through the site\'s scenarios, or only the marked ones when some are', () => {
    expect(presenterCycle([before, other, after], 'shop').map((s) => s.id)).toEqual(['before', 'after']);
    const marked = { ...after, presenter: true };
    const third = scenario('third', { x: 1 }, { presenter: true });
    expect(presenterCycle([before, marked, third], 'shop').map((s) => s.id)).toEqual(['after', 'third']);
  });

  it('goes to the next scenario after the one the tab is in, round, and starts at the first', () => {
    const cycle = [before, after];
    expect(nextInCycle(cycle, 'shop', {})?.id).toBe('before');
    expect(nextInCycle(cycle, 'shop', { 'new-checkout': false })?.id).toBe('after');
    expect(nextInCycle(cycle, 'shop', { 'new-checkout': true })?.id).toBe('before');
    expect(nextInCycle(cycle, 'shop', { 'new-checkout': true, extra: 1 })?.id).toBe('before');
    expect(nextInCycle([], 'shop', {})).toBeUndefined();
  });
});
