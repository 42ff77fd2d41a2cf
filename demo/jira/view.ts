import { html, SafeHtml, type HtmlValue } from '../html';

/**
 * The fake Jira's issue page (`GET /browse/KEY`): the key, each comment rendered from its ADF,
 * and the attachments as images — so a person trying the demo can see what a sign-off posted.
 * Comment bodies come from whoever posted them, so every text and attribute goes through the
 * escaping `html` template; links keep only http(s) addresses. It reads the ADF nodes Flagtab
 * writes and shows any other node's text (https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/).
 */

export interface ViewedComment {
  id: string;
  /** ADF on Cloud; a wiki-markup string on Data Center (shown as it is). */
  body: unknown;
}

export interface ViewedAttachment {
  id: string;
  filename: string;
  mimeType: string;
  /** Where the attachment's bytes are served. */
  content: string;
}

export interface ViewedIssue {
  key: string;
  comments: readonly ViewedComment[];
  attachments: readonly ViewedAttachment[];
}

interface AdfNode {
  type?: unknown;
  attrs?: Record<string, unknown>;
  content?: unknown;
  text?: unknown;
  marks?: unknown;
}

/**
 * @example issuePage({ key: 'SHOP-142', comments: [{ id: '10001', body: adfDoc }], attachments: [] })
 *   // '<!doctype html>…<article id="comment-10001">…'
 */
export function issuePage(issue: ViewedIssue): string {
  const comments = issue.comments.length
    ? issue.comments.map((c) => html`<article class="comment" id="comment-${c.id}">
<p class="meta">Comment ${c.id} · Pat Owner</p>
${commentBody(c.body)}
</article>
`)
    : html`<p class="none">No comments yet. Send a sign-off from Flagtab's side panel, then reload this page.</p>`;
  const attachments = issue.attachments.map((a) => a.mimeType.startsWith('image/')
    ? html`<figure id="attachment-${a.id}"><img src="${safeHref(a.content) ?? ''}" alt="${a.filename}"><figcaption>${a.filename}</figcaption></figure>`
    : html`<p id="attachment-${a.id}"><a href="${safeHref(a.content) ?? ''}">${a.filename}</a></p>`);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${issue.key} · demo Jira</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<header><p>Demo Jira (a local stand-in for Jira Cloud)</p><h1>${issue.key}</h1></header>
<main>
<section><h2>Comments</h2>${comments}</section>
<section><h2>Attachments (${issue.attachments.length})</h2>${attachments}</section>
</main>
<script>${new SafeHtml(FOCUS_SCRIPT)}</script>
</body>
</html>
`.toString();
}

/** A page for a key the fake Jira does not have, worded as Jira words it. */
export function missingIssuePage(key: string): string {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Issue not found · demo Jira</title></head>
<body><h1>${key}</h1><p>Issue does not exist or you do not have permission to see it.</p></body></html>`.toString();
}

/** A comment body: ADF as HTML, anything else as preformatted text. */
export function commentBody(body: unknown): SafeHtml {
  if (isNode(body) && body.type === 'doc') return html`<div class="adf">${children(body)}</div>`;
  return html`<pre class="raw">${typeof body === 'string' ? body : JSON.stringify(body, null, 2)}</pre>`;
}

