import type { CommentParts } from '../signoff/format';

/**
 * The sign-off comment in Markdown, as GitHub and GitLab render it (CommonMark + GFM tables).
 *
 * Flag keys, values and sources come from the page and the provider, so they are laid out as
 * inert code spans: no HTML, no links, no @mentions or #references can come out of them, and a
 * `|`, a backtick or a line break cannot split a table row or end a list item. The tester's notes
 * stay Markdown, but are quoted (an unclosed code fence or HTML block ends with the quote, so it
 * cannot swallow the evidence or the marker) and anything that would open raw HTML is escaped.
 *
 * The marker is written twice: as an HTML comment, which survives rendering untouched in the raw
 * body that `findExisting` searches, and as a small visible line so a person can see it too.
 *
 * @example markdownComment(commentParts(signOff), { screenshot: '![screenshot](/uploads/ab/shot.png)' })
 */
export function markdownComment(parts: CommentParts, options: { screenshot?: string } = {}): string {
  const blocks: string[] = [`### ${inlineText(parts.title)}`];
  if (parts.notes) blocks.push(quote(neutraliseHtml(parts.notes)));
  if (options.screenshot) blocks.push(options.screenshot);
  blocks.push(table(['Evidence', ''], parts.evidence.map(([label, value]) => [inlineText(label), label === 'URL' ? link(value) : code(value, true)])));
  if (parts.overrides.length) blocks.push('**Overrides in the tab**', list(parts.overrides));
  if (parts.activeFlags.length) blocks.push('**Flags active on the page**', list(parts.activeFlags));
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

/**
 * Escapes every `<` that could open raw HTML (a tag, a comment, an autolink: `<` before a letter,
 * `/`, `!` or `?`) as `&lt;`, except inside code, where it is shown as typed. "Inside code" is
 * decided conservatively, so that a mistake only ever shows `&lt;` where `<` was typed:
 * - a fence counts only when it starts at the very beginning of a line (indented, it may belong
 *   to a list item that a later line leaves: https://spec.commonmark.org/0.31.2/#fenced-code-blocks)
 *   and its opening line has no pipe. A fence line not trusted so may still open or close a
 *   fence for the renderer (" ```" does), which turns every later fence around: from such a
 *   line on, nothing is taken as code;
 * - a code span counts only when it opens and closes on one line, between two unescaped pipes
 *   (GFM splits table cells before it looks for code spans) and opens after a space or at the
 *   start of the line, in a paragraph (lines between blank lines) where every backtick run pairs
 *   so: one run left over may still close elsewhere and shift every pair around it, so such a
 *   paragraph is escaped throughout.
 * Raw HTML and autolinks bind tighter than code spans, but once every `<` outside code is
 * escaped none can start there. `a < b` and `<3` stay as typed.
 */
export function neutraliseHtml(markdown: string): string {
  const out: string[] = [];
  let fence: { char: string; length: number } | undefined;
  /** A fence line was not trusted: which later lines are code is no longer known. */
  let unsure = false;
  let paragraph: string[] = [];
  const flush = () => {
    const lines = paragraph.map(escapeOutsideCodeSpans);
    const sure = lines.every((line) => !line.unclosed);
    out.push(...lines.map((line, i) => (sure ? line.text : escapeHtmlStarts(paragraph[i]!))));
    paragraph = [];
  };
  for (const line of markdown.split(LINE_ENDING)) {
    if (unsure) {
      out.push(escapeHtmlStarts(line));
      continue;
    }
    if (fence) {
      const close = /^ {0,3}(`+|~+)[ \t]*$/.exec(line)?.[1];
      if (close && close[0] === fence.char && close.length >= fence.length) fence = undefined;
      out.push(line);
      continue;
    }
    const open = /^(`{3,}|~{3,})(.*)$/.exec(line);
    // A pipe on the opening line could make it a table's header row instead (markdown-it tries
    // tables first), so such a fence is not trusted.
    if (open && !open[2]!.includes('|') && !(open[1]![0] === '`' && open[2]!.includes('`'))) {
      flush();
      fence = { char: open[1]![0]!, length: open[1]!.length };
      out.push(escapeHtmlStarts(line)); // the info string is never shown as HTML anyway
    } else if (/^ {0,3}(`{3,}|~{3,})/.test(line)) {
      flush();
      unsure = true;
      out.push(escapeHtmlStarts(line));
    } else if (!line.trim()) {
      flush();
      out.push(line);
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return out.join('\n');
}

/** What may follow `<` in a tag, a closing tag, a comment, a declaration or an autolink. */
const TAG_START = /^[A-Za-z/!?]/;
const escapeHtmlStarts = (text: string) => text.replace(/<(?=[A-Za-z/!?])/g, '&lt;');

/**
 * One line: code spans (CommonMark 6.1: a backtick run closes at the next run of exactly its
 * length; a backslash escapes the character after it outside code) keep their text; elsewhere
 * `<` before a tag-like character becomes `&lt;`. `unclosed` says a run found no partner
 * before the next pipe, or followed other text.
 */
function escapeOutsideCodeSpans(line: string): { text: string; unclosed: boolean } {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '\\') {
      // "\<b>" shows "<b>"; written as "&lt;" it still does, even where an autolinker reads
      // the backslash as the end of a URL and the escape is lost.
      out += line[i + 1] === '<' && TAG_START.test(line[i + 2] ?? '') ? '&lt;' : line.slice(i, i + 2);
      i += 2;
    } else if (c === '<') {
      out += TAG_START.test(line[i + 1] ?? '') ? '&lt;' : '<';
      i += 1;
    } else if (c === '`') {
      // Right after other text the run may end a bare URL that an autolinker reads first
      // (markdown-it's linkify does), which shifts every pair after it.
      if (i > 0 && !/\s/.test(line[i - 1]!)) return { text: line, unclosed: true };
      const run = /^`+/.exec(line.slice(i))![0];
      const after = i + run.length;
      const close = new RegExp(`(?<!\`)${run}(?!\`)`).exec(line.slice(after));
      const cell = line.slice(after).search(/(?<!\\)\|/);
      if (close && (cell < 0 || close.index < cell)) {
        out += line.slice(i, after + close.index + run.length);
        i = after + close.index + run.length;
      } else {
        // The run may still close (on a later line, or across the pipe outside a table) and
        // shift every pair around it; the caller escapes the whole paragraph.
        return { text: line, unclosed: true };
      }
    } else {
      out += c;
      i += 1;
    }
  }
  return { text: out, unclosed: false };
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
