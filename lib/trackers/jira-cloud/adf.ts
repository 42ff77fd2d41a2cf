import type { CommentParts } from '../../signoff/format';
import { cleanText, parseMarkdown, safeHref } from '../../markdown/parse';
import type { Block, Inline } from '../../markdown/tree';

/**
 * A sign-off as an Atlassian Document Format document, the body Jira Cloud's REST API v3
 * wants for a comment (https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/).
 * Only nodes and marks the published JSON schema (@atlaskit/adf-schema, full.json) allows
 * where they are used; the tests validate every document against it. Two rules of that schema
 * shape the code: a text node is never empty, and a code mark goes with no mark but a link.
 *
 * Layout: the verdict as a heading, the notes, the screenshot's file name linking to the
 * attachment, the evidence as a two-column table, overrides and active flags as lists in
 * code marks, an attached gallery's combinations (one line per step) and its attachments, and
 * the marker line that lets a retry find the comment.
 */

export type AdfMark = { type: 'strong' | 'em' | 'strike' | 'code' } | { type: 'link'; attrs: { href: string } };

export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  text?: string;
  marks?: AdfMark[];
}

export interface AdfDoc {
  version: 1;
  type: 'doc';
  content: AdfNode[];
}

/** The screenshot as attached to the issue: its file name, and its link when Jira gave one. */
export interface AttachedScreenshot {
  filename: string;
  url?: string;
}

/**
 * @example signOffAdf(commentParts(signOff), { filename: 'flagtab-so-….png', url }).content[0]
 *   → { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'QA sign-off: Passed' }] }
 */
export function signOffAdf(parts: CommentParts, screenshot?: AttachedScreenshot, gallery: AttachedScreenshot[] = []): AdfDoc {
  const content: AdfNode[] = [heading(3, text(parts.title))];
  if (parts.notes) content.push(...markdownAdf(parts.notes));
  if (screenshot) {
    content.push(paragraph([...text('Screenshot: '), ...text(screenshot.filename, linkTo(screenshot.url)), ...text(' (attached to this issue)')]));
  }
  content.push(heading(4, text('Evidence')), evidenceTable(parts.evidence));
  content.push(heading(4, text('Overrides')), codeList(parts.overrides, 'No overrides in the tab.'));
  content.push(heading(4, text('Flags active on the page')), codeList(parts.activeFlags, 'The page reported no flags.'));
  if (parts.combinations.length) content.push(heading(4, text('Combinations')), codeList(parts.combinations, ''));
  if (gallery.length) {
    content.push(paragraph(text('Gallery (attached to this issue):')), {
      type: 'bulletList',
      content: gallery.map((image) => ({ type: 'listItem', content: [paragraph(text(image.filename, linkTo(image.url)))] })),
    });
  }
  content.push(paragraph(text(parts.marker)));
  return { version: 1, type: 'doc', content };
}

/** A link mark to an attachment Jira gave a safe address for; none otherwise. */
function linkTo(url: string | undefined): AdfMark[] {
  return url && safeHref(url) ? [{ type: 'link', attrs: { href: url } }] : [];
}

/** The tester's Markdown notes as ADF blocks; her headings sit below the verdict's (h4 and smaller). */
export function markdownAdf(markdown: string): AdfNode[] {
  return parseMarkdown(cleanText(markdown)).flatMap((block) => blockAdf(block, 'doc'));
}

/**
 * Where a block goes decides what it may become: a list item and a quote take only paragraphs,
 * lists and code (full.json's listItem_node and blockquote_node), so a heading there becomes a
 * bold paragraph, a nested quote gives up its frame, and a rule is left out.
 */
type Place = 'doc' | 'item' | 'quote';

function blockAdf(block: Block, place: Place): AdfNode[] {
  switch (block.kind) {
    case 'paragraph':
      return [paragraph(inlineAdf(block.content))];
    case 'heading':
      if (place !== 'doc') return [paragraph(inlineAdf([{ kind: 'strong', children: block.content }]))];
      return [heading(Math.min(6, block.level + 3), inlineAdf(block.content))];
    case 'list':
      return [{
        type: block.ordered ? 'orderedList' : 'bulletList',
        ...(block.ordered && block.start !== 1 ? { attrs: { order: block.start } } : {}),
        content: block.items.map((item) => ({ type: 'listItem', content: listItemContent(item) })),
      }];
    case 'quote': {
      const inner = block.blocks.flatMap((child) => blockAdf(child, place === 'item' ? 'item' : 'quote'));
      if (place !== 'doc') return inner;
      return [{ type: 'blockquote', content: inner.length ? inner : [paragraph([])] }];
    }
    case 'code':
      return [{
        type: 'codeBlock',
        ...(block.language ? { attrs: { language: block.language } } : {}),
        ...(block.text ? { content: [{ type: 'text', text: block.text }] } : {}),
      }];
    case 'rule':
      return place === 'doc' ? [{ type: 'rule' }] : [];
    case 'table': {
      const rows = [block.header, ...block.rows];
      if (place !== 'doc') return rows.map((row) => paragraph(inlineAdf(row.flatMap((cell, i) => (i ? [{ kind: 'text' as const, text: ' | ' }, ...cell] : cell)))));
      return [{
        type: 'table',
        content: rows.map((row, r) => ({ type: 'tableRow', content: row.map((cell) => ({ type: r ? 'tableCell' : 'tableHeader', content: [paragraph(inlineAdf(cell))] })) })),
      }];
    }
  }
}

