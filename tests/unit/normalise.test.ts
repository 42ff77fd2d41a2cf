import { describe, expect, it } from 'vitest';
import type { FlagInput } from '../../lib/flags/flag';
import { finishFlags, LIMITS } from '../../lib/providers/normalise';

const flag = (key: string, extra: Partial<FlagInput> = {}): FlagInput => ({ key, type: 'boolean', variants: [], tags: [], ...extra });
const keys = (result: { flags: { key: string }[] }) => result.flags.map((f) => f.key);

describe('finishFlags: the last step of every provider', () => {
  it('keeps good flags as they are, with tickets found', () => {
    const result = finishFlags([flag('new-checkout', { description: 'For SHOP-142', tags: ['checkout'] })]);
    expect(result).toEqual({
      flags: [{ key: 'new-checkout', type: 'boolean', variants: [], tags: ['checkout'], description: 'For SHOP-142', tickets: ['SHOP-142'], links: [] }],
      warnings: [],
    });
  });

  it('uses the site\'s ticket pattern and keeps tickets the adapter already knew', () => {
    const result = finishFlags([flag('a', { description: 'story 42', tickets: ['PAY-1'] })], { ticketPattern: String.raw`story \d+` });
    expect(result.flags[0]?.tickets).toEqual(['PAY-1', 'story 42']);
  });

  it('shortens a 1 MB description, with a warning', () => {
    const result = finishFlags([flag('big', { description: 'x'.repeat(1024 * 1024) })]);
    expect(result.flags[0]?.description).toHaveLength(LIMITS.descriptionChars + 1);
    expect(result.flags[0]?.description?.endsWith('…')).toBe(true);
    expect(result.warnings).toEqual(['Shortened the description of "big" (1048576 characters).']);
  });

  it('trims long names, too many tags and links, and too many variants', () => {
    const variants = Array.from({ length: 150 }, (_, i) => ({ name: `v${i}`, value: i }));
    const [finished] = finishFlags([
      flag('busy', {
        type: 'number',
        name: 'n'.repeat(1000),
        tags: Array.from({ length: 80 }, (_, i) => `${i}-${'t'.repeat(200)}`),
        links: Array.from({ length: 30 }, (_, i) => ({ url: `https://example.com/${i}` })),
        variants,
      }),
    ]).flags;
    expect(finished?.name).toHaveLength(LIMITS.nameChars + 1);
    expect(finished?.tags).toHaveLength(LIMITS.tags);
    expect(finished?.tags.every((t) => t.length <= LIMITS.tagChars)).toBe(true);
    expect(finished?.links).toHaveLength(LIMITS.links);
    expect(finished?.variants).toEqual(variants.slice(0, LIMITS.variants));
  });

  it('keeps the first of two flags with the same key', () => {
    const result = finishFlags([flag('dup', { name: 'first' }), flag('dup', { name: 'second' }), flag('other')]);
    expect(result.flags.map((f) => [f.key, f.name])).toEqual([['dup', 'first'], ['other', undefined]]);
    expect(result.warnings).toEqual(['Skipped a second flag with key "dup".']);
  });

  it('skips a flag with an over-long key or none', () => {
    const long = 'k'.repeat(LIMITS.keyChars + 1);
    const result = finishFlags([flag(long), flag(''), { ...flag('x'), key: undefined } as unknown as FlagInput, flag('fine')]);
    expect(keys(result)).toEqual(['fine']);
    expect(result.warnings).toEqual([
      `Skipped flag "${'k'.repeat(80)}"…: its key is longer than ${LIMITS.keyChars} characters.`,
      'Skipped a flag with no key.',
      'Skipped a flag with no key.',
    ]);
  });

  it('keeps a key with separators and a newline as it is (the wire format encodes it)', () => {
    expect(keys(finishFlags([flag('a,b;c=d\ne')]))).toEqual(['a,b;c=d\ne']);
  });

  it.each([
    ['a type no popup control exists for', { type: 'date' }, /^Skipped flag "bad": type /],
    ['variants that are not a list', { variants: 'on,off' }, /^Skipped flag "bad": variants /],
    ['a variant with no name', { variants: [{ value: true }] }, /^Skipped flag "bad": variants\.0\.name /],
    ['a value that is not JSON', { defaultValue: Number.NaN }, /^Skipped flag "bad": defaultValue /],
    ['tags that are not strings', { tags: [1, 2] }, /^Skipped flag "bad": tags\.0 /],
    ['metadata that is nested', { metadata: { owner: { team: 'pay' } } }, /^Skipped flag "bad": metadata\.owner /],
    ['a description that is not text', { description: { html: '<b>x</b>' } }, /^Skipped flag "bad": description /],
  ])('skips a flag with %s, naming the flag', (_what, wrong, warning) => {
    const result = finishFlags([flag('good'), { ...flag('bad'), ...wrong } as unknown as FlagInput]);
    expect(keys(result)).toEqual(['good']);
    expect(result.warnings).toEqual([expect.stringMatching(warning)]);
  });

  it('a skipped flag does not claim its key: a later good flag with that key is kept', () => {
    const result = finishFlags([{ ...flag('k'), type: 'date' } as unknown as FlagInput, flag('k', { name: 'good' })]);
    expect(result.flags.map((f) => f.name)).toEqual(['good']);
  });

  it(`keeps the first ${LIMITS.flags} of 20,001 flags, with a warning`, () => {
    const inputs = Array.from({ length: LIMITS.flags + 1 }, (_, i) => flag(`flag-${i}`));
    const result = finishFlags(inputs);
    expect(result.flags).toHaveLength(LIMITS.flags);
    expect(result.flags.at(-1)?.key).toBe(`flag-${LIMITS.flags - 1}`);
    expect(result.warnings).toEqual([`The provider listed 20001 flags; Flagtab shows the first ${LIMITS.flags}.`]);
  });
});
