/**
 * The Markdown a tester types in the notes, read into a small tree that each Jira format
 * lays out its own way (ADF for Cloud, wiki markup for Data Center). It reads what people
 * type in a notes box, not all of CommonMark: paragraphs (a single newline is a line break),
 * headings, bullet and numbered lists (nesting flattened), quotes, fenced code, rules, and
 * inline bold, italic, strikethrough, code and links. Anything else stays plain text, so
 * nothing a person types is lost.
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'break' }
  | { kind: 'code'; text: string }
  | { kind: 'strong' | 'em' | 'strike'; children: Inline[] }
  | { kind: 'link'; href: string; children: Inline[] };

export type Block =
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; content: Inline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: Inline[][] }
  | { kind: 'quote'; content: Inline[] }
  | { kind: 'code'; language: string; text: string }
  | { kind: 'rule' };

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const ORDERED = /^\s*(\d{1,9})[.)]\s+(.*)$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;

/**
 * @example parseMarkdown('**Works**\n- checkout') → [paragraph [strong "Works"], list [["checkout"]]]
 */
export function parseMarkdown(markdown: string): Block[] {
  const lines = cleanText(markdown).split('\n');
  const blocks: Block[] = [];
  let i = 0;
  const startsBlock = (line: string) => [FENCE, HEADING, RULE, BULLET, ORDERED, QUOTE].some((re) => re.test(line));
  while (i < lines.length) {
    const line = lines[i]!;
    let match: RegExpExecArray | null;
    if (!line.trim()) {
      i++;
    } else if ((match = FENCE.exec(line))) {
      const fence = match[1]!;
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i]!.trim().startsWith(fence); i++) body.push(lines[i]!);
      i++; // the closing fence (or the end of the notes, when it was never closed)
      blocks.push({ kind: 'code', language: match[2] ?? '', text: body.join('\n') });
    } else if ((match = HEADING.exec(line))) {
      blocks.push({ kind: 'heading', level: match[1]!.length as 1 | 2 | 3 | 4 | 5 | 6, content: parseInline(match[2] ?? '') });
      i++;
    } else if (RULE.test(line)) {
      blocks.push({ kind: 'rule' });
      i++;
    } else if (BULLET.test(line) || ORDERED.test(line)) {
      const ordered = !BULLET.test(line);
      const pattern = ordered ? ORDERED : BULLET;
      const start = ordered ? Number(ORDERED.exec(line)![1]) : 1;
      const items: Inline[][] = [];
      for (; i < lines.length && (match = pattern.exec(lines[i]!)) && !RULE.test(lines[i]!); i++) {
        items.push(parseInline(ordered ? match[2]! : match[1]!));
      }
      blocks.push({ kind: 'list', ordered, start, items });
    } else if (QUOTE.test(line)) {
      const quoted: string[] = [];
      for (; i < lines.length && (match = QUOTE.exec(lines[i]!)); i++) quoted.push(match[1]!);
      blocks.push({ kind: 'quote', content: parseInline(quoted.join('\n')) });
    } else {
      const para: string[] = [line];
      for (i++; i < lines.length && lines[i]!.trim() && !startsBlock(lines[i]!); i++) para.push(lines[i]!);
      blocks.push({ kind: 'paragraph', content: parseInline(para.join('\n')) });
    }
  }
  return blocks;
}

/** Newlines as \n; control characters other than tab and newline dropped (no format wants them). */
export function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

interface InlineRule {
  pattern: RegExp;
  /** Also requires that the character before the match is not a letter or digit. */
  wordStart?: boolean;
  build(match: RegExpExecArray, inLink: boolean): Inline | undefined;
}

const BOUNDED = '(?![\\p{L}\\p{N}])';
const RULES: InlineRule[] = [
  { pattern: /\\([\\`*_{}[\]()#+\-.!~|>])/uy, build: (m) => ({ kind: 'text', text: m[1]! }) },
  { pattern: /(`+)([^\n]*?[^`\n])\1(?!`)/uy, build: (m) => ({ kind: 'code', text: m[2]!.replace(/^ (.+) $/, '$1') }) },
  {
    pattern: /\[([^\]\n]+)\]\(<?([^\s<>()]+)>?\)/uy,
    build: (m, inLink) => (inLink || !safeHref(m[2]!) ? undefined : { kind: 'link', href: m[2]!, children: parseInline(m[1]!, true) }),
  },
  { pattern: /<((?:https?:\/\/|mailto:)[^\s<>]+)>/uy, build: (m, inLink) => (inLink || !safeHref(m[1]!) ? undefined : link(m[1]!)) },
  {
    pattern: /https?:\/\/[^\s<>"\\]*[^\s<>"\\()[\].,;:!?'*_~]/uy,
    wordStart: true,
    build: (m, inLink) => (inLink || !safeHref(m[0]) ? undefined : link(m[0])),
  },
  { pattern: /\*\*(?=\S)([^\n]*?\S)\*\*/uy, build: (m, inLink) => wrap('strong', m[1]!, inLink) },
  { pattern: new RegExp(`__(?=\\S)([^\\n]*?\\S)__${BOUNDED}`, 'uy'), wordStart: true, build: (m, inLink) => wrap('strong', m[1]!, inLink) },
  { pattern: /~~(?=\S)([^\n]*?\S)~~/uy, build: (m, inLink) => wrap('strike', m[1]!, inLink) },
  { pattern: /\*(?=[^\s*])([^\n]*?[^\s*])\*(?!\*)/uy, build: (m, inLink) => wrap('em', m[1]!, inLink) },
  { pattern: /\*(?=[^\s*])([^\n*])\*/uy, build: (m, inLink) => wrap('em', m[1]!, inLink) },
  { pattern: new RegExp(`_(?=[^\\s_])([^\\n]*?[^\\s_]|[^\\s_])_${BOUNDED}`, 'uy'), wordStart: true, build: (m, inLink) => wrap('em', m[1]!, inLink) },
];

/** Inline Markdown of one block; newlines become breaks. Inside a link no further links are made. */
export function parseInline(text: string, inLink = false): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
  };
  let pos = 0;
  scan: while (pos < text.length) {
    if (text[pos] === '\n') {
      flush();
      out.push({ kind: 'break' });
      pos++;
      continue;
    }
    for (const rule of RULES) {
      if (rule.wordStart && pos > 0 && /[\p{L}\p{N}]/u.test(text[pos - 1]!)) continue;
      rule.pattern.lastIndex = pos;
      const match = rule.pattern.exec(text);
      const node = match && rule.build(match, inLink);
      if (match && node) {
        if (node.kind === 'text') plain += node.text;
        else {
          flush();
          out.push(node);
        }
        pos += match[0].length;
        continue scan;
      }
    }
    const char = String.fromCodePoint(text.codePointAt(pos)!);
    plain += char;
    pos += char.length;
  }
  flush();
  return out;
}

function wrap(kind: 'strong' | 'em' | 'strike', inner: string, inLink: boolean): Inline {
  return { kind, children: parseInline(inner, inLink) };
}

function link(href: string): Inline {
  return { kind: 'link', href, children: [{ kind: 'text', text: href }] };
}

/** Only web and mail links: a `javascript:` link in the notes stays text. */
export function safeHref(href: string): boolean {
  try {
    return ['http:', 'https:', 'mailto:'].includes(new URL(href).protocol);
  } catch {
    return false;
  }
}

/** The plain words of inline content, for formats that cannot mark them up. */
export function inlineText(content: Inline[]): string {
  return content.map((node) => (node.kind === 'break' ? '\n' : node.kind === 'text' || node.kind === 'code' ? node.text : inlineText(node.children))).join('');
}
