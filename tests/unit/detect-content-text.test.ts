import { describe, expect, it } from 'vitest';
import { labelText } from '../../lib/detect/content/outline';
import { checkJson, formatSize } from '../../lib/detect/content/text';

describe('checkJson', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];

  it.each([
    ['true', true, { ok: true, value: true, length: 4 }],
    ['null', null, { ok: true, value: null, length: 4 }],
    ['a number', -1.5, { ok: true, value: -1.5, length: 4 }],
    ['an escaped string', 'a"\n', { ok: true, value: 'a"\n', length: 7 }],
    ['an object', { a: [1, 'x'], b: {} }, { ok: true, value: { a: [1, 'x'], b: {} }, length: 20 }],
    ['a null-prototype object', Object.assign(Object.create(null), { k: 1 }), { ok: true, value: { k: 1 }, length: 7 }],
    ['exactly the limit', 'x'.repeat(18), { ok: true, value: 'x'.repeat(18), length: 20 }],
  ])('accepts %s with its JSON length', (_, value, expected) => {
    expect(checkJson(value, 20)).toEqual(expected);
    if (expected.ok) expect(JSON.stringify(value).length).toBe(expected.length);
  });

  it.each([
    ['one character over', 'x'.repeat(19), 'too-large'],
    ['a long array', Array.from({ length: 100 }, () => 1), 'too-large'],
    ['a cyclic object (the budget runs out)', cyclic, 'too-large'],
    ['100,000 nested arrays, without overflowing the stack', deep, 'too-large'],
    ['NaN', Number.NaN, 'not-json'],
    ['undefined', undefined, 'not-json'],
    ['a Date', new Date(0), 'not-json'],
    ['a Map', new Map(), 'not-json'],
    ['a function', () => 1, 'not-json'],
    ['an array with a hole', [1, , 2], 'not-json'],
    ['an object holding undefined', { a: undefined }, 'not-json'],
    ['a bigint', 1n, 'not-json'],
  ])('refuses %s', (_, value, reason) => {
    expect(checkJson(value, 20)).toEqual({ ok: false, reason });
  });
});

describe('labelText', () => {
  const el = (key: string | null, value: string | null) => ({
    getAttribute: (name: string) => (name === 'data-feature-flag' ? key : name === 'data-feature-flag-value' ? value : null),
  });
  it.each([
    ['hero-banner', '"b"', 'hero-banner = "b"'],
    ['max-items', ' 3 ', 'max-items = 3'],
    ['theme', '{ "accent": "green" }', 'theme = {"accent":"green"}'],
    ['plain', 'b', 'plain = "b"'],
    ['new-checkout', null, 'new-checkout'],
    ['new\nline', 'true', '"new\\nline" = true'],
    ['', null, '""'],
    ['k'.repeat(100), null, `${'k'.repeat(59)}…`],
    ['big', `"${'v'.repeat(10_000)}"`, `big = "${'v'.repeat(58)}…`],
  ])('labels key %j', (key, value, expected) => {
    expect(labelText(el(key, value))).toBe(expected);
  });
});

it('formatSize names sizes the way notes do', () => {
  expect([formatSize(12), formatSize(10_240), formatSize(64 * 1024), formatSize(2.1 * 1024 * 1024)]).toEqual(['12 characters', '10 KB', '64 KB', '2.1 MB']);
});
