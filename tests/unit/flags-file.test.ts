import { describe, expect, it } from 'vitest';
import type { Flag } from '../../lib/flags/flag';
import { MAX_FLAGS_FILE_BYTES, parseFlagsFile } from '../../lib/flags/flags-file';

function parse(doc: unknown) {
  const result = parseFlagsFile(JSON.stringify(doc));
  if (!result.ok) throw new Error(`expected ok, got: ${result.error}`);
  return result;
}
const flagd = (flags: Record<string, unknown>, extra: Record<string, unknown> = {}) => parse({ flags, ...extra });
const only = (result: { flags: Flag[] }) => {
  expect(result.flags).toHaveLength(1);
  return result.flags[0]!;
};

describe('parseFlagsFile: flagd flag definitions', () => {
  it('normalises a typical file', () => {
    const result = flagd(
      {
        'new-checkout': {
          state: 'ENABLED',
          variants: { on: true, off: false },
          defaultVariant: 'off',
          targeting: { if: [{ '===': [{ var: 'email' }, 'qa@example.com'] }, 'on', null] },
          metadata: { description: 'The one-page checkout', tags: 'checkout, q3' },
        },
        'hero-banner': { state: 'ENABLED', variants: { a: 'Spring', b: 'Summer', c: 'Autumn' }, defaultVariant: 'b' },
        'max-items': { state: 'DISABLED', variants: { low: 5, high: 50 }, defaultVariant: 'low' },
        theme: { state: 'ENABLED', variants: { dark: { bg: '#000' }, light: { bg: '#fff' }, none: null }, defaultVariant: 'light' },
      },
      { $schema: 'https://flagd.dev/schema/v0/flags.json', metadata: { flagSetId: 'shop' }, $evaluators: { qa: { in: ['x', 'y'] } } },
    );
    expect(result.warnings).toEqual([]);
    expect(result.flags).toEqual(withNoLinks([
      {
        key: 'new-checkout',
        type: 'boolean',
        variants: [
          { name: 'on', value: true },
          { name: 'off', value: false },
        ],
        defaultValue: false,
        enabled: true,
        description: 'The one-page checkout',
        tags: ['checkout', 'q3'],
      },
      {
        key: 'hero-banner',
        type: 'string',
        variants: [
          { name: 'a', value: 'Spring' },
          { name: 'b', value: 'Summer' },
          { name: 'c', value: 'Autumn' },
        ],
        defaultValue: 'Summer',
        enabled: true,
        tags: [],
      },
      {
        key: 'max-items',
        type: 'number',
        variants: [
          { name: 'low', value: 5 },
          { name: 'high', value: 50 },
        ],
        defaultValue: 5,
        enabled: false,
        tags: [],
      },
      {
        key: 'theme',
        type: 'json',
        variants: [
          { name: 'dark', value: { bg: '#000' } },
          { name: 'light', value: { bg: '#fff' } },
          { name: 'none', value: null },
        ],
        defaultValue: { bg: '#fff' },
        enabled: true,
        tags: [],
      },
    ]));
  });

  it('reads tags given as a list of strings', () => {
    const flag = only(flagd({ f: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on', metadata: { tags: ['a', 'b'] } } }));
    expect(flag.tags).toEqual(['a', 'b']);
  });

  it('keeps other scalar metadata, where a flag\'s ticket is often written', () => {
    const flag = only(flagd({ f: { state: 'ENABLED', variants: { on: true }, metadata: { description: 'd', tags: 'x', ticket: 'SHOP-142', rollout: 50, list: ['no'] } } }));
    expect(flag.metadata).toEqual({ ticket: 'SHOP-142', rollout: 50 });
  });

  it('ignores metadata it cannot use', () => {
    const flag = only(flagd({ f: { state: 'ENABLED', variants: { on: true }, metadata: { description: 42, tags: [1, 2] } } }));
    expect(flag.description).toBeUndefined();
    expect(flag.tags).toEqual([]);
  });

  it('keeps a flag without defaultVariant (or null): the code default applies', () => {
    const missing = only(flagd({ f: { state: 'ENABLED', variants: { a: 'x', b: 'y' } } }));
    expect(missing).toMatchObject({ key: 'f', type: 'string', enabled: true });
    expect(missing).not.toHaveProperty('defaultValue');
    const nulled = only(flagd({ f: { state: 'ENABLED', variants: { a: 'x' }, defaultVariant: null } }));
    expect(nulled).not.toHaveProperty('defaultValue');
  });

  it('treats a flag without variants as boolean, as flagd\'s schema does', () => {
    expect(only(flagd({ f: { state: 'ENABLED', defaultVariant: 'true' } }))).toMatchObject({
      type: 'boolean',
      variants: [
        { name: 'true', value: true },
        { name: 'false', value: false },
      ],
      defaultValue: true,
    });
  });

  it('skips a flag whose defaultVariant is not a variant, naming the path, and keeps the rest', () => {
    const result = flagd({
      ok: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' },
      'hero-banner': { state: 'ENABLED', variants: { a: 1, b: 2, c: 3 }, defaultVariant: 'z' },
    });
    expect(result.flags.map((f) => f.key)).toEqual(['ok']);
    expect(result.warnings).toEqual([
      'flags["hero-banner"].defaultVariant: "z" is not one of its variants (a, b, c); skipped this flag (the other flags are loaded)',
    ]);
  });

  it('does not find inherited properties as variants', () => {
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      const result = flagd({ f: { state: 'ENABLED', variants: { on: true }, defaultVariant: name } });
      expect(result.flags, name).toEqual([]);
      expect(result.warnings[0]).toContain('is not one of its variants (on)');
    }
  });

  it('skips flags with the wrong types, saying what was expected', () => {
    const result = flagd({
      'no-state': { variants: { on: true }, defaultVariant: 'on' },
      'bad-state': { state: 'ON', variants: { on: true } },
      'list-variants': { state: 'ENABLED', variants: [true, false] },
      'empty-variants': { state: 'ENABLED', variants: {} },
      'number-default': { state: 'ENABLED', variants: { on: true }, defaultVariant: 1 },
      'not-an-object': 'ENABLED',
    });
    expect(result.flags).toEqual([]);
    expect(result.warnings).toEqual([
      expect.stringMatching(/^flags\["no-state"\]\.state: must be "ENABLED" or "DISABLED" \(got nothing\); skipped this flag/),
      expect.stringMatching(/^flags\["bad-state"\]\.state: must be "ENABLED" or "DISABLED" \(got "ON"\)/),
      expect.stringMatching(/^flags\["list-variants"\]\.variants: must be an object mapping each variant's name to its value/),
      expect.stringMatching(/^flags\["empty-variants"\]\.variants: lists no variants/),
      expect.stringMatching(/^flags\["number-default"\]\.defaultVariant: must be the name of one of its variants/),
      expect.stringMatching(/^flags\["not-an-object"\]: must be an object with "state"/),
    ]);
  });

  it('reads flagd\'s list form of "flags", where each flag carries its key', () => {
    const result = parse({
      flags: [
        { key: 'a', state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' },
        { state: 'ENABLED', variants: { on: true } },
        { key: 'a', state: 'DISABLED' },
      ],
    });
    expect(result.flags.map((f) => f.key)).toEqual(['a']);
    expect(result.warnings).toEqual([
      expect.stringMatching(/^flags\[1\]\.key: must be the flag's key, a string \(got nothing\)/),
      'flags[2]: duplicate key "a" (first at flags[0]); kept the first and skipped this one',
    ]);
  });

  it('refuses a "flags" that is neither an object nor a list', () => {
    expect(parseFlagsFile('{"flags": "all"}')).toEqual({ ok: false, error: expect.stringMatching(/^flags: must be an object mapping each flag key/) });
  });
});

describe('parseFlagsFile: plain list', () => {
  it('reads keys as boolean flags and objects with variants', () => {
    const result = parse([
      'new-checkout',
      { key: 'theme', variants: ['light', 'dark'], default: 'light', description: 'Colours', tags: ['ui'], name: 'Theme' },
      { key: 'limit', variants: { few: 3, many: 30 }, default: 3 },
      { key: 'mixed', variants: [1, 'one', { n: 1 }] },
      { key: 'free-text', type: 'string' },
      { key: 'greeting', default: 'hello' },
      { key: 'bare' },
    ]);
    expect(result.warnings).toEqual([]);
    expect(result.flags).toEqual(withNoLinks([
      { key: 'new-checkout', type: 'boolean', variants: [{ name: 'true', value: true }, { name: 'false', value: false }], tags: [] },
      {
        key: 'theme',
        name: 'Theme',
        type: 'string',
        variants: [
          { name: 'light', value: 'light' },
          { name: 'dark', value: 'dark' },
        ],
        defaultValue: 'light',
        description: 'Colours',
        tags: ['ui'],
      },
      {
        key: 'limit',
        type: 'number',
        variants: [
          { name: 'few', value: 3 },
          { name: 'many', value: 30 },
        ],
        defaultValue: 3,
        tags: [],
      },
      {
        key: 'mixed',
        type: 'json',
        variants: [
          { name: '1', value: 1 },
          { name: 'one', value: 'one' },
          { name: '{"n":1}', value: { n: 1 } },
        ],
        tags: [],
      },
      { key: 'free-text', type: 'string', variants: [], tags: [] },
      { key: 'greeting', type: 'string', variants: [], defaultValue: 'hello', tags: [] },
      { key: 'bare', type: 'boolean', variants: [{ name: 'true', value: true }, { name: 'false', value: false }], tags: [] },
    ]));
  });

  it('warns about duplicate keys and keeps the first', () => {
    const result = parse(['a', { key: 'a', variants: ['x'] }, 'b']);
    expect(result.flags.map((f) => [f.key, f.type])).toEqual([
      ['a', 'boolean'],
      ['b', 'boolean'],
    ]);
    expect(result.warnings).toEqual(['[1]: duplicate key "a" (first at [0]); kept the first and skipped this one']);
  });

  it('skips items with the wrong types, naming the path', () => {
    const result = parse([
      42,
      null,
      { name: 'no key' },
      { key: 'typo', type: 'bool' },
      { key: 'mismatch', type: 'boolean', variants: [true, 'yes'] },
      { key: 'bad-default', variants: { a: 1 }, default: 'one' },
      { key: 'bad-description', description: ['x'] },
      { key: 'bad-tags', tags: 'ui' },
      { key: 'bad-variants', variants: 'a,b' },
      'fine',
    ]);
    expect(result.flags.map((f) => f.key)).toEqual(['fine']);
    expect(result.warnings).toEqual([
      expect.stringMatching(/^\[0\]: must be a flag key \(a string\) or an object with a "key" \(got 42\); skipped this flag/),
      expect.stringMatching(/^\[1\]: must be a flag key .*\(got null\)/),
      expect.stringMatching(/^\[2\]\.key: must be a string \(got nothing\)/),
      expect.stringMatching(/^\[3\]\.type: must be one of boolean, string, number, json \(got "bool"\)/),
      expect.stringMatching(/^\[4\]\.variants\[1\]: "yes" is not a boolean, but the flag's type is "boolean"/),
      expect.stringMatching(/^\[5\]\.default: "one" is not a number/),
      expect.stringMatching(/^\[6\]\.description: must be a string \(got a list\)/),
      expect.stringMatching(/^\[7\]\.tags: must be a list of strings/),
      expect.stringMatching(/^\[8\]\.variants: must be a list of values/),
    ]);
  });

  it('says when the list is empty', () => {
    expect(parse([])).toEqual({ ok: true, flags: [], warnings: ['the file lists no flags'] });
  });
});

describe('parseFlagsFile: bad and hostile input', () => {
  it('explains malformed JSON', () => {
    const result = parseFlagsFile('{"flags": {"a": ');
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^not valid JSON: .+ — check that this is a flags file/) });
  });

  it('explains the two accepted shapes when it is neither', () => {
    for (const text of ['{}', '"flags"', '42', 'null', '{"features": []}']) {
      const result = parseFlagsFile(text);
      expect(result.ok, text).toBe(false);
      if (!result.ok) {
        expect(result.error).toContain('flagd flag definitions');
        expect(result.error).toContain('a JSON list of flags');
      }
    }
  });

  it('accepts a 1 MB description', () => {
    const description = 'x'.repeat(1024 * 1024);
    const flag = only(parse([{ key: 'big', description }]));
    expect(flag.description).toHaveLength(1024 * 1024);
  });

  it('refuses files over 5 MB, counting UTF-8 bytes', () => {
    const ascii = parseFlagsFile(`["${'a'.repeat(MAX_FLAGS_FILE_BYTES)}"]`);
    expect(ascii).toEqual({ ok: false, error: expect.stringMatching(/^the flags file is 5 MB; Flagtab reads flags files up to 5 MB/) });
    // 2 million "é" are 4 MB in UTF-8: fine. 3 million are 6 MB: too big, though only 3 million characters.
    expect(parseFlagsFile(JSON.stringify([{ key: 'k', description: 'é'.repeat(2_000_000) }])).ok).toBe(true);
    expect(parseFlagsFile(JSON.stringify([{ key: 'k', description: 'é'.repeat(3_000_000) }]))).toEqual({
      ok: false,
      error: expect.stringContaining('the flags file is 5.7 MB'),
    });
  });

  it('allows keys with separators and newlines (the wire format encodes them)', () => {
    const keys = ['a,b', 'c;d', 'e=f', 'line\nbreak', 'quote"s', ' spaced ', 'ünïcødé', '🚩'];
    expect(parse(keys).flags.map((f) => f.key)).toEqual(keys);
    expect(flagd(Object.fromEntries(keys.map((k) => [k, { state: 'ENABLED' }]))).flags.map((f) => f.key)).toEqual(keys);
  });

  it('skips empty keys and keys over 256 characters, without echoing the whole key', () => {
    const long = 'k'.repeat(257);
    const result = parse(['', long, 'k'.repeat(256)]);
    expect(result.flags.map((f) => f.key.length)).toEqual([256]);
    expect(result.warnings).toEqual([
      '[0]: the flag key is empty; skipped this flag (the other flags are loaded)',
      '[1]: the flag key is 257 characters long; keys can be at most 256; skipped this flag (the other flags are loaded)',
    ]);
    const fromFlagd = flagd({ '': { state: 'ENABLED' }, [long]: { state: 'ENABLED' } });
    expect(fromFlagd.flags).toEqual([]);
    expect(fromFlagd.warnings[1]!.length).toBeLessThan(200);
    expect(fromFlagd.warnings[1]).toMatch(/^flags\["k{60}…"\]: the flag key is 257 characters long/);
  });

  it('treats __proto__ and other prototype names as plain keys and values', () => {
    const text =
      '{"flags": {"__proto__": {"state": "ENABLED", "variants": {"__proto__": {"polluted": true}, "b": {}}, "defaultVariant": "__proto__"},' +
      ' "constructor": {"state": "ENABLED"}}}';
    const result = parseFlagsFile(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.flags.map((f) => f.key)).toEqual(['__proto__', 'constructor']);
    expect(result.flags[0]!.variants.map((v) => v.name)).toEqual(['__proto__', 'b']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('skips a value JSON cannot carry, such as 1e999', () => {
    const result = parseFlagsFile('{"flags": {"huge": {"state": "ENABLED", "variants": {"big": 1e999, "small": 1}}, "ok": {"state": "ENABLED"}}}');
    expect(result.ok && result.flags.map((f) => f.key)).toEqual(['ok']);
    expect(result.ok && result.warnings[0]).toMatch(/^flags\["huge"\]\.variants\["big"\]: holds a number too large for JSON/);
  });

  it('handles deeply nested values without overflowing the stack', () => {
    const depth = 50_000;
    const text = `[{"key": "deep", "variants": [${'['.repeat(depth)}${']'.repeat(depth)}]}]`;
    const result = parseFlagsFile(text);
    expect(result).toEqual({
      ok: true,
      flags: [],
      warnings: [expect.stringMatching(/^\[0\]\.variants\[0\]: nests lists or objects more than 64 levels deep/)],
    });
    const fine = parseFlagsFile(`[{"key": "nested", "variants": [${'['.repeat(64)}${']'.repeat(64)}]}]`);
    expect(fine.ok && fine.flags[0]?.type).toBe('json');
  });

  it('accepts a byte-order mark', () => {
    expect(parseFlagsFile('\uFEFF["a"]')).toMatchObject({ ok: true, flags: [{ key: 'a' }] });
  });
});

/** A flags file carries no links or tickets of its own; the parser fills both in empty. */
function withNoLinks(flags: object[]): object[] {
  return flags.map((flag) => ({ tickets: [], links: [], ...flag }));
}
