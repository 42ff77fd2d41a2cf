import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { LIMITS, PageReportSchema } from '../../lib/detect/observation';
import { readMarkers, type MarkerSnapshot, type MarkerTexts } from '../../lib/detect/content/markers';
import { scanMarkers } from '../../lib/detect/content/scan';
import { MARKER_ROUTES } from '../../demo/markers/routes';
import { HOSTILE_HONEST, HOSTILE_ODD_KEYS } from '../../demo/markers/hostile';
import type { DemoRequest } from '../../demo/routes';

const AT = 1_700_000_000_000;
const texts = (t: Partial<MarkerTexts>): MarkerTexts => ({ metas: [], scripts: [], elements: [], elementsTotal: t.elements?.length ?? 0, ...t });
const read = (t: Partial<MarkerTexts>) => readMarkers(texts(t), AT);
/** flag key → value, for one source. */
const valuesOf = (snapshot: MarkerSnapshot, source: string) =>
  Object.fromEntries(snapshot.observations.filter((o) => o.source === source).map((o) => [o.key, o.value]));

/** Every snapshot must be a report the background accepts. */
function expectValidReport(snapshot: MarkerSnapshot) {
  const parsed = PageReportSchema().safeParse({ kind: 'markers', documentStartedAt: AT, ...snapshot });
  expect(parsed.success, parsed.error?.message).toBe(true);
}

