import type { CommentParts } from '../signoff/format';
import { parseMarkdown } from '../markdown/parse';
import { codeTexts } from '../markdown/tree';

/**
 * The sign-off comment in Markdown, as GitHub and GitLab render it (CommonMark + GFM tables).
 *
 * Flag keys, values and sources come from the page and the provider, so they are laid out as
 * inert code spans: no HTML, no links, no @mentions or #references can come out of them, and a
 * `|`, a backtick or a line break cannot split a table row or end a list item. The tester's notes
 * stay Markdown, but are quoted (an unclosed code fence or HTML block ends with the quote, so it
 * cannot swallow the evidence or the marker) and anything that would open raw HTML is escaped,
 * outside code as the Markdown reader (lib/markdown/parse.ts) reads it (`neutraliseHtml`).
 *
 * The marker is written twice: as an HTML comment, which survives rendering untouched in the raw
 * body that `findExisting` searches, and as a small visible line so a person can see it too.
 *
 * `gallery`: the tracker's own Markdown for the attached gallery's images (uploads), or words
 * saying where they are.
 *
 * @example markdownComment(commentParts(signOff), { screenshot: '![screenshot](/uploads/ab/shot.png)' })
 */
export function markdownComment(parts: CommentParts, options: { screenshot?: string; gallery?: string } = {}): string {
  const blocks: string[] = [`### ${inlineText(parts.title)}`];
  if (parts.notes) blocks.push(quote(neutraliseHtml(parts.notes)));
  if (options.screenshot) blocks.push(options.screenshot);
  blocks.push(table(['Evidence', ''], parts.evidence.map(([label, value]) => [inlineText(label), label === 'URL' ? link(value) : code(value, true)])));
  if (parts.overrides.length) blocks.push('**Overrides in the tab**', list(parts.overrides));
  if (parts.activeFlags.length) blocks.push('**Flags active on the page**', list(parts.activeFlags));
  if (parts.combinations.length) blocks.push('**Combinations**', list(parts.combinations));
  if (options.gallery) blocks.push(options.gallery);
  blocks.push(`<!-- ${parts.marker} -->\n<sub>Posted by Flagtab · ${parts.marker}</sub>`);
  return `${blocks.join('\n\n')}\n`;
}

/** CommonMark line endings; each becomes a visible "↵" where a line break would end the row. */
const LINE_ENDING = /\r\n|\r|\n/g;

/**
 * A code span that shows `text` exactly (line breaks as ↵). The fence is one backtick longer
 * than any run inside, and padded when the text starts or ends with a backtick or a space
 * (https://spec.commonmark.org/0.31.2/#code-spans). In a table, pipes are escaped: GFM splits
 * cells before it parses code spans (https://github.github.com/gfm/#example-200).
 */
