import type { CommentParts } from '../../signoff/format';
import { cleanText, parseMarkdown, safeHref } from '../../markdown/parse';
import type { Block, Inline } from '../../markdown/tree';

/**
 * A sign-off in Jira wiki markup, the comment body of Jira Data Center's REST API v2
 * (https://jira.atlassian.com/secure/WikiRendererHelpAction.jspa?section=all). The notes'
 * Markdown becomes the matching markup; every character the person typed, and every flag key
 * and value, is escaped so it can never become markup itself: no macro, link, table cell,
 * mention, image or emoticon can be injected by the text.
 */

/**
 * The characters Jira's renderer takes a backslash escape for (atlassian-renderer's
 * BackslashEscapeRendererComponent: ! [ ] ^ ~ + ? % ( ) * _ - | @).
 */
const BACKSLASHED = /[!\[\]^~+?%()*_\-|@]/g;

/**
 * Text that renders as itself. Braces become entities rather than backslash escapes, since
 * `\}` would still close a `{{monospace}}` span around it; a backslash becomes an entity
 * because `\\` is a forced line break; `#` and "h1." / "bq." at the start of a line would
 * start a list, a heading or a quote, and backslashes do not escape them.
 *
 * @example escapeWiki('{code}[x|y]') === '&#123;code&#125;\\[x\\|y\\]'
 */
export function escapeWiki(text: string): string {
  return cleanText(text)
    .replace(/&/g, '&amp;')
    .replace(/\\/g, '&#92;')
    .replace(/[{}]/g, (brace) => (brace === '{' ? '&#123;' : '&#125;'))
    .replace(BACKSLASHED, '\\$&')
    .replace(/^([ \t]*)#/gm, '$1&#35;')
    .replace(/^([ \t]*)(h[1-6]|bq)\./gim, '$1$2&#46;');
}

/** Escaped text that must stay on one line (a table cell, a list item): newlines as forced breaks. */
function oneLine(text: string): string {
  return escapeWiki(text).replace(/\n/g, ' \\\\ ');
}

/**
 * @example signOffWiki(commentParts(signOff), 'flagtab-so-….png').startsWith('h3. QA sign\\-off: Passed')
 */
export function signOffWiki(parts: CommentParts, screenshotFilename?: string, galleryFilenames: string[] = []): string {
  const blocks = [`h3. ${oneLine(parts.title)}`];
  if (parts.notes) blocks.push(...markdownWiki(parts.notes));
  // The file name is Flagtab's own (flagtab-so-….png), so it needs no escaping inside !…!.
  if (screenshotFilename) blocks.push(`Screenshot: !${screenshotFilename}|thumbnail!`);
  blocks.push(['h4. Evidence', ...parts.evidence.map(([label, value]) => `||${oneLine(label)}|${evidenceValue(label, value)}|`)].join('\n'));
  blocks.push(['h4. Overrides', ...codeList(parts.overrides, 'No overrides in the tab.')].join('\n'));
  blocks.push(['h4. Flags active on the page', ...codeList(parts.activeFlags, 'The page reported no flags.')].join('\n'));
  if (parts.combinations.length) blocks.push(['h4. Combinations', ...codeList(parts.combinations, '')].join('\n'));
  // Flagtab's own file names again (flagtab-so-…-step-1.png): nothing to escape inside !…!.
  if (galleryFilenames.length) blocks.push(['Gallery (attached to this issue):', ...galleryFilenames.map((name) => `!${name}|thumbnail!`)].join('\n'));
  // Verbatim, so findExisting finds it in the stored body; its characters need no escaping.
  blocks.push(parts.marker);
  return blocks.join('\n\n');
}

function evidenceValue(label: string, value: string): string {
  // [url] shows the address itself, so it is never escaped text the renderer would have to undo.
  if (label === 'URL' && safeHref(value)) return `[${linkTarget(value)}]`;
  return oneLine(value) || ' ';
}

function codeList(items: string[], none: string): string[] {
  return items.length ? items.map((item) => `* {{${oneLine(item)}}}`) : [`_${escapeWiki(none)}_`];
}

/** The tester's Markdown notes as wiki blocks; her headings sit below the verdict's (h4 and smaller). */
export function markdownWiki(markdown: string): string[] {
  return parseMarkdown(cleanText(markdown)).map(blockWiki);
}

function blockWiki(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return inlineWiki(block.content, '\n');
    case 'heading':
      return `h${Math.min(6, block.level + 3)}. ${inlineWiki(block.content, ' ')}`;
    case 'list':
      return listWiki(block, '');
    case 'quote':
      // {quote} does not nest: a quote inside a quote gives up its frame.
      return `{quote}\n${unquoted(block.blocks).map(blockWiki).join('\n\n')}\n{quote}`;
    case 'code':
      return block.fenced ? codeWiki(block.language, block.text) : monospaceLines(block.text);
    case 'rule':
      return '----';
    case 'table':
      return tableLines(block).join('\n');
  }
}

