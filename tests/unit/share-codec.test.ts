import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readShareLink, shareUrl } from '../../lib/share/codec';
import { MAX_FLAGS, MAX_PAYLOAD_CHARS, type ShareLink } from '../../lib/share/limits';
import { encodeBase64Url } from '../../lib/wire/base64url';
import { dictFrom } from '../../lib/dict';

const PAGE = 'https://shop.example.com/checkout?step=2';
const fragmentOf = (json: unknown) => `${PAGE}#flagtab=${encodeBase64Url(new TextEncoder().encode(typeof json === 'string' ? json : JSON.stringify(json)))}`;
const link = (extra: Partial<ShareLink> = {}): ShareLink => ({ v: 1, site: 'shop', values: { 'new-checkout': true, 'hero-banner': 'b' }, ...extra });
const made = (l: ShareLink, page = PAGE) => {
  const result = shareUrl(page, l);
  if (!result.ok) throw new Error(result.reason);
  return result.url;
};

describe('share links: encoding', () => {
  it('round-trips a link with a name, keeping the page and replacing its fragment', () => {
    const url = made(link({ name: 'New checkout, banner B' }), `${PAGE}#reviews`);
    expect(url.startsWith(`${PAGE}#flagtab=`)).toBe(true);
    const read = readShareLink(url);
    expect(read.kind).toBe('link');
    if (read.kind !== 'link') return;
    expect(read.link).toEqual({ v: 1, site: 'shop', name: 'New checkout, banner B', values: { 'new-checkout': true, 'hero-banner': 'b' } });
    expect(read.fragment).toBe(url.slice(url.indexOf('#') + 1));
  });

  it('refuses to make what a receiver would refuse, saying why', () => {
    expect(shareUrl(PAGE, link({ values: {} }))).toEqual({ ok: false, reason: expect.stringContaining('no overrides') });
    const many = dictFrom(Array.from({ length: MAX_FLAGS + 1 }, (_, i) => [`f${i}`, true] as const));
    expect(shareUrl(PAGE, link({ values: many }))).toEqual({ ok: false, reason: expect.stringContaining(`at most ${MAX_FLAGS}`) });
    expect(shareUrl(PAGE, link({ name: 'a\u202Eb' }))).toEqual({ ok: false, reason: expect.stringContaining('plain punctuation') });
  });

  it('says nothing of an address without a share fragment', () => {
    for (const url of [PAGE, `${PAGE}#`, `${PAGE}#reviews`, `${PAGE}#x&flagtab=abc`, undefined, 42]) expect(readShareLink(url)).toEqual({ kind: 'none' });
  });
});

describe('share links: hostile and broken input', () => {
  const invalid = (url: string) => {
    const read = readShareLink(url);
    expect(read.kind, url.slice(0, 120)).toBe('invalid');
    return read.kind === 'invalid' ? read.reason : '';
  };

  it.each([
    ['not base64url', `${PAGE}#flagtab=%%%`, 'base64url'],
    ['not JSON', fragmentOf('{nope'), 'JSON'],
    ['another version', fragmentOf({ v: 2, site: 'shop', values: { a: 1 } }), 'version 2'],
    ['extra fields (a token)', fragmentOf({ v: 1, site: 'shop', values: { a: 1 }, token: 'secret' }), 'token'],
    ['no flags', fragmentOf({ v: 1, site: 'shop', values: {} }), '1 to'],
    ['a bad site id', fragmentOf({ v: 1, site: '../Shop', values: { a: 1 } }), 'site'],
    ['a name with a bidi override', fragmentOf({ v: 1, site: 'shop', name: 'ok\u202Egnp.exe', values: { a: 1 } }), 'punctuation'],
    ['a name with a newline', fragmentOf({ v: 1, site: 'shop', name: 'a\nb', values: { a: 1 } }), 'punctuation'],
    ['a long name', fragmentOf({ v: 1, site: 'shop', name: 'x'.repeat(81), values: { a: 1 } }), 'name'],
    ['a huge value', fragmentOf({ v: 1, site: 'shop', values: { a: 'x'.repeat(2_000) } }), 'longer than'],
    ['deep nesting', fragmentOf(`{"v":1,"site":"shop","values":{"a":${'['.repeat(2_000)}${']'.repeat(2_000)}}}`), 'nest'],
    ['oversized', `${PAGE}#flagtab=${'A'.repeat(MAX_PAYLOAD_CHARS + 4)}`, 'limit'],
    ['invalid UTF-8', `${PAGE}#flagtab=${encodeBase64Url(new Uint8Array([0xff, 0xfe, 0x7b]))}`, 'UTF-8'],
  ])('refuses %s', (_, url, words) => {
    expect(invalid(url)).toContain(words);
  });

  it('keeps hostile flag keys as own data of a null-prototype record', () => {
    const read = readShareLink(fragmentOf('{"v":1,"site":"shop","values":{"__proto__":{"polluted":true},"constructor":1}}'));
    expect(read.kind).toBe('link');
    if (read.kind !== 'link') return;
    expect(Object.getPrototypeOf(read.link.values)).toBeNull();
    expect(Object.keys(read.link.values)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws, whatever the fragment (property)', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.base64String(), fc.json().map((j) => fragmentOf(j)), fc.uint8Array().map((b) => `${PAGE}#flagtab=${encodeBase64Url(b)}`)), (text) => {
      const url = text.startsWith('http') ? text : `${PAGE}#flagtab=${text}`;
      expect(['none', 'invalid', 'link']).toContain(readShareLink(url).kind);
    }), { numRuns: 500 });
  });

  it('reads back every link it makes (property)', () => {
    const key = fc.string({ minLength: 1, maxLength: 40 });
    const value = fc.oneof(fc.boolean(), fc.integer(), fc.string({ maxLength: 50 }), fc.constant(null), fc.array(fc.integer(), { maxLength: 5 }));
    fc.assert(fc.property(fc.uniqueArray(fc.tuple(key, value), { minLength: 1, maxLength: 20, selector: ([k]) => k }), ([...entries]) => {
      const values = dictFrom(entries);
      const read = readShareLink(made({ v: 1, site: 'shop', values }));
      expect(read.kind).toBe('link');
      if (read.kind === 'link') expect({ ...read.link.values }).toEqual({ ...values });
    }), { numRuns: 200 });
  });
});