function code(text: string, inTable = false): string {
  let content = text.replace(LINE_ENDING, '↵');
  if (inTable) content = content.replace(/\|/g, '\\|');
  if (!content) return '';
  // Spaces alone: CommonMark shows such a span as typed, markdown-it strips a space from each end
  // (https://spec.commonmark.org/0.31.2/#code-spans), so they are written as entities, which
  // both show as the spaces.
  if (/^ +$/.test(content)) return '&#32;'.repeat(content.length);
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(content) && /[^ ]/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** Plain text in a line of Markdown: every ASCII punctuation mark escaped, line breaks as ↵. */
function inlineText(text: string): string {
  return text.replace(LINE_ENDING, '↵').replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/** An http(s) URL as a link whose text shows it exactly; anything else as code. */
function link(url: string): string {
  if (!/^https?:\/\/[^\s]*$/i.test(url)) return code(url, true);
  // In <…> a destination may hold anything but <, > and line breaks; | and \ would still be
  // read by the table and as escapes, so those are percent-encoded.
  const destination = url.replace(/[<>|\\]/g, (c) => encodeURIComponent(c));
  return `[${code(url, true)}](<${destination}>)`;
}

function table(header: [string, string], rows: [string, string][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), '| --- | --- |', ...rows.map(line)].join('\n');
}

function list(items: string[]): string {
  return items.map((item) => `- ${code(item) || '(empty)'}`).join('\n');
}

function quote(markdown: string): string {
  return markdown.split(LINE_ENDING).map((line) => (line ? `> ${line}` : '>')).join('\n');
}

/** A `<` that could open raw HTML (a tag, a comment, a declaration) or an autolink. */
const TAG_OPEN = /<(?=[A-Za-z/!?])/g;

/**
 * Stand-ins for those `<`, one per place (U+E000 up, Unicode's private use area), each wrapped as
 * `&…;` so a bare address that runs into it ends where it would end at `&lt;`.
 */
const FIRST_STAND_IN = 0xe000;
const STAND_INS = 0xf8ff - FIRST_STAND_IN + 1;
const STAND_IN = /&([\ue000-\uf8ff]);/g;
const PRIVATE_USE = /[\ue000-\uf8ff]/;

/**
 * The tester's notes as safe Markdown: her text as she typed it, with every `<` that could
 * open raw HTML or an autolink escaped as `&lt;` — except inside code, where it shows as typed.
 * What is code is what the one Markdown reader (lib/markdown/parse.ts) says, reading the notes
 * as they stand in the comment (quoted): each such `<` is replaced by a stand-in of its own, the
 * notes are parsed, and a stand-in that comes back inside a code span or a code block is code.
 *
 * A `<` inside code goes back only where it cannot change what the tracker reads. Within a code
 * block it cannot; within a code span it must have a backtick before it on its own line, so it
 * never starts a line, where `<div>` opens an HTML block that would interrupt the paragraph
 * before the span could close (https://spec.commonmark.org/0.31.2/#html-blocks). When in doubt
 * (notes with private-use characters, or more `<` than stand-ins) everything is escaped: a
 * mistake only ever shows `&lt;` where `<` was typed.
 *
 * Raw HTML and autolinks bind tighter than code spans, but once every `<` outside code is
 * escaped none can start there, so the tracker pairs backticks as the reader did. `a < b` and
 * `<3` stay as typed. A `\<b>` outside code shows `<b>`; written as `&lt;b>` (its backslash
 * dropped) it still does.
 *
 * @example neutraliseHtml('`<Banner>` and <b>bold</b>') === '`<Banner>` and &lt;b>bold&lt;/b>'
 */
export function neutraliseHtml(markdown: string): string {
  const asCode = codeOpenings(markdown);
  let index = 0;
  return markdown.replace(/(\\*)<(?=[A-Za-z/!?])/g, (_, backslashes: string) => {
    if (asCode.has(index++)) return `${backslashes}<`;
    // An odd run of backslashes ends in one that escapes the `<`: that one goes with it.
    return `${backslashes.slice(0, backslashes.length - (backslashes.length % 2))}&lt;`;
  });
}

/** Which of the notes' `<` (counted in order) are inside code and may stay as typed. */
function codeOpenings(markdown: string): Set<number> {
  const found = new Set<number>();
  const starts = [...markdown.matchAll(TAG_OPEN)].map((match) => match.index);
  if (!starts.length || starts.length > STAND_INS || PRIVATE_USE.test(markdown)) return found;
  let index = 0;
  const marked = markdown.replace(TAG_OPEN, () => `&${String.fromCharCode(FIRST_STAND_IN + index++)};`);
  for (const code of codeTexts(parseMarkdown(quote(marked)))) {
    for (const match of code.text.matchAll(STAND_IN)) {
      const at = match[1]!.charCodeAt(0) - FIRST_STAND_IN;
      const start = starts[at]!;
      const lineStart = Math.max(markdown.lastIndexOf('\n', start), markdown.lastIndexOf('\r', start)) + 1;
      if (code.block || markdown.slice(lineStart, start).includes('`')) found.add(at);
    }
  }
  return found;
}

/**
 * An http(s) URL as a Markdown link destination: parentheses (which would end it), angle
 * brackets and white space are percent-encoded.
 *
 * @example `![shot](${markdownDestination('https://x.example/a (1).png')})` // '![shot](https://x.example/a%20%281%29.png)'
 */
export function markdownDestination(url: string): string {
  return new URL(url).href.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