describe('<meta name="feature-flags">', () => {
  it.each([
    ['the wire format', 'hero-banner=%22b%22&new-checkout=true', { 'hero-banner': 'b', 'new-checkout': true }],
    ['a JSON object', '{"max-items": 5, "theme": {"accent": "green"}}', { 'max-items': 5, theme: { accent: 'green' } }],
    ['keys that are on, by comma', 'new-checkout,free-shipping', { 'new-checkout': true, 'free-shipping': true }],
    ['keys that are on, by whitespace', '  new-checkout \n free-shipping ,  dark-mode ', { 'new-checkout': true, 'free-shipping': true, 'dark-mode': true }],
    ['nothing', '   ', {}],
  ])('reads %s', (_, content, expected) => {
    const snapshot = read({ metas: [content] });
    expect(valuesOf(snapshot, 'meta')).toEqual(expected);
    expect(snapshot.notes).toEqual([]);
    expect(snapshot.observations.every((o) => o.at === AT)).toBe(true);
    expectValidReport(snapshot);
  });

  it('merges several metas, a later one winning for the same key', () => {
    expect(valuesOf(read({ metas: ['a,b', '{"b": false, "c": 1}'] }), 'meta')).toEqual({ a: true, b: false, c: 1 });
  });

  it.each([
    ['bad wire format', 'a=1&b', /not valid wire format: entry 2 \("b"\): has no "="/],
    ['bad JSON', '{"a": tru', /is not valid JSON \(/],
    ['a JSON array', '[1, 2]', /holds an array, not an object of flag values/],
  ])('says what is wrong with %s and reads nothing from it', (_, content, note) => {
    const snapshot = read({ metas: [content, 'ok'] });
    expect(valuesOf(snapshot, 'meta')).toEqual({ ok: true });
    expect(snapshot.notes).toEqual([expect.stringMatching(note)]);
  });

  it('skips a meta over 64 KB unread, saying how large it is', () => {
    const snapshot = read({ metas: ['x,'.repeat(1_100_000), 'small'] });
    expect(valuesOf(snapshot, 'meta')).toEqual({ small: true });
    expect(snapshot.notes).toEqual(['<meta name="feature-flags"> is 2.1 MB; Flagtab reads at most 64 KB.']);
  });
});

describe('<script type="application/json" data-flag-values>', () => {
  it('reads a JSON object of values', () => {
    const snapshot = read({ scripts: ['{"new-checkout": true, "hero-banner": "c", "theme": null}'] });
    expect(valuesOf(snapshot, 'script')).toEqual({ 'new-checkout': true, 'hero-banner': 'c', theme: null });
    expectValidReport(snapshot);
  });

  it.each([
    ['encrypted values (a JSON string)', '"aGVsbG8gd29ybGQ.c2lnbmF0dXJl"', /holds encrypted values \(a JSON string\); Flagtab cannot read them/],
    ['bad JSON', '{"a": 1,}', /<script data-flag-values> is not valid JSON \(.+\)/],
    ['a number', '42', /holds a number, not an object/],
    ['null', 'null', /holds null, not an object/],
    ['more than 64 KB', `{"a": "${'x'.repeat(70_000)}"}`, /is 68 KB; Flagtab reads at most 64 KB/],
  ])('notes %s and reads nothing', (_, text, note) => {
    const snapshot = read({ scripts: [text] });
    expect(snapshot.observations).toEqual([]);
    expect(snapshot.notes).toEqual([expect.stringMatching(note)]);
  });
});

describe('data-feature-flag elements', () => {
  it.each([
    ['JSON string', '"b"', 'b'],
    ['JSON boolean', 'true', true],
    ['JSON number', '3', 3],
    ['JSON object', '{"accent":"green"}', { accent: 'green' }],
    ['plain text', 'b', 'b'],
    ['text that is almost JSON', '{oops', '{oops'],
  ])('reads a %s value', (_, raw, value) => {
    const snapshot = read({ elements: [{ key: 'k', value: raw }] });
    expect(snapshot.observations).toEqual([{ key: 'k', source: 'element', value, elements: 1, at: AT }]);
  });

  it('reports a bare marker without a value, and counts elements per key', () => {
    const snapshot = read({ elements: [{ key: 'new-checkout', value: null }, { key: 'new-checkout', value: null }, { key: 'x', value: '1' }] });
    expect(snapshot.observations).toEqual([
      { key: 'new-checkout', source: 'element', elements: 2, at: AT },
      { key: 'x', source: 'element', value: 1, elements: 1, at: AT },
    ]);
  });

  it('keeps the first value when elements of one key disagree, and says so', () => {
    const snapshot = read({ elements: [{ key: 'hero', value: '"a"' }, { key: 'hero', value: '"a"' }, { key: 'hero', value: '"b"' }] });
    expect(snapshot.observations).toEqual([
      { key: 'hero', source: 'element', value: 'a', elements: 3, detail: 'elements disagree: the first says "\\"a\\"", another "\\"b\\""', at: AT },
    ]);
  });

  it('keeps odd keys as they are: commas, semicolons, equals signs, newlines', () => {
    const keys = ['a,b;c=d', 'new\nline', 'tab\t"q"'];
    const snapshot = read({ elements: keys.map((key) => ({ key, value: 'true' })) });
    expect(snapshot.observations.map((o) => o.key)).toEqual(keys);
    expectValidReport(snapshot);
  });
});

describe('caps', () => {
  it('skips keys longer than 256 characters and empty keys, counting them in a note', () => {
    const snapshot = read({ metas: [`{"${'k'.repeat(300)}": 1, "ok": 2}`], elements: [{ key: '', value: null }, { key: 'x'.repeat(257), value: null }] });
    expect(snapshot.observations.map((o) => o.key)).toEqual(['ok']);
    expect(snapshot.notes).toEqual([
      '2 flag keys are longer than 256 characters; Flagtab skipped them.',
      '1 markers have an empty flag key; Flagtab skipped them.',
    ]);
  });

  it('keeps a flag whose value is over 2 KB of JSON, without the value, and notes it', () => {
    const big = 'v'.repeat(10_240);
    const deep = `{"deep": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const snapshot = read({ metas: [`{"big": "${big}"}`, deep], elements: [{ key: 'el', value: JSON.stringify(big) }] });
    expect(snapshot.observations).toEqual([
      { key: 'big', source: 'meta', detail: 'value too large to show', at: AT },
      { key: 'deep', source: 'meta', detail: 'value too large to show', at: AT },
      { key: 'el', source: 'element', detail: 'value too large to show', elements: 1, at: AT },
    ]);
    expect(snapshot.notes).toEqual([
      '<meta name="feature-flags">: the value of "big" is larger than 2 KB as JSON; Flagtab does not show it.',
      '<meta name="feature-flags">: the value of "deep" is larger than 2 KB as JSON; Flagtab does not show it.',
      '[data-feature-flag]: the value of "el" is 10 KB; Flagtab shows values up to 2 KB.',
    ]);
    expectValidReport(snapshot);
  });

  it('reports at most 500 observations, metas first, and says how many the page marks', () => {
    const keys = Array.from({ length: 700 }, (_, i) => `m${i}`);
    const elements = Array.from({ length: 300 }, (_, i) => ({ key: `e${i}`, value: null }));
    const snapshot = read({ metas: [keys.join(',')], elements, elementsTotal: 20_000 });
    expect(snapshot.observations).toHaveLength(LIMITS.reportObservations);
    expect(snapshot.observations.every((o) => o.source === 'meta')).toBe(true);
    expect(snapshot.notes).toEqual([
      '20000 elements carry data-feature-flag; Flagtab looks at the first 300.',
      'The page marks 1000 flags; Flagtab reports the first 500.',
    ]);
    expectValidReport(snapshot);
  });

  it('keeps at most 10 notes of at most 300 characters', () => {
    const metas = Array.from({ length: 15 }, (_, i) => `{"n${i}": ${'x'.repeat(400)}`);
    const snapshot = read({ metas, elements: [{ key: `${'q'.repeat(290)}`, value: null }] });
    expect(snapshot.notes).toHaveLength(LIMITS.notesPerReport);
    expect(snapshot.notes.every((n) => n.length <= LIMITS.noteLength)).toBe(true);
    expectValidReport(snapshot);
  });
});

/** The demo pages, parsed by linkedom and scanned with the content script's own scanner. */
async function scanDemo(path: string, overrides: Record<string, unknown> = {}) {
  const effective = { 'new-checkout': false, 'hero-banner': 'a', 'price-format': 'short', 'max-items': 3, 'theme-config': { accent: 'blue' }, 'free-shipping': true, ...overrides };
  const route = MARKER_ROUTES[path];
  if (!route) throw new Error(`no demo route ${path}`);
  const request = { path, query: new URLSearchParams(), flags: { effective, overrides, errors: [] }, siteOrigin: 'http://shop.localhost:1' } as DemoRequest;
  const { document } = parseHTML(String((await route(request)).body));
  return scanMarkers(document as unknown as Document, AT);
}

describe('the demo pages', () => {
  it('/markers marks the values it used, in all three kinds', async () => {
    const snapshot = await scanDemo('/markers', { 'new-checkout': true, 'hero-banner': 'b' });
    expect(valuesOf(snapshot, 'meta')).toEqual({ 'new-checkout': true, 'hero-banner': 'b', 'price-format': 'short' });
    expect(valuesOf(snapshot, 'script')).toEqual({ 'max-items': 3, 'theme-config': { accent: 'blue' }, 'free-shipping': true });
    expect(valuesOf(snapshot, 'element')).toEqual({ 'hero-banner': 'b', 'max-items': 3, 'free-shipping': true, 'new-checkout': undefined });
    expect(snapshot.notes).toEqual([]);
    expectValidReport(snapshot);
  });

  it('/markers/ignores-overrides marks the defaults whatever the request carried', async () => {
    const snapshot = await scanDemo('/markers/ignores-overrides', { 'new-checkout': true, 'hero-banner': 'b' });
    expect(valuesOf(snapshot, 'meta')).toMatchObject({ 'new-checkout': false, 'hero-banner': 'a' });
    expect(valuesOf(snapshot, 'element')).toMatchObject({ 'hero-banner': 'a' });
  });

  it('/markers/hostile: honest markers still read, every attack capped and noted', async () => {
    const snapshot = await scanDemo('/markers/hostile');
    const { meta, script, element } = HOSTILE_HONEST;
    expect(snapshot.observations.slice(0, 2)).toEqual([
      { key: meta.key, source: 'meta', value: meta.value, at: AT },
      { key: 'deep-meta', source: 'meta', detail: 'value too large to show', at: AT },
    ]);
    expect(valuesOf(snapshot, 'script')).toEqual({ [script.key]: script.value, 'deep-script': undefined });
    const elements = snapshot.observations.filter((o) => o.source === 'element');
    expect(elements[0]).toEqual({ key: element.key, source: 'element', value: element.value, elements: 1, at: AT });
    expect(elements.slice(1, 4).map((o) => o.key)).toEqual(HOSTILE_ODD_KEYS);
    expect(elements[4]).toMatchObject({ key: 'big-value', detail: 'value too large to show' });
    expect(snapshot.observations).toHaveLength(LIMITS.reportObservations);
    expect(snapshot.notes).toEqual(expect.arrayContaining([
      '<meta name="feature-flags"> is 2.0 MB; Flagtab reads at most 64 KB.',
      '<script data-flag-values> is 1.0 MB; Flagtab reads at most 64 KB.',
      expect.stringMatching(/^<script data-flag-values> is not valid JSON/),
      '20007 elements carry data-feature-flag; Flagtab looks at the first 5000.',
      '1 flag keys are longer than 256 characters; Flagtab skipped them.',
      '1 markers have an empty flag key; Flagtab skipped them.',
      'The page marks 5002 flags; Flagtab reports the first 500.',
    ]));
    expectValidReport(snapshot);
  });
});
