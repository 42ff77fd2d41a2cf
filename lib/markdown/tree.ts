/**
 * The tester's notes as one small tree, read once by `parseMarkdown` (lib/markdown/parse.ts) and
 * laid out by each tracker's writer: ADF for Jira Cloud, wiki markup for Jira Data Center, and
 * the safe Markdown of GitHub, GitLab, Linear and Azure DevOps. It is our own shape, not the
 * parser's tokens, so a writer never depends on how markdown-it happens to spell things.
 */

export type Inline =
  | { kind: 'text'; text: string }
  /** A line break inside a block: soft and hard breaks alike, as people mean them in a notes box. */
  | { kind: 'break' }
  | { kind: 'code'; text: string }
  | { kind: 'strong' | 'em' | 'strike'; children: Inline[] }
  /** Only web and mail links (`safeHref`); any other link stays its text. */
  | { kind: 'link'; href: string; children: Inline[] };

export type Block =
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; content: Inline[] }
  /** Each item is the blocks it holds: paragraphs, nested lists, code. */
  | { kind: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { kind: 'quote'; blocks: Block[] }
  /** `fenced` tells a fence (with its language) from an indented block. */
  | { kind: 'code'; language: string; text: string; fenced: boolean }
  | { kind: 'rule' }
  | { kind: 'table'; header: Inline[][]; rows: Inline[][][] };

/** The plain words of inline content, for places that cannot mark them up. */
export function inlineText(content: Inline[]): string {
  return content.map((node) => (node.kind === 'break' ? '\n' : node.kind === 'text' || node.kind === 'code' ? node.text : inlineText(node.children))).join('');
}

/**
 * Every piece of code in the blocks, in order: inline code spans and code blocks alike.
 *
 * @example codeTexts(parseMarkdown('`a` and\n\n    b')) → [{ text: 'a', block: false }, { text: 'b\n', block: true }]
 */
export function codeTexts(blocks: Block[]): { text: string; block: boolean }[] {
  const out: { text: string; block: boolean }[] = [];
  const inline = (nodes: Inline[]) => {
    for (const node of nodes) {
      if (node.kind === 'code') out.push({ text: node.text, block: false });
      else if (node.kind === 'strong' || node.kind === 'em' || node.kind === 'strike' || node.kind === 'link') inline(node.children);
    }
  };
  const walk = (list: Block[]) => {
    for (const block of list) {
      if (block.kind === 'paragraph' || block.kind === 'heading') inline(block.content);
      else if (block.kind === 'list') block.items.forEach(walk);
      else if (block.kind === 'quote') walk(block.blocks);
      else if (block.kind === 'code') out.push({ text: block.text, block: true });
      else if (block.kind === 'table') [block.header, ...block.rows].forEach((row) => row.forEach(inline));
    }
  };
  walk(blocks);
  return out;
}
