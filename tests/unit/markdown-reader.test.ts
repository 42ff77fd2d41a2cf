import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../lib/markdown/parse';
import { codeTexts } from '../../lib/markdown/tree';
import { markdownAdf } from '../../lib/trackers/jira-cloud/adf';
import { markdownWiki } from '../../lib/trackers/jira-dc/wiki';
import { adfErrors } from '../../demo/jira/adf-schema';

describe('the Markdown reader (one tree for every tracker)', () => {
  it.each([
    ['**Works**\n- checkout', [
      { kind: 'paragraph', content: [{ kind: 'strong', children: [{ kind: 'text', text: 'Works' }] }] },
      { kind: 'list', ordered: false, start: 1, items: [[{ kind: 'paragraph', content: [{ kind: 'text', text: 'checkout' }] }]] },
    ]],
    // html is off: a tag is text, for every writer.
    ['<b>x</b>', [{ kind: 'paragraph', content: [{ kind: 'text', text: '<b>x</b>' }] }]],
    // markdown-it refuses javascript: links; other schemes keep their words and where they pointed.
    ['[a](javascript:alert(1))', [{ kind: 'paragraph', content: [{ kind: 'text', text: '[a](javascript:alert(1))' }] }]],
    ['[a](ftp://x.example/f)', [{ kind: 'paragraph', content: [{ kind: 'text', text: 'a (ftp://x.example/f)' }] }]],
    // A bare address with a scheme is a link; a fuzzy one is not.
    ['see https://a.example/x. or www.example.com', [{ kind: 'paragraph', content: [
      { kind: 'text', text: 'see ' }, { kind: 'link', href: 'https://a.example/x', children: [{ kind: 'text', text: 'https://a.example/x' }] }, { kind: 'text', text: '. or www.example.com' },
    ] }]],
    ['![shot](https://x.example/p.png)', [{ kind: 'paragraph', content: [{ kind: 'link', href: 'https://x.example/p.png', children: [{ kind: 'text', text: 'shot' }] }] }]],
    ['| a | b |\n| - | - |\n| `c` | ~~d~~ |', [{ kind: 'table', header: [[{ kind: 'text', text: 'a' }], [{ kind: 'text', text: 'b' }]], rows: [[[{ kind: 'code', text: 'c' }], [{ kind: 'strike', children: [{ kind: 'text', text: 'd' }] }]]] }]],
    ['> - a\n>   - b\n\n    code', [
      { kind: 'quote', blocks: [{ kind: 'list', ordered: false, start: 1, items: [[
        { kind: 'paragraph', content: [{ kind: 'text', text: 'a' }] },
        { kind: 'list', ordered: false, start: 1, items: [[{ kind: 'paragraph', content: [{ kind: 'text', text: 'b' }] }]] },
      ]] }] },
      { kind: 'code', fenced: false, language: '', text: 'code' },
    ]],
  ])('%j', (markdown, tree) => {
    expect(parseMarkdown(markdown)).toEqual(tree);
  });

  it('reads link references whatever their labels (kept in a map without a prototype)', () => {
    const tree = parseMarkdown('[constructor]: https://y.example/\n\n[constructor] [toString] [hasOwnProperty]');
    expect(tree).toEqual([{ kind: 'paragraph', content: [
      { kind: 'link', href: 'https://y.example/', children: [{ kind: 'text', text: 'constructor' }] }, { kind: 'text', text: ' [toString] [hasOwnProperty]' },
    ] }]);
  });

  it('codeTexts lists code spans and code blocks in order', () => {
    expect(codeTexts(parseMarkdown('`a` and\n\n```js\nb\n```\n- `c`'))).toEqual([{ text: 'a', block: false }, { text: 'b', block: true }, { text: 'c', block: false }]);
  });
});

/** Notes that nest what Jira's formats do not: lists in quotes, quotes in lists, tables, rules and headings inside. */
const NESTED = [
  '- a\n  - b\n  1. c\n- > # q\n  > ---\n  > ```\n  > x\n  > ```',
  '> - x\n> > y\n> # h\n> ---\n> | t | u |\n> | - | - |\n> | 1 | 2 |',
  '| h | i |\n| - | - |\n| `c` | **d** [e](https://e.example) |',
  '- - deep\n-\n\n3. three\n\ntext\n\n    indented {code}',
].join('\n\n');

describe('writers of nested notes', () => {
  it('ADF: valid against @atlaskit/adf-schema', () => {
    const content = markdownAdf(NESTED);
    expect(adfErrors({ version: 1, type: 'doc', content })).toEqual([]);
    expect(content.map((node) => node.type)).toEqual(['bulletList', 'blockquote', 'table', 'bulletList', 'orderedList', 'paragraph', 'codeBlock']);
  });

  it('wiki markup: nested lists as longer prefixes, the rest run on in the item or the quote', () => {
    expect(markdownWiki(NESTED)).toEqual([
      '* a\n** b\n*# c\n* q \\\\ {{x}}',
      // {quote} does not nest, and a wiki table's pipes would be markup: rows stay lines of text.
      '{quote}\n* x\n\ny\n\nh4. h\n\n----\n\nt \\| u\n1 \\| 2\n{quote}',
      'h \\| i\n{{c}} \\| *d* [e|https://e.example]',
      '* \n** deep\n* ',
      '# three',
      'text',
      // Only a fence is verbatim {code}; indented code is escaped monospace, as code that could close {code} is.
      '{{indented &#123;code&#125;}}',
    ]);
  });
});