/** A list item starts with a paragraph or code in Jira's editor schema; an empty one is an empty paragraph. */
function listItemContent(item: Block[]): AdfNode[] {
  const content = item.flatMap((block) => blockAdf(block, 'item'));
  if (content[0]?.type !== 'paragraph' && content[0]?.type !== 'codeBlock') content.unshift(paragraph([]));
  return content;
}

/** Inline Markdown as text nodes with marks, adjacent nodes with the same marks merged. */
export function inlineAdf(content: Inline[]): AdfNode[] {
  const out: AdfNode[] = [];
  const walk = (nodes: Inline[], marks: AdfMark[]) => {
    for (const node of nodes) {
      if (node.kind === 'break') out.push({ type: 'hardBreak' });
      else if (node.kind === 'text') out.push(...text(node.text, marks));
      // The schema lets a code mark go with a link only (code_inline_node), not with bold or italic.
      else if (node.kind === 'code') out.push(...text(node.text, [...marks.filter((m) => m.type === 'link'), { type: 'code' }]));
      else if (node.kind === 'link') walk(node.children, withMark(marks, { type: 'link', attrs: { href: node.href } }));
      else walk(node.children, withMark(marks, { type: node.kind }));
    }
  };
  walk(content, []);
  return merge(out);
}

/** A link stays outermost and one link at a time; a mark already there is not doubled. */
function withMark(marks: AdfMark[], mark: AdfMark): AdfMark[] {
  if (marks.some((m) => m.type === mark.type)) return marks;
  return mark.type === 'link' ? [mark, ...marks] : [...marks, mark];
}

function merge(nodes: AdfNode[]): AdfNode[] {
  const out: AdfNode[] = [];
  for (const node of nodes) {
    const last = out[out.length - 1];
    if (last?.type === 'text' && node.type === 'text' && JSON.stringify(last.marks ?? []) === JSON.stringify(node.marks ?? [])) {
      out[out.length - 1] = { ...last, text: `${last.text}${node.text}` };
    } else out.push(node);
  }
  return out;
}

/** Text as text nodes with hard breaks for its newlines; never an empty text node (the schema's minLength 1). */
function text(value: string, marks: AdfMark[] = []): AdfNode[] {
  const out: AdfNode[] = [];
  cleanText(value)
    .split('\n')
    .forEach((line, index) => {
      if (index > 0) out.push({ type: 'hardBreak' });
      if (line) out.push(marks.length ? { type: 'text', text: line, marks } : { type: 'text', text: line });
    });
  return out;
}

function paragraph(content: AdfNode[]): AdfNode {
  return content.length ? { type: 'paragraph', content } : { type: 'paragraph' };
}

function heading(level: number, content: AdfNode[]): AdfNode {
  return { type: 'heading', attrs: { level }, ...(content.length ? { content } : {}) };
}

function evidenceTable(rows: [string, string][]): AdfNode {
  return {
    type: 'table',
    content: rows.map(([label, value]) => ({
      type: 'tableRow',
      content: [
        { type: 'tableHeader', content: [paragraph(text(label))] },
        { type: 'tableCell', content: [paragraph(label === 'URL' && safeHref(value) ? text(value, [{ type: 'link', attrs: { href: value } }]) : text(value))] },
      ],
    })),
  };
}

function codeList(items: string[], none: string): AdfNode {
  if (!items.length) return paragraph(text(none, [{ type: 'em' }]));
  return { type: 'bulletList', content: items.map((item) => ({ type: 'listItem', content: [paragraph(text(item, [{ type: 'code' }]))] })) };
}

/** Every text of a document, one line per block, for finding the marker in a comment Jira returns. */
export function adfText(node: unknown): string {
  if (typeof node !== 'object' || node === null) return '';
  const n = node as { type?: unknown; text?: unknown; content?: unknown };
  if (n.type === 'text' && typeof n.text === 'string') return n.text;
  if (n.type === 'hardBreak') return '\n';
  if (!Array.isArray(n.content)) return '';
  return n.content.map(adfText).join(TEXTBLOCKS.has(n.type as string) ? '' : '\n');
}

/** Blocks whose children are inline: their texts run on; other blocks' children are lines of their own. */
const TEXTBLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);
