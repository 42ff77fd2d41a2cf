import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../lib/detect/limits';
import { changedKeys, readOverridesMessage } from '../../lib/detect/bridge/messages';
import { variantFor, variantValue } from '../../lib/detect/bridge/unleash';
import { BRIDGE_LIMITS, detailOf, fits, keyOf, mismatch, sameKind, toReportable, type AskedKind } from '../../lib/detect/bridge/values';
import type { JsonValue } from '../../lib/json';

describe('toReportable', () => {
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  it.each([
    ['a boolean', true, { value: true }],
    ['an object, as a plain copy', { a: [1, 'x', null] }, { value: { a: [1, 'x', null] } }],
    ['undefined', undefined, { note: 'the SDK returned undefined, which JSON cannot carry' }],
    ['a function', () => 1, { note: 'the SDK returned a function, which JSON cannot carry' }],
    ['NaN', Number.NaN, { note: 'the SDK returned NaN, which JSON cannot carry' }],
    ['a cycle', cycle, { note: 'the value cannot be read as JSON (TypeError)' }],
    ['a throwing getter', Object.defineProperty({}, 'x', { enumerable: true, get: () => { throw new Error('no'); } }), { note: 'the value cannot be read as JSON (Error)' }],
    ['a value longer than the cap', 'x'.repeat(LIMITS.valueJsonLength), { note: 'value too large' }],
  ])('%s', (_, value, expected) => {
    expect(toReportable(value)).toEqual(expected);
  });

  it('keeps a value exactly at the cap', () => {
    const value = 'x'.repeat(LIMITS.valueJsonLength - 2);
    expect(toReportable(value)).toEqual({ value });
  });
});

describe('whether an override fits what the SDK asked for', () => {
  it.each([
    ['boolean', true, true],
    ['boolean', 'true', false],
    ['string', 'b', true],
    ['number', 10, true],
    ['number', '10', false],
    ['object', { a: 1 }, true],
    ['object', [1], true],
    ['object', 'x', false],
  ] as [AskedKind, JsonValue, boolean][])('%s ← %j: %s', (asked, value, expected) => {
    expect(fits(asked, value)).toBe(expected);
  });

  it('compares with a value the SDK has, and takes anything when it has none', () => {
    expect(sameKind(false, true)).toBe(true);
    expect(sameKind(3, 'three')).toBe(false);
    expect(sameKind({ a: 1 }, [1])).toBe(true);
    expect(sameKind(undefined, 'x')).toBe(true);
  });

  it('says why an override was not applied', () => {
    expect(mismatch('on', 'boolean')).toBe('override is a string; the SDK asked for a boolean');
    expect(mismatch(true, 'variant')).toBe('override is a boolean; the SDK asked for a variant');
    expect(mismatch([1], 'number')).toBe('override is an array; the SDK asked for a number');
  });
});

describe('details and keys', () => {
  it('joins the parts that exist and cuts to the cap', () => {
    expect(detailOf('in-memory', undefined, false, 'STATIC')).toBe('in-memory · STATIC');
    expect(detailOf(undefined, '')).toBeUndefined();
    expect(detailOf('x'.repeat(500))).toHaveLength(LIMITS.detailLength);
  });

  it('accepts only keys the report can carry', () => {
    expect(keyOf('new-checkout')).toBe('new-checkout');
    expect(keyOf('')).toBeUndefined();
    expect(keyOf(42)).toBeUndefined();
    expect(keyOf('k'.repeat(LIMITS.keyLength + 1))).toBeUndefined();
  });
});

describe('the content script’s overrides message', () => {
  const message = (overrides: unknown, force: unknown = true) => ({ channel: 'flagtab:content', type: 'overrides', overrides, force });

  it('reads the overrides and whether to force them', () => {
    expect(readOverridesMessage(message({ a: true, b: { x: [1] } }, false))).toEqual({ overrides: new Map<string, unknown>([['a', true], ['b', { x: [1] }]]), force: false });
  });

  it.each([
    ['not an object', 'overrides'],
    ['another channel', { ...message({}), channel: 'flagtab:bridge' }],
    ['force not a boolean', message({}, 'yes')],
    ['overrides an array', message([true])],
    ['overrides null', message(null)],
  ])('ignores %s', (_, data) => {
    expect(readOverridesMessage(data)).toBeUndefined();
  });

  it('drops keys and values the bridge cannot use', () => {
    const read = readOverridesMessage(message({ '': true, ['k'.repeat(300)]: true, nan: Number.NaN, ok: 1 }));
    expect(read?.overrides).toEqual(new Map([['ok', 1]]));
  });

  it('lists the keys whose forced value changed', () => {
    const before = new Map<string, unknown>([['same', 1], ['changed', { a: 1 }], ['removed', true]]) as Map<string, never>;
    const after = new Map<string, unknown>([['same', 1], ['changed', { a: 2 }], ['added', 'x']]) as Map<string, never>;
    expect(changedKeys(before, after).sort()).toEqual(['added', 'changed', 'removed']);
  });
});

describe('Unleash variants', () => {
  it('reads a variant’s value as the catalogue does: typed payload, else name, "disabled" when off', () => {
    expect(variantValue({ name: 'a', enabled: true, payload: { type: 'string', value: 'Classic' } })).toBe('Classic');
    expect(variantValue({ name: 'low', enabled: true, payload: { type: 'number', value: '9.99' } })).toBe(9.99);
    expect(variantValue({ name: 'j', enabled: true, payload: { type: 'json', value: '{"a":[1]}' } })).toEqual({ a: [1] });
    expect(variantValue({ name: 'j', enabled: true, payload: { type: 'json', value: '{oops' } })).toBe('{oops');
    expect(variantValue({ name: 'blue', enabled: true })).toBe('blue');
    expect(variantValue({ name: 'disabled', enabled: false, feature_enabled: false })).toBe('disabled');
  });

  it('makes a variant for an override that reads back as the override', () => {
    for (const value of ['Bold', 12.5, { accent: 'green' }, [1, 2], 'disabled', false]) {
      expect(variantValue(variantFor(value))).toEqual(value === false ? 'disabled' : value);
    }
    expect(variantFor('Bold')).toEqual({ name: 'Bold', enabled: true, feature_enabled: true, payload: { type: 'string', value: 'Bold' } });
  });
});
