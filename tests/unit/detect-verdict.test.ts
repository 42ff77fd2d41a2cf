import { describe, expect, it } from 'vitest';
import { pageFlagState, canonical } from '../../lib/detect/verdict';
import { emptyDetections } from '../../lib/detect/store';
import type { ObservedSource, StoredObservation, TabDetections } from '../../lib/detect/observation';

function page(flags: Record<string, Partial<Record<ObservedSource, StoredObservation>>>): TabDetections {
  return { ...emptyDetections(1_000), flags };
}

describe('not-honoured verdict', () => {
  const setAt = 5_000;
  const cases: { name: string; flags: TabDetections['flags']; override?: boolean; verdict: string; mismatches?: ObservedSource[] }[] = [
    { name: 'no override: nothing to honour', flags: { f: { 'echo-header': { value: false, at: 6_000 } } }, verdict: 'none' },
    { name: 'the server echoes the override', flags: { f: { 'echo-header': { value: true, at: 6_000 } } }, override: true, verdict: 'honoured' },
    { name: 'the server echoes another value after the override', flags: { f: { 'echo-header': { value: false, at: 6_000 } } }, override: true, verdict: 'not-honoured', mismatches: ['echo-header'] },
    { name: 'the page reported before the override was set', flags: { f: { meta: { value: false, at: 4_000 } } }, override: true, verdict: 'reload' },
    { name: 'the page does not report the flag', flags: {}, override: true, verdict: 'unreported' },
    { name: 'only a bare element: used, value unknown', flags: { f: { element: { elements: 2, at: 6_000 } } }, override: true, verdict: 'unreported' },
    {
      name: 'the SDK is forced but the server ignores the override',
      flags: { f: { openfeature: { value: true, forced: true, at: 6_000 }, 'echo-header': { value: false, at: 6_000 } } },
      override: true, verdict: 'not-honoured', mismatches: ['echo-header'],
    },
    {
      name: 'an old disagreeing reading and a newer agreeing one',
      flags: { f: { meta: { value: false, at: 4_000 }, 'echo-header': { value: true, at: 6_000 } } },
      override: true, verdict: 'honoured',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const state = pageFlagState(page(c.flags), 'f', c.override === undefined ? undefined : { value: c.override, setAt });
      expect(state.verdict).toBe(c.verdict);
      expect(state.mismatches.map((m) => m.source)).toEqual(c.mismatches ?? []);
    });
  }

  it('compares JSON values whatever their key order', () => {
    const state = pageFlagState(page({ f: { script: { value: { b: 2, a: [1, { d: 1, c: 0 }] }, at: 6_000 } } }), 'f', { value: { a: [1, { c: 0, d: 1 }], b: 2 }, setAt });
    expect(state.verdict).toBe('honoured');
    expect(canonical({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('shows the value of the most telling source: an SDK over the echo over markers', () => {
    const state = pageFlagState(page({ f: { element: { elements: 1, at: 6_000 }, meta: { value: 'a', at: 6_000 }, growthbook: { value: 'b', at: 6_000 } } }), 'f');
    expect(state.reported).toMatchObject({ source: 'growthbook', value: 'b' });
    expect(state.readings.map((r) => r.source)).toEqual(['growthbook', 'meta', 'element']);
  });
});
