import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../lib/json';
import {
  cookiePair,
  decodeBase64Url,
  decodeCookieValue,
  decodeOverrides,
  DEFAULT_COOKIE_NAME,
  DEFAULT_HEADER_NAME,
  encodeBase64Url,
  encodeCookieValue,
  encodeOverrides,
  fitsOnTheWire,
  MAX_DECODE_LENGTH,
  MAX_ENCODED_LENGTH,
  parseCookieHeader,
  readOverridesFromRequest,
  validateOverrides,
  WIRE_FORMAT_VERSION,
  WireError,
  type Overrides,
} from '../../lib/wire';

/** What the wire promises to give back: the values as JSON sees them (-0 becomes 0). */
const viaJson = (values: Overrides): Overrides => JSON.parse(JSON.stringify(values)) as Overrides;

/** Decodes a payload the way a server with no Flagtab code would. */
function decodeWithUrlSearchParams(payload: string): Overrides {
  const values: Overrides = {};
  for (const [key, json] of new URLSearchParams(payload)) {
    Object.defineProperty(values, key, { value: JSON.parse(json), enumerable: true, writable: true, configurable: true });
  }
  return values;
}

const PAYLOAD_CHARACTERS = /^[A-Za-z0-9\-_.!~*'()%=&]*$/;
const COOKIE_CHARACTERS = /^[A-Za-z0-9_-]*$/;

describe('constants', () => {
  it('names the defaults and the version', () => {
    expect(DEFAULT_HEADER_NAME).toBe('X-Feature-Flags');
    expect(DEFAULT_COOKIE_NAME).toBe('flagtab');
    expect(WIRE_FORMAT_VERSION).toBe(1);
    expect(MAX_ENCODED_LENGTH).toBe(4096);
    expect(MAX_DECODE_LENGTH).toBe(4 * 4096);
  });
});

describe('encodeOverrides', () => {
  it('encodes the documented example, sorted by key', () => {
    expect(encodeOverrides({ 'new-checkout': true, 'hero-banner': 'b' })).toBe('hero-banner=%22b%22&new-checkout=true');
  });

  it('gives exactly the worked examples in docs/wire-format.md', () => {
    const simple = { 'new-checkout': true, 'hero-banner': 'b' };
    expect(encodeCookieValue(simple)).toBe('aGVyby1iYW5uZXI9JTIyYiUyMiZuZXctY2hlY2tvdXQ9dHJ1ZQ');
    const hostileExample = { 'a,b;c=d\r\nX-Evil: 1': { variant: 'b', weights: [50, 50] }, 'price-test': 9.99, café: null };
    expect(encodeOverrides(hostileExample)).toBe(
      'a%2Cb%3Bc%3Dd%0D%0AX-Evil%3A%201=%7B%22variant%22%3A%22b%22%2C%22weights%22%3A%5B50%2C50%5D%7D&caf%C3%A9=null&price-test=9.99',
    );
    expect(encodeCookieValue(hostileExample)).toBe(
      'YSUyQ2IlM0JjJTNEZCUwRCUwQVgtRXZpbCUzQSUyMDE9JTdCJTIydmFyaWFudCUyMiUzQSUyMmIlMjIlMkMlMjJ3ZWlnaHRzJTIyJTNBJTVCNTAlMkM1MCU1RCU3RCZjYWYlQzMlQTk9bnVsbCZwcmljZS10ZXN0PTkuOTk',
    );
  });

  it('encodes nothing as the empty string, and the empty string decodes to nothing', () => {
    expect(encodeOverrides({})).toBe('');
    expect(encodeCookieValue({})).toBe('');
    expect(decodeOverrides('')).toEqual({ ok: true, values: {} });
    expect(decodeCookieValue('')).toEqual({ ok: true, values: {} });
  });

  it('gives identical text for identical overrides in any insertion order', () => {
    expect(encodeOverrides({ b: 1, a: 2, c: 3 })).toBe(encodeOverrides({ c: 3, a: 2, b: 1 }));
  });

  it('sorts by encoded key, not by whole entry ("a" before "a-b" although "-" < "=")', () => {
    expect(encodeOverrides({ 'a-b': 2, a: 1 })).toBe('a=1&a-b=2');
  });

  it('turns -0 into 0, as JSON does', () => {
    expect(encodeOverrides({ zero: -0 })).toBe('zero=0');
    const decoded = decodeOverrides('zero=0');
    expect(decoded.ok && Object.is(decoded.values.zero, 0)).toBe(true);
  });
});

const hostile: Array<[string, string, JsonValue]> = [
  ['comma', 'a,b', 'x,y'],
  ['semicolon', 'a;b', 'x;y'],
  ['equals', 'a=b', 'x=y'],
  ['ampersand', 'a&b', 'x&y'],
  ['percent', '100%', '%41%zz'],
  ['plus', 'a+b', 'x + y'],
  ['double quote', 'say "hi"', '"quoted"'],
  ['single quote', "it's", "'"],
  ['CR', 'a\rb', 'x\ry'],
  ['LF', 'a\nb', 'x\ny'],
  ['header injection', 'a\r\nX-Other: evil', 'v\r\nX-Other: evil\r\n\r\n'],
  ['the spec example', 'a,b;c=d\r\nX-Evil: 1', { variant: 'b', weights: [1, 2] }],
  ['NUL', 'a\0b', '\0'],
  ['accents', 'café', 'é'],
  ['CJK', '日本', '日本語'],
  ['emoji (surrogate pairs)', '🚩flag', '👩🏽‍💻🏳️‍🌈'],
  ['spaces and tabs', ' padded\t', ' \t '],
  ['object', 'obj', { a: 1, b: { c: [true, null, 'x'] } }],
  ['array', 'arr', [1, 'two', [3], { four: 4 }]],
  ['empty object and array', 'empties', { o: {}, a: [] }],
  ['negative number', 'neg', -42.5],
  ['exponent', 'exp', 1e21],
  ['tiny', 'tiny', 5e-324],
  ['zero', 'zero', 0],
  ['false', 'off', false],
  ['null', 'nothing', null],
  ['empty string value', 'blank', ''],
  ['long value', 'long', 'x'.repeat(3000)],
  ['long key', 'k'.repeat(500), 1],
  ['__proto__ key', '__proto__', { polluted: true }],
  ['constructor key', 'constructor', { prototype: { polluted: true } }],
  ['__proto__ inside a value', 'nested', JSON.parse('{"__proto__": {"polluted": true}}') as JsonValue],
];

describe('hostile keys and values', () => {
  it.each(hostile)('%s survives the header, the cookie and URLSearchParams', (_name, key, value) => {
    const values: Overrides = Object.fromEntries([[key, value]]);
    const payload = encodeOverrides(values);
    expect(payload).toMatch(PAYLOAD_CHARACTERS);
    expect(decodeOverrides(payload)).toEqual({ ok: true, values });
    expect(decodeWithUrlSearchParams(payload)).toEqual(values);

    const cookie = encodeCookieValue(values);
    expect(cookie).toMatch(COOKIE_CHARACTERS);
    expect(decodeCookieValue(cookie)).toEqual({ ok: true, values });
  });

  it('keeps every hostile entry apart when they travel together', () => {
    const values: Overrides = Object.fromEntries(hostile.map(([, key, value]) => [key, value]));
    expect(decodeOverrides(encodeOverrides(values))).toEqual({ ok: true, values });
  });

  it('makes __proto__ and constructor ordinary entries and pollutes nothing', () => {
    const decoded = decodeOverrides('__proto__=%7B%22polluted%22%3Atrue%7D&constructor=1');
    if (!decoded.ok) throw new Error(decoded.error);
    expect(Object.keys(decoded.values)).toEqual(['__proto__', 'constructor']);
    expect(decoded.values['__proto__']).toEqual({ polluted: true });
    expect(Object.getPrototypeOf(decoded.values)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('gives undefined, not an inherited method, for absent flags named like Object members', () => {
    const decoded = decodeOverrides('a=1');
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.values['toString']).toBeUndefined();
    expect(decoded.values['constructor']).toBeUndefined();
  });
});

describe('validateOverrides and WireError', () => {
  const lone = '\uD800';
  it.each<[string, Overrides, string, RegExp]>([
    ['empty key', { '': 1 }, '', /flag key "" is empty/],
    ['lone surrogate in a key', { [`a${lone}`]: 1 }, `a${lone}`, /lone surrogate U\+D800/],
    ['lone low surrogate in a value', { a: 'x\uDC00' }, 'a', /value contains a lone surrogate U\+DC00/],
    ['lone surrogate in a nested key', { a: { [lone]: 1 } }, 'a', /value has a key that contains a lone surrogate/],
    ['NaN', { a: [1, Number.NaN] }, 'a', /value\[1\] is NaN/],
    ['Infinity', { a: { b: Infinity } }, 'a', /value\.b is Infinity/],
    ['NaN under an odd key', { a: { 'x\r\ny': Number.NaN } }, 'a', /value\["x\\r\\ny"\] is NaN/],
    ['undefined', { a: undefined as unknown as JsonValue }, 'a', /value is undefined/],
    ['a Date', { a: new Date(0) as unknown as JsonValue }, 'a', /value is a Date/],
  ])('rejects %s, naming the key', (_name, values, key, message) => {
    const result = validateOverrides(values);
    expect(result).toMatchObject({ ok: false, key });
    expect(!result.ok && result.error).toMatch(message);
    expect(() => encodeOverrides(values)).toThrow(WireError);
    expect(() => encodeCookieValue(values)).toThrow(message);
    try {
      encodeOverrides(values);
    } catch (error) {
      expect(error).toMatchObject({ name: 'WireError', key });
    }
  });

  it('rejects a value that contains itself', () => {
    const a: { self?: unknown } = {};
    a.self = a;
    expect(validateOverrides({ a: a as JsonValue })).toMatchObject({ ok: false, error: expect.stringMatching(/contains itself/) });
  });

  it('accepts well-formed surrogate pairs', () => {
    expect(validateOverrides({ '🚩': '🏳️‍🌈' })).toEqual({ ok: true });
  });
});

describe('fitsOnTheWire', () => {
  it('reports the longest length when everything fits', () => {
    expect(fitsOnTheWire({ 'new-checkout': true })).toEqual({ ok: true, length: encodeCookieValue({ 'new-checkout': true }).length });
    expect(fitsOnTheWire({ 'new-checkout': true }, ['header'])).toEqual({ ok: true, length: 'new-checkout=true'.length });
  });

  it('refuses a header over the limit, saying by how much', () => {
    expect(fitsOnTheWire({ big: 'x'.repeat(5000) }, ['header'])).toMatchObject({
      ok: false, reason: 'too-long', transport: 'header', length: 5010, max: MAX_ENCODED_LENGTH,
    });
  });

  it('catches the cookie growing past the limit when the header still fits', () => {
    const values = { big: 'x'.repeat(3500) };
    expect(fitsOnTheWire(values, ['header']).ok).toBe(true);
    expect(fitsOnTheWire(values)).toMatchObject({ ok: false, reason: 'too-long', transport: 'cookie' });
  });

  it('reports invalid values instead of throwing', () => {
    expect(fitsOnTheWire({ '': 1 })).toMatchObject({ ok: false, reason: 'invalid', key: '' });
  });
});

describe('decoding errors are values with a helpful message', () => {
  it.each<[string, string, RegExp]>([
    ['entry without "="', 'a=1&b', /^entry 2 \("b"\): has no "="/],
    ['empty key', '=1', /^entry 1: the key is empty/],
    ['empty entry', 'a=1&&b=2', /^entry 2 is empty/],
    ['trailing "&"', 'a=1&', /^entry 2 is empty/],
    ['two "="', 'a=1=2', /^entry 1 \("a=1=2"\): has more than one "="/],
    ['invalid JSON', 'a=1&abc=nope', /^entry 2 \("abc"\): value is not valid JSON/],
    ['empty value', 'a=', /^entry 1 \("a"\): value is empty/],
    ['malformed escape in key', '%zz=1', /^entry 1 \("%zz"\): key has a malformed percent-escape "%zz"/],
    ['truncated escape in value', 'a=%2', /^entry 1 \("a"\): value has a malformed percent-escape "%2"/],
    ['escape that is not UTF-8', 'a=%22%C3%22', /value is not valid UTF-8/],
    ['encoded surrogate half', '%ED%A0%80=1', /key is not valid UTF-8/],
    ['duplicate key', 'a=1&b=2&a=3', /^entry 3 \("a"\): duplicate key; entry 1 has it too/],
    ['duplicate key spelled differently', 'a=1&%61=2', /duplicate key/],
    ['space', 'a=1 ', /character 4 is U\+0020.*sent twice/],
    ['joined header', 'a=1, b=2', /character 4 is ",".*sent twice and joined/],
    ['plus', 'a=%22x+y%22', /"\+".*a space is %20/],
    ['raw quote', 'a="x"', /character 3 is """/],
    ['CR LF', 'a=1\r\nX-Evil: 1', /character 4 is U\+000D/],
    ['NUL', 'a=\u00001', /U\+0000/],
    ['non-ASCII', 'a=%22é%22', /U\+00E9/],
    ['number out of range', 'a=1e999', /value is Infinity/],
    ['JSON lone surrogate', 'a=%22%5Cud800%22', /value contains a lone surrogate U\+D800/],
    ['too long', `a=${'1'.repeat(MAX_DECODE_LENGTH)}`, /the limit is 16384/],
  ])('%s', (_name, text, message) => {
    const result = decodeOverrides(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });

  it.each<[string, string, RegExp]>([
    ['padding', 'YT0x=', /v1 sends no "=" padding/],
    ['standard base64', 'YT0+', /standard base64/],
    ['percent-encoded', 'YT0x%3D', /character 5 is "%"/],
    ['impossible length', 'YT0xY', /5 characters long/],
    ['non-zero trailing bits', 'YT1', /non-zero padding bits/],
    ['control byte', encodeBase64Url(new Uint8Array([0x61, 0x0a])), /byte 0x0a at offset 1/],
    ['non-ASCII byte', encodeBase64Url(new TextEncoder().encode('a=é')), /byte 0xc3/],
    ['bad payload inside', encodeBase64Url(new TextEncoder().encode('a=nope')), /^decoded payload: entry 1 \("a"\): value is not valid JSON/],
    ['too long', 'A'.repeat(MAX_DECODE_LENGTH + 4), /the limit is 16384/],
  ])('cookie: %s', (_name, text, message) => {
    const result = decodeCookieValue(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });

  it('never throws, whatever the text', () => {
    const payloadish = fc.string({ unit: fc.constantFrom(...'aZ09-_.!~*\'()%=&"+ ,;\r\n\\{}[]:é\uD800'.split('')), maxLength: 40 });
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary' }), payloadish), (text) => {
      expect(typeof decodeOverrides(text).ok).toBe('boolean');
      expect(typeof decodeCookieValue(text).ok).toBe('boolean');
    }), { numRuns: 2000 });
  });

  it('handles the deepest nesting that fits in the input limit', () => {
    const depth = Math.floor((MAX_DECODE_LENGTH - 2) / 6);
    expect(decodeOverrides(`a=${'%5B'.repeat(depth)}${'%5D'.repeat(depth)}`).ok).toBe(true);
  });

  it('never throws on non-string input from untyped callers', () => {
    expect(decodeOverrides(undefined as unknown as string)).toMatchObject({ ok: false });
    expect(decodeCookieValue(42 as unknown as string)).toMatchObject({ ok: false });
  });
});

describe('decoding what other encoders produce', () => {
  it('accepts any entry order, lowercase hex and escapes we would not use', () => {
    // e.g. Python's urllib.parse.quote(s, safe="") escapes ! ' ( ) * too.
    expect(decodeOverrides('b=%22%21%27%28%29%2a%7e%22&a=true')).toEqual({ ok: true, values: { a: true, b: "!'()*~" } });
  });
});

describe('base64url', () => {
  it('matches Node\'s own base64url and decodes back', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const text = encodeBase64Url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(decodeBase64Url(text)).toEqual({ ok: true, bytes });
    }));
  });
});

describe('round trips (property)', () => {
  // fast-check's JsonValue has readonly arrays; ours does not, and nothing here mutates.
  const asOverrides = (arb: fc.Arbitrary<Record<string, fc.JsonValue>>) => arb as unknown as fc.Arbitrary<Overrides>;
  const wellFormed = asOverrides(fc.dictionary(
    fc.string({ unit: 'grapheme', minLength: 1 }),
    fc.jsonValue({ stringUnit: 'grapheme' }),
  ));
  // Single UTF-16 code units, so lone surrogate halves appear; fast-check's 'binary' unit never
  // produces them (it yields whole code points).
  const codeUnit = fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  );
  const anyUnits = asOverrides(fc.dictionary(fc.string({ unit: codeUnit, minLength: 1 }), fc.jsonValue({ stringUnit: codeUnit })));
  // Not JSON.stringify(v).isWellFormed(): JSON.stringify escapes lone surrogates, hiding them.
  const isWellFormed = (value: unknown): boolean =>
    typeof value === 'string' ? value.isWellFormed()
    : typeof value === 'object' && value !== null ? Object.entries(value).every(([k, v]) => k.isWellFormed() && isWellFormed(v))
    : true;

  it('decodeOverrides(encodeOverrides(v)) equals v, and so does URLSearchParams', () => {
    fc.assert(fc.property(fc.oneof(wellFormed, anyUnits.filter(isWellFormed)), (values) => {
      const payload = encodeOverrides(values);
      fc.pre(payload.length <= MAX_DECODE_LENGTH);
      expect(decodeOverrides(payload)).toEqual({ ok: true, values: viaJson(values) });
      expect(decodeWithUrlSearchParams(payload)).toEqual(viaJson(values));
    }));
  });

  it('decodeCookieValue(encodeCookieValue(v)) equals v', () => {
    fc.assert(fc.property(wellFormed, (values) => {
      const payload = encodeOverrides(values);
      fc.pre(payload.length <= MAX_DECODE_LENGTH);
      expect(decodeCookieValue(encodeCookieValue(values))).toEqual({ ok: true, values: viaJson(values) });
    }));
  });

  it('either round-trips or throws a WireError naming a key, never anything else', () => {
    fc.assert(fc.property(anyUnits, (values) => {
      if (isWellFormed(values)) {
        expect(validateOverrides(values)).toEqual({ ok: true });
        return;
      }
      const result = validateOverrides(values);
      expect(result.ok).toBe(false);
      expect(Object.keys(values)).toContain(!result.ok && result.key);
      expect(() => encodeOverrides(values)).toThrow(WireError);
    }));
  });

  it('rejects any key or value holding a lone surrogate', () => {
    const ascii = fc.string({ unit: 'grapheme-ascii' });
    const lone = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
    const broken = fc.tuple(ascii, lone, ascii).map(([a, b, c]) => `${a}${b}${c}`);
    fc.assert(fc.property(broken, fc.boolean(), (text, inKey) => {
      const values: Overrides = inKey ? { [text]: 1 } : { flag: { nested: [text] } };
      expect(() => encodeOverrides(values)).toThrow(WireError);
      expect(validateOverrides(values)).toMatchObject({ ok: false, key: inKey ? text : 'flag' });
    }));
  });

  it('header text is printable ASCII with no CR, LF, NUL, comma, semicolon, space or quote', () => {
    fc.assert(fc.property(fc.oneof(wellFormed, anyUnits.filter(isWellFormed)), (values) => {
      const payload = encodeOverrides(values);
      expect(payload).toMatch(/^[\x21-\x7e]*$/);
      expect(payload).not.toMatch(/[\r\n\0,; "+]/);
      expect(payload).toMatch(PAYLOAD_CHARACTERS);
    }));
  });

  it('cookie value uses only base64url characters', () => {
    fc.assert(fc.property(wellFormed, (values) => {
      expect(encodeCookieValue(values)).toMatch(COOKIE_CHARACTERS);
    }));
  });
});

describe('cookiePair and parseCookieHeader', () => {
  it('makes a name=value pair that parseCookieHeader reads back', () => {
    const pair = cookiePair('flagtab', { 'new-checkout': true });
    expect(pair).toBe('flagtab=bmV3LWNoZWNrb3V0PXRydWU');
    expect(parseCookieHeader(`a=1; ${pair}`)).toEqual([['a', '1'], ['flagtab', 'bmV3LWNoZWNrb3V0PXRydWU']]);
  });

  it('trims, keeps duplicates, skips pairs without "=", unquotes', () => {
    expect(parseCookieHeader(' a = 1 ;b=x=y;; junk ;a=2; q="v"')).toEqual([['a', '1'], ['b', 'x=y'], ['a', '2'], ['q', 'v']]);
  });
});

describe('readOverridesFromRequest', () => {
  const header = encodeOverrides({ shared: 'from-header', onlyHeader: 1 });
  const cookie = encodeCookieValue({ shared: 'from-cookie', onlyCookie: 2 });
  const merged = { shared: 'from-header', onlyHeader: 1, onlyCookie: 2 };

  it('reads Node headers, header winning over cookie per key', () => {
    const headers: IncomingHttpHeaders = { 'x-feature-flags': header, cookie: `session=abc; flagtab=${cookie}; theme=dark` };
    const result = readOverridesFromRequest(headers);
    expect(result.values).toEqual(merged);
    expect(result.errors).toEqual([]);
    expect(result.header).toMatchObject({ ok: true });
    expect(result.cookie).toMatchObject({ ok: true });
  });

  it('reads a fetch Headers object, with the cookie split over several Cookie headers', () => {
    const headers = new Headers([['X-Feature-Flags', header], ['Cookie', 'session=abc'], ['Cookie', `flagtab=${cookie}`]]);
    expect(readOverridesFromRequest(headers)).toMatchObject({ values: merged, errors: [] });
  });

  it('reads a Cookie header given as an array and header names in any case', () => {
    const headers = { 'X-FEATURE-FLAGS': header, cookie: ['session=abc', `flagtab=${cookie}`] };
    expect(readOverridesFromRequest(headers)).toMatchObject({ values: merged, errors: [] });
  });

  it('returns {} and no results when neither is present', () => {
    const result = readOverridesFromRequest({ cookie: 'session=abc' });
    expect(result).toEqual({ values: {}, errors: [] });
    expect(readOverridesFromRequest(new Headers())).toEqual({ values: {}, errors: [] });
  });

  it('honours custom names and ignores the defaults then', () => {
    const headers = { 'x-flags': header, cookie: `flagtab=${cookie}; ff=${encodeCookieValue({ onlyCookie: 3 })}` };
    const result = readOverridesFromRequest(headers, { headerName: 'X-Flags', cookieName: 'ff' });
    expect(result.values).toEqual({ shared: 'from-header', onlyHeader: 1, onlyCookie: 3 });
  });

  it('keeps the good source when the other is malformed, and says which one failed', () => {
    const result = readOverridesFromRequest({ 'x-feature-flags': 'a=1&b', cookie: `flagtab=${cookie}` });
    expect(result.values).toEqual({ shared: 'from-cookie', onlyCookie: 2 });
    expect(result.header).toMatchObject({ ok: false });
    expect(result.errors).toEqual(['header X-Feature-Flags: entry 2 ("b"): has no "="; every entry is key=value']);
  });

  it('reports a header sent twice', () => {
    const joined = readOverridesFromRequest(new Headers([['x-feature-flags', 'a=1'], ['x-feature-flags', 'b=2']]));
    expect(joined.errors[0]).toMatch(/sent twice and joined/);
    const array = readOverridesFromRequest({ 'x-feature-flags': ['a=1', 'b=2'] });
    expect(array.errors).toEqual(['header X-Feature-Flags: sent 2 times; send it once']);
  });

  it('uses the first of several flagtab cookies and warns when they differ', () => {
    const other = encodeCookieValue({ stale: true });
    const result = readOverridesFromRequest({ cookie: `flagtab=${cookie}; flagtab=${other}` });
    expect(result.values).toEqual({ shared: 'from-cookie', onlyCookie: 2 });
    expect(result.errors[0]).toMatch(/sent 2 times with different values; used the first/);
  });

  it('trims whitespace around the header value, as HTTP does', () => {
    expect(readOverridesFromRequest({ 'x-feature-flags': ' a=1\t' }).values).toEqual({ a: 1 });
  });
});

describe('architecture', () => {
  it('lib/wire imports nothing but itself and lib/json-value, so browsers and servers share it', () => {
    // lib/json-value.ts is the zod-free JsonValue type; v2 (lib/wire/v2/) may use lib/wire's own files.
    const allowed = { '': /^(\.\/[a-z0-9-]+|\.\/v2|\.\.\/json-value)$/, 'v2/': /^(\.\/[a-z0-9-]+|\.\.\/[a-z0-9]+)$/ } as const;
    for (const sub of ['', 'v2/'] as const) {
      const dir = new URL(`../../lib/wire/${sub}`, import.meta.url);
      for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
        const source = readFileSync(new URL(file, dir), 'utf8');
        const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
        for (const target of imports) expect(target, `${sub}${file} imports ${target}`).toMatch(allowed[sub]);
        expect(source, file).not.toMatch(/\b(chrome|browser|process|Buffer|require)\s*[.(]/);
      }
    }
  });
});