function unquoted(blocks: Block[]): Block[] {
  return blocks.flatMap((block) => (block.kind === 'quote' ? unquoted(block.blocks) : [block]));
}

/**
 * A list, nested lists as longer prefixes ("*#"). A wiki list item is one line, so whatever else
 * an item holds (more paragraphs, code, a quote) runs on in it after forced breaks.
 */
function listWiki(list: Extract<Block, { kind: 'list' }>, outer: string): string {
  const prefix = `${outer}${list.ordered ? '#' : '*'}`;
  return list.items
    .map((item) => {
      const line: string[] = [];
      const nested: string[] = [];
      for (const block of item) {
        if (block.kind === 'list') nested.push(listWiki(block, prefix));
        else line.push(itemText(block));
      }
      return [`${prefix} ${line.filter(Boolean).join(' \\\\ ')}`, ...nested].join('\n');
    })
    .join('\n');
}

/** A block inside a list item, on that item's one line. */
function itemText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
    case 'heading':
      return inlineWiki(block.content, ' \\\\ ');
    case 'code':
      return block.text.split('\n').map((line) => (line ? `{{${escapeWiki(line)}}}` : '')).filter(Boolean).join(' \\\\ ');
    case 'quote':
      return block.blocks.map(itemText).filter(Boolean).join(' \\\\ ');
    case 'list':
      // A list inside a quote inside an item: its items run on too.
      return block.items.map((item) => item.map(itemText).filter(Boolean).join(' \\\\ ')).filter(Boolean).join(' \\\\ ');
    case 'rule':
      return '';
    case 'table':
      return tableLines(block).join(' \\\\ ');
  }
}

/**
 * A table as lines of cells between escaped pipes, as the tester typed it: a wiki table's own
 * pipes would be markup her text made, and a cell could not hold a list or a break anyway.
 */
function tableLines(table: Extract<Block, { kind: 'table' }>): string[] {
  return [table.header, ...table.rows].map((row) => row.map((cell) => inlineWiki(cell, ' ')).join(' \\| '));
}

/** Code as escaped monospace lines: for code that could close {code}, and for indented code. */
function monospaceLines(text: string): string {
  return text.split('\n').map((line) => (line ? `{{${escapeWiki(line)}}}` : '')).join('\n');
}

/** Languages Jira's {code} macro highlights; others get a plain {code} rather than an error box. */
const LANGUAGES = new Set(['actionscript', 'bash', 'c', 'c#', 'c++', 'cpp', 'css', 'go', 'groovy', 'html', 'java', 'javascript', 'js', 'json', 'kotlin', 'perl', 'php', 'python', 'ruby', 'scala', 'sh', 'sql', 'swift', 'typescript', 'xml', 'yaml']);

function codeWiki(language: string, text: string): string {
  // Nothing is escaped inside {code}, so code that could close the macro is shown as escaped
  // monospace lines instead.
  if (/\{code/i.test(text)) return monospaceLines(text);
  const lang = LANGUAGES.has(language.toLowerCase()) ? `:${language.toLowerCase()}` : '';
  return `{code${lang}}\n${text}\n{code}`;
}

type Phrase = 'strong' | 'em' | 'strike';
const PHRASE: Record<Phrase, string> = { strong: '*', em: '_', strike: '-' };

/** Inline Markdown as wiki phrases; a phrase inside the same phrase is not doubled. */
function inlineWiki(content: Inline[], lineBreak: string, active: ReadonlySet<string> = new Set()): string {
  return content
    .map((node) => {
      switch (node.kind) {
        case 'text':
          return escapeWiki(node.text);
        case 'break':
          return lineBreak;
        case 'code':
          return `{{${escapeWiki(node.text)}}}`;
        case 'link': {
          // A bare address shows itself ([url]), as Jira's own autolinking would.
          const bare = node.children.length === 1 && node.children[0]!.kind === 'text' && node.children[0]!.text === node.href;
          if (bare) return `[${linkTarget(node.href)}]`;
          return `[${inlineWiki(node.children, ' ', new Set([...active, 'link']))}|${linkTarget(node.href)}]`;
        }
        default: {
          const inner = inlineWiki(node.children, lineBreak, new Set([...active, node.kind]));
          return active.has(node.kind) ? inner : `${PHRASE[node.kind]}${inner}${PHRASE[node.kind]}`;
        }
      }
    })
    .join('');
}

/**
 * A link target is not escaped by the renderer: what would end it or escape its end
 * ([ ] | { } ! \ and spaces) is percent-encoded.
 */
function linkTarget(href: string): string {
  return href.replace(/[[\]|{}\s!\\]/g, (c) => (c === '!' ? '%21' : encodeURIComponent(c)));
}
