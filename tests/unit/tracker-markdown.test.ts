import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { commentParts } from '../../lib/signoff/format';
import type { SignOff } from '../../lib/signoff/signoff';
import { markdownComment, neutraliseHtml } from '../../lib/trackers/markdown';

// CommonMark + GFM tables, with raw HTML let through as GitHub and GitLab do (before their
// sanitisers): so any HTML the comment carries shows up as an html token here.
const md = new MarkdownIt({ html: true, linkify: true });

const MARKER = 'flagtab-sign-off:so-abcdefghijklmnopqrst';
/** Our own HTML: the marker's comment and the small visible line. */
const OURS = [`<!-- ${MARKER} -->\n`, '<sub>', '</sub>'];

function signOff(extra: Partial<SignOff> = {}, evidence: Partial<SignOff['evidence']> = {}): SignOff {
  return {
    id: 'so-abcdefghijklmnopqrst', siteId: 'shop', ticket: 'acme/shop#12', verdict: 'passed',
    notes: 'Checked the **new checkout** on mobile.\nAll good.', createdAt: Date.UTC(2025, 10, 21, 9),
    evidence: {
      url: 'https://shop.example/checkout?step=2', site: { id: 'shop', name: 'Acme shop' }, environment: 'production',
      overrides: { 'new-checkout': true, 'hero-banner': 'summer' },
      activeFlags: [{ key: 'new-checkout', value: true, source: 'server echo header' }, { key: 'beta', source: 'OpenFeature SDK' }],
      browser: 'Chrome 142.0.7444.59', flagtabVersion: '0.1.0', who: 'po@acme.example', at: Date.UTC(2025, 10, 21, 10), ...evidence,
    },
    ...extra,
  };
}

/** Every html token markdown-it found, block and inline. */
function htmlTokens(markdown: string): string[] {
  const found: string[] = [];
  const walk = (tokens: ReturnType<typeof md.parse>) => {
    for (const t of tokens) {
      if (t.type === 'html_block' || t.type === 'html_inline') found.push(t.content);
      if (t.children) walk(t.children);
    }
  };
  walk(md.parse(markdown, {}));
  return found;
}

function render(markdown: string) {
  return parseHTML(`<!doctype html><html><body>${md.render(markdown)}</body></html>`).document;
}

/** What a code span shows for `text`: line breaks become ↵. */
const shown = (text: string) => text.replace(/\r\n|\r|\n/g, '↵');