function node(value: unknown): SafeHtml {
  if (!isNode(value)) return html``;
  const inner = () => children(value);
  switch (value.type) {
    case 'paragraph':
      return html`<p>${inner()}</p>`;
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(value.attrs?.level) || 1));
      // The level is a number from 1 to 6, so the tag name is safe to build.
      return html`${new SafeHtml(`<h${level}>`)}${inner()}${new SafeHtml(`</h${level}>`)}`;
    }
    case 'bulletList':
      return html`<ul>${inner()}</ul>`;
    case 'orderedList': {
      const order = Number(value.attrs?.order);
      return Number.isInteger(order) && order !== 1 ? html`<ol start="${order}">${inner()}</ol>` : html`<ol>${inner()}</ol>`;
    }
    case 'listItem':
      return html`<li>${inner()}</li>`;
    case 'blockquote':
      return html`<blockquote>${inner()}</blockquote>`;
    case 'codeBlock':
      return html`<pre><code>${plainText(value)}</code></pre>`;
    case 'rule':
      return html`<hr>`;
    case 'hardBreak':
      return html`<br>`;
    case 'table':
      return html`<table>${inner()}</table>`;
    case 'tableRow':
      return html`<tr>${inner()}</tr>`;
    case 'tableHeader':
      return html`<th>${inner()}</th>`;
    case 'tableCell':
      return html`<td>${inner()}</td>`;
    case 'text':
      return marked(typeof value.text === 'string' ? value.text : '', Array.isArray(value.marks) ? value.marks : []);
    default:
      // Mentions, emoji, dates and the like carry their text in attrs; other containers their children.
      return typeof value.attrs?.text === 'string' ? html`<span>${value.attrs.text}</span>` : html`${inner()}`;
  }
}

function children(value: AdfNode): HtmlValue[] {
  return Array.isArray(value.content) ? value.content.map(node) : [];
}

/** Text wrapped in its marks, the first mark outermost (ADF puts a link first). */
function marked(text: string, marks: unknown[]): SafeHtml {
  let out: SafeHtml = html`${text}`;
  for (const mark of [...marks].reverse()) {
    if (!isNode(mark)) continue;
    if (mark.type === 'strong') out = html`<strong>${out}</strong>`;
    else if (mark.type === 'em') out = html`<em>${out}</em>`;
    else if (mark.type === 'strike') out = html`<s>${out}</s>`;
    else if (mark.type === 'underline') out = html`<u>${out}</u>`;
    else if (mark.type === 'code') out = html`<code>${out}</code>`;
    else if (mark.type === 'link') {
      const href = safeHref(mark.attrs?.href);
      if (href) out = html`<a href="${href}" rel="noopener noreferrer">${out}</a>`;
    }
  }
  return out;
}

function plainText(value: AdfNode): string {
  if (typeof value.text === 'string') return value.text;
  return Array.isArray(value.content) ? value.content.map((c) => (isNode(c) ? plainText(c) : '')).join('') : '';
}

/** Only http(s) links: a comment must not smuggle a javascript: URL into the page. */
function safeHref(href: unknown): string | undefined {
  if (typeof href !== 'string') return undefined;
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined; // not an absolute URL: shown as text only
  }
}

function isNode(value: unknown): value is AdfNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Jira's comment links carry ?focusedCommentId=ID: bring that comment into view and mark it. */
const FOCUS_SCRIPT = `
const id = new URLSearchParams(location.search).get('focusedCommentId');
const comment = id && document.getElementById('comment-' + id);
if (comment) { comment.classList.add('focused'); comment.scrollIntoView(); }
`;

const STYLE = `
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #172b4d; background: #f4f5f7; }
  header { padding: 8px 24px; color: #fff; background: #0052cc; }
  header p { margin: 0; font-size: 13px; opacity: .85; }
  header h1 { margin: 0; font-size: 22px; }
  main { max-width: 880px; margin: 0 auto; padding: 8px 24px; }
  section { margin: 16px 0; }
  h2 { font-size: 17px; }
  .comment { background: #fff; border: 1px solid #dfe1e6; border-radius: 6px; padding: 8px 16px; margin: 8px 0; }
  .comment.focused { border-color: #0052cc; box-shadow: 0 0 0 2px #4c9aff; }
  .meta { color: #6b778c; font-size: 13px; margin: 0; }
  table { border-collapse: collapse; margin: 8px 0; }
  th, td { border: 1px solid #dfe1e6; padding: 2px 8px; text-align: left; vertical-align: top; }
  th { background: #f4f5f7; }
  th p, td p { margin: 0; }
  code { font-family: ui-monospace, monospace; font-size: 13px; background: #f4f5f7; padding: 0 2px; }
  pre { background: #f4f5f7; padding: 8px; overflow: auto; }
  figure { margin: 8px 0; }
  img { max-width: 100%; border: 1px solid #dfe1e6; }
  figcaption { font-size: 13px; color: #6b778c; }
`;
