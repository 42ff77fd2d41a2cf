import MarkdownIt from 'markdown-it';
import type { Block, Inline } from './tree';

/**
 * The one Markdown reader: the tester's notes, read by markdown-it (CommonMark + GFM tables and
 * strikethrough, https://spec.commonmark.org/0.31.2/) into our own small tree (./tree.ts).
 *
 * - `html: false`: a tag in the notes is text, never HTML, whatever a writer does next.
 * - `linkify: true`, as GitHub's and Jira's own autolinking read a bare `https://…`: it decides
 *   where such an address ends, which can take backticks with it and so changes which code spans
 *   pair up; the safe-Markdown writer must read the notes as the tracker will. Only addresses with
 *   a scheme are linked (no fuzzy `example.com` or e-mail addresses), as before.
 */
const reader = new MarkdownIt('default', { html: false, linkify: true, typographer: false });
reader.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });

type Token = ReturnType<MarkdownIt['parse']>[number];

/**
 * @example parseMarkdown('**Works**\n- checkout')
 *   → [{ kind: 'paragraph', content: [{ kind: 'strong', … }] }, { kind: 'list', items: [[{ kind: 'paragraph', … }]] }]
 */
export function parseMarkdown(markdown: string): Block[] {
  // Reference labels are the tester's words: markdown-it keeps them in env.references, so that
  // map starts without a prototype (STYLE.md 14).
  const env = { references: Object.create(null) as Record<string, unknown> };
  const tokens = reader.parse(markdown, env);
  return readBlocks(tokens, 0, undefined).blocks;
}

/** Blocks from `start` up to the token that closes the container (`close`), or to the end. */
function readBlocks(tokens: Token[], start: number, close: string | undefined): { blocks: Block[]; next: number } {
  const blocks: Block[] = [];
  let i = start;
  while (i < tokens.length && tokens[i]!.type !== close) {
    const token = tokens[i]!;
    switch (token.type) {
      case 'paragraph_open':
        blocks.push({ kind: 'paragraph', content: readInline(tokens[i + 1]!.children ?? []) });
        i += 3;
        break;
      case 'heading_open':
        blocks.push({ kind: 'heading', level: Number(token.tag.slice(1)) as 1 | 2 | 3 | 4 | 5 | 6, content: readInline(tokens[i + 1]!.children ?? []) });
        i += 3;
        break;
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const ordered = token.type === 'ordered_list_open';
        const items: Block[][] = [];
        const end = ordered ? 'ordered_list_close' : 'bullet_list_close';
        for (i++; tokens[i] && tokens[i]!.type !== end; ) {
          const item = readBlocks(tokens, i + 1, 'list_item_close');
          items.push(item.blocks);
          i = item.next + 1;
        }
        blocks.push({ kind: 'list', ordered, start: ordered ? Number(token.attrGet('start') ?? 1) : 1, items });
        i++;
        break;
      }
      case 'blockquote_open': {
        const quoted = readBlocks(tokens, i + 1, 'blockquote_close');
        blocks.push({ kind: 'quote', blocks: quoted.blocks });
        i = quoted.next + 1;
        break;
      }
      case 'fence':
      case 'code_block':
        blocks.push({
          kind: 'code',
          fenced: token.type === 'fence',
          language: token.info.trim().split(/\s+/)[0] ?? '',
          // markdown-it keeps the newline that ends the last line; the block is its lines.
          text: token.content.replace(/\n$/, ''),
        });
        i++;
        break;
      case 'hr':
        blocks.push({ kind: 'rule' });
        i++;
        break;
      case 'table_open': {
        const rows: Inline[][][] = [];
        for (i++; tokens[i] && tokens[i]!.type !== 'table_close'; i++) {
          if (tokens[i]!.type === 'tr_open') rows.push([]);
          else if (tokens[i]!.type === 'inline') rows[rows.length - 1]!.push(readInline(tokens[i]!.children ?? []));
        }
        blocks.push({ kind: 'table', header: rows[0] ?? [], rows: rows.slice(1) });
        i++;
        break;
      }
      default:
        // Nothing else comes out of this configuration (html_block needs html: true).
        i++;
    }
  }
  return { blocks, next: i };
}

type Frame = { children: Inline[]; open?: Token };

/** Inline tokens as nested nodes; a link that is not a web or mail link becomes its words. */
function readInline(tokens: Token[]): Inline[] {
  const stack: Frame[] = [{ children: [] }];
  const top = () => stack[stack.length - 1]!;
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        pushText(top().children, token.content);
        break;
      case 'softbreak':
      case 'hardbreak':
        top().children.push({ kind: 'break' });
        break;
      case 'code_inline':
        top().children.push({ kind: 'code', text: token.content });
        break;
      case 'image': {
        // An image in a comment would load from anywhere: it becomes a link to the picture.
        const alt = readInline(token.children ?? []);
        pushAll(top().children, linkOrWords(token.attrGet('src') ?? '', alt, true));
        break;
      }
      case 'strong_open':
      case 'em_open':
      case 's_open':
      case 'link_open':
        stack.push({ children: [], open: token });
        break;
      case 'strong_close':
      case 'em_close':
      case 's_close':
      case 'link_close': {
        const frame = stack.length > 1 ? stack.pop()! : { children: [] };
        const open = frame.open;
        if (open?.type === 'link_open') {
          // Autolinks and bare addresses already show their address.
          pushAll(top().children, linkOrWords(open.attrGet('href') ?? '', frame.children, open.markup !== 'linkify' && open.markup !== 'autolink'));
        } else {
          const kind = open?.type === 'strong_open' ? 'strong' : open?.type === 'em_open' ? 'em' : 'strike';
          top().children.push({ kind, children: frame.children });
        }
        break;
      }
      default:
        if (token.content) pushText(top().children, token.content);
    }
  }
  // Unbalanced tokens do not come out of markdown-it; if they did, their words still show.
  while (stack.length > 1) pushAll(stack[stack.length - 2]!.children, stack.pop()!.children);
  return stack[0]!.children;
}

function linkOrWords(href: string, children: Inline[], showHref: boolean): Inline[] {
  const words = children.length ? children : [{ kind: 'text' as const, text: href }];
  if (safeHref(href)) return [{ kind: 'link', href, children: words }];
  // Nothing typed is lost: the words, then where the link pointed.
  return showHref && href ? [...words, { kind: 'text', text: ` (${href})` }] : words;
}

function pushText(into: Inline[], text: string): void {
  if (!text) return;
  const last = into[into.length - 1];
  if (last?.kind === 'text') into[into.length - 1] = { kind: 'text', text: last.text + text };
  else into.push({ kind: 'text', text });
}

function pushAll(into: Inline[], nodes: Inline[]): void {
  for (const node of nodes) {
    if (node.kind === 'text') pushText(into, node.text);
    else into.push(node);
  }
}

/** Only web and mail links: a `javascript:` or relative link in the notes stays text. */
export function safeHref(href: string): boolean {
  try {
    return ['http:', 'https:', 'mailto:'].includes(new URL(href).protocol);
  } catch {
    return false;
  }
}

/** Newlines as \n; control characters other than tab and newline dropped (no tracker wants them). */
export function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}