describe('Markdown sign-off comment', () => {
  it('lays out the title, notes, evidence table, overrides, active flags and the marker', () => {
    const parts = commentParts(signOff());
    const markdown = markdownComment(parts);
    const doc = render(markdown);

    expect(doc.querySelector('h3')!.textContent).toBe('QA sign-off: Passed');
    expect(doc.querySelector('blockquote strong')!.textContent).toBe('new checkout');
    const rows = [...doc.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toEqual([
      ['URL', 'https://shop.example/checkout?step=2'], ['Site', 'Acme shop'], ['Environment', 'production'],
      ['Browser', 'Chrome 142.0.7444.59'], ['Flagtab', '0.1.0'], ['Signed off by', 'po@acme.example'], ['When', '2025-11-21T10:00:00.000Z'],
    ]);
    expect(doc.querySelector('tbody a')!.getAttribute('href')).toBe('https://shop.example/checkout?step=2');
    const lists = [...doc.querySelectorAll('ul')].map((ul) => [...ul.querySelectorAll('li')].map((li) => li.textContent));
    expect(lists).toEqual([
      ['new-checkout = true', 'hero-banner = "summer"'],
      ['new-checkout = true (server echo header)', 'beta = (value not reported) (OpenFeature SDK)'],
    ]);
    // The marker twice: in an HTML comment (the raw body findExisting searches) and visibly.
    expect(markdown).toContain(`<!-- ${MARKER} -->`);
    expect(doc.querySelector('sub')!.textContent).toContain(MARKER);
    expect(htmlTokens(markdown)).toEqual(OURS);
  });

  it('shows the screenshot line it is given, and leaves out empty notes and lists', () => {
    const parts = commentParts(signOff({ notes: '  ' }, { overrides: {}, activeFlags: [], environment: undefined, who: undefined }));
    const doc = render(markdownComment(parts, { screenshot: '![flagtab-so-x](/uploads/0123/flagtab-so-x.png)' }));
    expect(doc.querySelector('img')!.getAttribute('src')).toBe('/uploads/0123/flagtab-so-x.png');
    expect(doc.querySelector('blockquote')).toBeNull();
    expect(doc.querySelectorAll('ul')).toHaveLength(0);
    expect([...doc.querySelectorAll('tbody td:first-child')].map((td) => td.textContent)).toEqual(['URL', 'Site', 'Browser', 'Flagtab', 'When']);
  });

  it('contains notes that would otherwise swallow what follows: an unclosed fence, an HTML comment, a table row', () => {
    for (const notes of ['```js\nconst a = 1;', '<!-- hide the rest', '| a | b |\n| - | - |\n| c', '<div>\n\nraw', '> nested\nlazy']) {
      const markdown = markdownComment(commentParts(signOff({ notes })));
      const doc = render(markdown);
      expect(doc.querySelectorAll('table').length, notes).toBeGreaterThanOrEqual(1);
      expect(doc.querySelector('body > table tbody td')!.textContent, notes).toBe('URL');
      expect(doc.querySelector('sub')!.textContent, notes).toContain(MARKER);
      expect(htmlTokens(markdown), notes).toEqual(OURS);
    }
  });

  it('never lets odd flag keys, values, sources or notes break the layout or inject HTML', () => {
    const piece = fc.constantFrom('|', '`', '``', '```', '\\', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<!--', '-->',
      '\n', '\r\n', '\r', ',', ';', '=', '🚩', '👩🏽‍💻', ' ', '*', '_', '[', '](javascript:alert(1))', '@octocat', '#12', '&amp;', '&lt;b&gt;', '---', '# ', '- ', '> ', 'a', 'key');
    const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
    const flag = fc.record({ key: text, value: fc.option(fc.oneof(text, fc.boolean(), fc.integer()), { nil: undefined }), source: text });
    fc.assert(
      fc.property(fc.array(flag, { maxLength: 4 }), fc.array(fc.tuple(text, text), { maxLength: 4 }), text, text, text, (flags, overrides, notes, site, urlTail) => {
        const s = signOff({ notes }, {
          url: `https://shop.example/${urlTail}`, site: { id: 'shop', name: site },
          overrides: Object.fromEntries(overrides), activeFlags: flags,
        });
        const parts = commentParts(s);
        const markdown = markdownComment(parts);
        expect(htmlTokens(markdown)).toEqual(OURS);

        const doc = render(markdown);
        expect(doc.querySelector('h3')!.textContent).toBe('QA sign-off: Passed');
        const evidence = doc.querySelector('body > table')!;
        const rows = [...evidence.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
        expect(rows).toEqual(parts.evidence.map(([label, value]) => [label, shown(value)]));
        // Values are code (and the URL a link around code): no mention, link or markup from them.
        for (const td of evidence.querySelectorAll('tbody td:last-child')) {
          expect([...td.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()).filter((t) => t !== 'code' && t !== 'a')).toEqual([]);
        }
        const lists = [...doc.querySelectorAll('body > ul')].map((ul) => [...ul.querySelectorAll(':scope > li')].map((li) => li.textContent));
        expect(lists).toEqual([parts.overrides, parts.activeFlags].filter((l) => l.length).map((l) => l.map((item) => shown(item) || '(empty)')));
        expect(doc.querySelector('body > p:last-child sub')!.textContent).toContain(MARKER);
      }),
      { numRuns: 400 },
    );
  });
});

describe('neutraliseHtml (the notes)', () => {
  it.each([
    ['<b>bold</b> and <script>x</script>', '&lt;b>bold&lt;/b> and &lt;script>x&lt;/script>'],
    ['a < b, <3 and a<->b stay', 'a < b, <3 and a<->b stay'],
    ['`<Banner>` is the component', '`<Banner>` is the component'],
    ['```html\n<div>\n```\n<div>', '```html\n<div>\n```\n&lt;div>'],
    ['\\<b> is escaped, \\\\<b> is not', '&lt;b> is escaped, \\\\&lt;b> is not'],
    ['<https://example.com> and <!-- c -->', '&lt;https://example.com> and &lt;!-- c -->'],
    // A backtick run that does not close on its line may close on another: the paragraph is escaped throughout.
    ['` open\n` <b> `', '` open\n` &lt;b> `'],
    // Read by a real CommonMark parser, both are whole code spans: `<` stays as typed in them.
    ['`<i>` and [`<a href="`">` `', '`<i>` and [`<a href="`">` `'],
    ['` open\n\n` <b> `', '` open\n\n` <b> `'],
    // GFM splits table cells before code spans, but a line is a table row only under a header
    // and a delimiter row: alone, this is one code span.
    ['`a | <b> | c`', '`a | <b> | c`'],
    ['| a | b |\n| - | - |\n| `x | <b> | c` |', '| a | b |\n| - | - |\n| `x | &lt;b> | c` |'],
    // A `<` that starts a line would open an HTML block before the span could close: escaped.
    ['x `a\n<div>` y', 'x `a\n&lt;div>` y'],
    ['`a <div>\nb`', '`a <div>\nb`'],
    // An indented fence may belong to a list item that ends early: not trusted.
    ['- a\n  ```\n- <b>', '- a\n  ```\n- &lt;b>'],
    // " ```" opens a fence for the renderer, so the next "```" closes it: after a fence line not
    // trusted, no later line is taken as code (found by the property below).
    [' ```\n```\n\n<?x', ' ```\n```\n\n&lt;?x'],
  ])('%j', (input, output) => {
    expect(neutraliseHtml(input)).toBe(output);
  });

  it('leaves no raw HTML in any notes, whatever backticks, fences, pipes and escapes they mix', () => {
    const piece = fc.constantFrom('`', '``', '```', '~~~', '\\', '|', ':-', '<b>', '</b>', '<!--', '<?x', '<a href="`">', ' ', '\n', '\n\n', '- ', '> ', '    ',
      'x', '<', '&', '[', '](', 'https://a.b', 'x@y.z');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((p) => p.join('')), (notes) => {
        expect(htmlTokens(neutraliseHtml(notes))).toEqual([]);
      }),
      { numRuns: 20_000 },
    );
  });
});
