import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SignOff } from '../../../lib/signoff/signoff';
import { Ajv, type ValidateFunction } from 'ajv';
import { intParam, type FakeReply } from '../fake-api';
import { issuePage, missingIssuePage } from './jira-view';

/**
 * A stand-in for Jira's REST API, Cloud (v3) or Data Center (v2), as documented
 * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/,
 * .../api-group-issue-attachments/, https://docs.atlassian.com/software/jira/docs/api/REST/latest/):
 *
 * - GET  /rest/api/{v}/myself → the token's account: { accountId, displayName, emailAddress, … }
 *   on Cloud, { name, key, displayName, emailAddress, … } on Data Center
 * - GET  /rest/api/{v}/issue/{key}?fields=attachment → { id, key, self, fields: { attachment } }
 * - POST /rest/api/{v}/issue/{key}/attachments: multipart/form-data, files in the field `file`,
 *   only with `X-Atlassian-Token: no-check` (403 "XSRF check failed" otherwise) → 200 [attachment]
 * - GET  /rest/api/{v}/issue/{key}/comment?startAt=&maxResults=&orderBy= → { startAt, maxResults, total,
 *   comments }; orderBy "created" / "+created" oldest first, "-created" newest first
 * - DELETE /rest/api/{v}/issue/{key}/comment/{id} → 204 without a body; 404 for a comment the
 *   issue does not have
 * - POST /rest/api/{v}/issue/{key}/comment { body } → 201 comment. On Cloud the body must be an
 *   ADF document valid against @atlaskit/adf-schema's full.json (400 INVALID_INPUT otherwise,
 *   and it is kept in `invalidBodies`); on Data Center a non-empty wiki-markup string.
 * - Cloud: Basic base64(email:apiToken); Data Center: Bearer <PAT>; 401 otherwise
 * - errors as { errorMessages, errors }: 404 for an unknown issue key, 403 for issues in
 *   `readOnlyIssues` on POST; fault injection (429 with Retry-After, 500, a reset connection),
 *   delays, held replies (for timeouts on fake timers), and a log of every request.
 *
 * For people (the demo), without auth — it stands in for the browser's Jira session:
 * - GET  /browse/{key} → an HTML page of the issue's comments and attachments (jira-view.ts);
 *   the comment links the trackers return (`/browse/KEY?focusedCommentId=ID`) open it
 * - GET  an attachment's `content` URL → its bytes (Cloud answers a redirect to its media
 *   store there; the bytes themselves are what a browser ends up with)
 */
export type FakeJiraOptions = (
  | { flavour: 'cloud'; email: string; apiToken: string }
  | { flavour: 'data-center'; personalAccessToken: string }
) & {
  /** The issues that exist, e.g. ['SHOP-142']. */
  issues: string[];
  /** Issues the account may read but not comment on or attach to: POSTs answer 403. */
  readOnlyIssues?: string[];
  /** The most comments a page holds, whatever maxResults asks (Jira caps pages too). */
  pageCap?: number;
  /** Whom the token signs in as; "Pat Owner" by default, with the Cloud e-mail or "powner". */
  account?: { displayName: string; emailAddress?: string; name?: string };
  /** The port to listen on (the demo's fixed address); 0, the default, picks a free one. */
  port?: number;
};

export interface UploadedFile {
  field: string;
  filename: string;
  type: string;
  bytes: Buffer;
}

export interface JiraRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** JSON when it parsed, else the text; undefined for multipart and empty bodies. */
  body: unknown;
  files: UploadedFile[];
  /** How many requests came before this one on the same connection: 0 for a fresh one (keep-alive reuse > 0). */
  onConnection: number;
}

export interface StoredComment {
  id: string;
  body: unknown;
}

export interface StoredAttachment {
  id: string;
  filename: string;
  mimeType: string;
  bytes: Buffer;
  content: string;
}

export interface FakeJira {
  origin: string;
  requests: JiraRequest[];
  comments(key: string): StoredComment[];
  attachments(key: string): StoredAttachment[];
  /** A comment someone else wrote, as it would be stored (ADF on Cloud, a string on Data Center). */
  addComment(key: string, body: unknown): StoredComment;
  /** Comment bodies Cloud refused as invalid ADF, with the schema's complaints. */
  invalidBodies: { body: unknown; errors: string[] }[];
  /**
   * The next `count` requests get this reply (or a reset connection) instead. 'store-then-drop':
   * the request is carried out (a comment is stored), then the connection is closed without an
   * answer, as a server does to an idle keep-alive connection it was about to close; Chromium then
   * sends the same request again by itself when the connection was a reused one.
   */
  failNext(count: number, reply: FakeReply | 'reset' | 'store-then-drop'): void;
  /**
   * The next comment POST is stored twice and the second copy answered: what the tracker holds
   * after the browser re-sent a post whose first answer was lost (see 'store-then-drop').
   */
  resendNextPost(): void;
  /**
   * The next comment POST is stored, then its connection is closed without an answer. On a
   * reused keep-alive connection a browser takes that for a connection the server had closed
   * while idle, and sends the same POST again on a new one, without the page (or the
   * extension) knowing; that second POST is answered as usual.
   */
  dropNextPostAfterStoring(): void;
  /** Every reply waits this long first. */
  delayMs: number;
  /** Replies wait until `release()` (a request that never gets its answer, for timeouts). */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

const jiraError = (status: number, messages: string[], errors: Record<string, string> = {}): FakeReply => ({ status, body: { errorMessages: messages, errors } });
const NOT_FOUND = jiraError(404, ['Issue does not exist or you do not have permission to see it.']);

export async function startFakeJira(options: FakeJiraOptions): Promise<FakeJira> {
  const version = options.flavour === 'cloud' ? '3' : '2';
  const expectedAuth = options.flavour === 'cloud'
    ? `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`
    : `Bearer ${options.personalAccessToken}`;
  const issues = new Map(options.issues.map((key, index) => [key, { id: String(10001 + index), comments: [] as StoredComment[], attachments: [] as StoredAttachment[] }]));
  const faults: (FakeReply | 'reset' | 'store-then-drop')[] = [];
  let resendPosts = 0;
  let dropPosts = 0;
  const perConnection = new WeakMap<object, number>();
  const held: (() => void)[] = [];
  let holding = false;
  let nextId = 10000;
  const jira = { requests: [] as JiraRequest[], invalidBodies: [] as FakeJira['invalidBodies'], delayMs: 0 } as FakeJira;

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    const contentType = req.headers['content-type'] ?? '';
    const files = contentType.startsWith('multipart/form-data') ? await parseMultipart(raw, contentType) : [];
    const request: JiraRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: files.length || !raw.length ? undefined : parse(raw.toString('utf8')),
      files,
      onConnection: perConnection.get(req.socket) ?? 0,
    };
    perConnection.set(req.socket, request.onConnection + 1);
    jira.requests.push(request);
    const isCommentPost = request.method === 'POST' && /\/issue\/[^/]+\/comment$/.test(request.path);
    const fault = isCommentPost && dropPosts > 0 ? (dropPosts--, 'store-then-drop' as const) : faults.shift();
    const reply = (fault === 'store-then-drop' ? undefined : fault) ?? forPeople(request) ?? authorize(request) ?? route(request);
    if (fault === 'store-then-drop') return void req.socket.destroy();
    if (holding) await new Promise<void>((resolve) => held.push(resolve));
    if (jira.delayMs) await new Promise((resolve) => setTimeout(resolve, jira.delayMs));
    if (reply === 'reset') return void req.socket.destroy();
    if (res.destroyed) return;
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.body !== undefined && !headers['Content-Type']) headers['Content-Type'] = typeof reply.body === 'string' ? 'text/plain' : 'application/json;charset=UTF-8';
    res.writeHead(reply.status, headers);
    const { body } = reply;
    res.end(body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
  });

  /** The issue page and attachment bytes a person's browser asks for; undefined for the REST API. */
  function forPeople(request: JiraRequest): FakeReply | undefined {
    if (request.method !== 'GET') return undefined;
    const browse = /^\/browse\/([^/]+)$/.exec(request.path);
    if (browse) {
      const key = decodedKey(browse[1]!);
      const issue = issues.get(key);
      const page = issue ? issuePage({ key, comments: issue.comments, attachments: issue.attachments }) : missingIssuePage(key);
      return { status: issue ? 200 : 404, body: page, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } };
    }
    const url = `${jira.origin}${request.path}`;
    const attachment = [...issues.values()].flatMap((i) => i.attachments).find((a) => a.content === url);
    if (!attachment) return undefined;
    return { status: 200, body: attachment.bytes, headers: { 'Content-Type': attachment.mimeType || 'application/octet-stream' } };
  }

  function authorize(request: JiraRequest): FakeReply | undefined {
    if (request.headers.authorization === expectedAuth) return undefined;
    const reply = jiraError(401, ['You are not authenticated. Authentication required to perform this operation.']);
    return { ...reply, headers: { 'X-Seraph-LoginReason': 'AUTHENTICATED_FAILED', 'WWW-Authenticate': 'OAuth realm="jira"' } };
  }

  function route(request: JiraRequest): FakeReply {
    if (request.method === 'GET' && request.path === `/rest/api/${version}/myself`) return { status: 200, body: myself() };
    const match = /^\/rest\/api\/(\d)\/issue\/([^/]+)(?:\/(comment|attachments)(?:\/([^/]+))?)?$/.exec(request.path);
    if (!match || match[1] !== version) return jiraError(404, [`null for uri: ${jira.origin}${request.path}`]);
    const key = decodeURIComponent(match[2]!).toUpperCase();
    const issue = issues.get(key);
    if (!issue) return NOT_FOUND;
    const what = match[3];
    const commentId = match[4];
    if (commentId !== undefined) {
      if (what !== 'comment' || request.method !== 'DELETE') return { status: 405, body: '' };
      const at = issue.comments.findIndex((c) => c.id === decodeURIComponent(commentId));
      if (at < 0) return jiraError(404, ['Can not find a comment for the id: ' + commentId + '.']);
      issue.comments.splice(at, 1);
      return { status: 204 };
    }
    const readOnly = options.readOnlyIssues?.map((k) => k.toUpperCase()).includes(key);
    if (request.method === 'GET' && what === undefined) {
      const attachment = issue.attachments.map((a) => attachmentJson(a));
      return { status: 200, body: { expand: 'renderedFields', id: issue.id, self: `${jira.origin}/rest/api/${version}/issue/${issue.id}`, key, fields: { attachment } } };
    }
    if (request.method === 'GET' && what === 'comment') {
      const startAt = intParam(request.query, 'startAt', 0);
      const maxResults = Math.min(intParam(request.query, 'maxResults', 5000), options.pageCap ?? 5000);
      const orderBy = request.query.get('orderBy') ?? 'created';
      const ordered = orderBy === '-created' ? [...issue.comments].reverse() : issue.comments;
      const comments = ordered.slice(startAt, startAt + maxResults).map((c) => commentJson(issue.id, c));
      return { status: 200, body: { startAt, maxResults, total: issue.comments.length, comments } };
    }
    if (request.method === 'POST' && what === 'attachments') {
      if (request.headers['x-atlassian-token'] !== 'no-check') return { status: 403, body: 'XSRF check failed' };
      if (readOnly) return jiraError(403, ['You do not have permission to create attachments for this issue.']);
      const uploaded = request.files.filter((f) => f.field === 'file');
      if (!uploaded.length) return jiraError(400, ['No attachments were found in the request. The multipart/form-data parameter must be "file".']);
      const stored = uploaded.map((file) => {
        const id = String(nextId++);
        const content = options.flavour === 'cloud' ? `${jira.origin}/rest/api/3/attachment/content/${id}` : `${jira.origin}/secure/attachment/${id}/${encodeURIComponent(file.filename)}`;
        const attachment: StoredAttachment = { id, filename: file.filename, mimeType: file.type, bytes: file.bytes, content };
        issue.attachments.push(attachment);
        return attachmentJson(attachment);
      });
      return { status: 200, body: stored };
    }
    if (request.method === 'POST' && what === 'comment') {
      if (readOnly) return jiraError(403, ['You do not have the permission to comment on this issue.']);
      const body = (request.body as { body?: unknown } | undefined)?.body;
      const refusal = options.flavour === 'cloud' ? checkAdfBody(body) : checkWikiBody(body);
      if (refusal) return refusal;
      let comment = { id: String(nextId++), body };
      issue.comments.push(comment);
      if (resendPosts > 0) {
        resendPosts--;
        comment = { id: String(nextId++), body };
        issue.comments.push(comment);
      }
      return { status: 201, body: commentJson(issue.id, comment) };
    }
    return { status: 405, body: '' };
  }

  function checkAdfBody(body: unknown): FakeReply | undefined {
    if (typeof body !== 'object' || body === null) return jiraError(400, [], { comment: 'Comment body is not valid!' });
    const errors = adfErrors(body);
    if (!errors.length) return undefined;
    jira.invalidBodies.push({ body, errors });
    return jiraError(400, ['INVALID_INPUT']);
  }

  function checkWikiBody(body: unknown): FakeReply | undefined {
    if (typeof body !== 'string') return jiraError(400, ['Can not deserialize instance of java.lang.String out of START_OBJECT token']);
    if (!body.trim()) return jiraError(400, [], { comment: 'Comment body can not be empty!' });
    return undefined;
  }

  /** GET /myself as each flavour answers it (Cloud keeps no login name, only the accountId). */
  function myself() {
    const self = `${jira.origin}/rest/api/${version}/myself`;
    if (options.flavour === 'cloud') {
      const account = options.account ?? { displayName: 'Pat Owner', emailAddress: options.email };
      return {
        self, accountId: '5b10ac8d82e05b22cc7d4ef5', accountType: 'atlassian', displayName: account.displayName,
        ...(account.emailAddress ? { emailAddress: account.emailAddress } : {}), active: true, timeZone: 'Europe/Berlin', locale: 'en_US',
      };
    }
    const account = options.account ?? { displayName: 'Pat Owner', emailAddress: 'pat@acme.example', name: 'powner' };
    return {
      self, key: 'JIRAUSER10000', name: account.name ?? 'powner', displayName: account.displayName,
      ...(account.emailAddress ? { emailAddress: account.emailAddress } : {}), active: true, timeZone: 'Europe/Berlin', locale: 'en_US',
    };
  }

  function attachmentJson(a: StoredAttachment) {
    return {
      self: `${jira.origin}/rest/api/${version}/attachment/${a.id}`, id: a.id, filename: a.filename,
      author: { displayName: 'Pat Owner', active: true }, created: '2026-05-04T10:00:00.000+0000',
      size: a.bytes.length, mimeType: a.mimeType, content: a.content,
    };
  }

  function commentJson(issueId: string, c: StoredComment) {
    const author = { displayName: 'Pat Owner', active: true };
    return {
      self: `${jira.origin}/rest/api/${version}/issue/${issueId}/comment/${c.id}`, id: c.id, author, body: c.body, updateAuthor: author,
      created: createdAt(c.id), updated: createdAt(c.id), ...(version === '3' ? { jsdPublic: true } : {}),
    };
  }

  /** Ids are handed out in order, so a later comment has a later time. */
  const createdAt = (id: string) => new Date(Date.UTC(2026, 4, 4, 10, 0, 0) + (Number(id) - 10000) * 1000).toISOString().replace('Z', '+0000');

  const known = (key: string) => {
    const issue = issues.get(key.toUpperCase());
    if (!issue) throw new Error(`The fake Jira has no issue ${key}`);
    return issue;
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  jira.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  jira.comments = (key) => known(key).comments;
  jira.attachments = (key) => known(key).attachments;
  jira.addComment = (key, body) => {
    const comment = { id: String(nextId++), body };
    known(key).comments.push(comment);
    return comment;
  };
  jira.failNext = (count, reply) => {
    for (let i = 0; i < count; i++) faults.push(reply);
  };
  jira.resendNextPost = () => void resendPosts++;
  jira.dropNextPostAfterStoring = () => void dropPosts++;
  jira.hold = () => void (holding = true);
  jira.release = () => {
    holding = false;
    held.splice(0).forEach((resolve) => resolve());
  };
  jira.close = () =>
    new Promise<void>((resolve) => {
      jira.release();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return jira;
}

/** Multipart parsed by the platform's own FormData reader, bytes kept exactly. */
async function parseMultipart(raw: Buffer, contentType: string): Promise<UploadedFile[]> {
  const form = await new Response(new Uint8Array(raw), { headers: { 'Content-Type': contentType } }).formData();
  const files: UploadedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') continue;
    files.push({ field, filename: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
  }
  return files;
}

/** A key from a path; a malformed escape names no issue, and must not take the demo server down. */
function decodedKey(segment: string): string {
  try {
    return decodeURIComponent(segment).toUpperCase();
  } catch {
    return segment.toUpperCase(); // URIError: shown as typed, on the "not found" page
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

let validateAdf: ValidateFunction | undefined;

/**
 * What the published ADF JSON schema finds wrong with a document; empty when it is valid.
 * The schema declares draft-04, which ajv 8 has no meta-schema for; its keywords (no boolean
 * exclusiveMinimum, no `id`) mean the same in ajv's default draft-07, so the declaration is
 * dropped. `strict: false` because the schema uses tuple `items` without minItems/maxItems,
 * which is valid JSON Schema that ajv's strict mode merely warns about.
 */
export function adfErrors(doc: unknown): string[] {
  if (!validateAdf) {
    const path = new URL('../../../node_modules/@atlaskit/adf-schema/dist/json-schema/v1/full.json', import.meta.url);
    const { $schema: _draft04, ...schema } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    validateAdf = new Ajv({ strict: false, allErrors: false }).compile(schema);
  }
  if (validateAdf(doc)) return [];
  return (validateAdf.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/** A PNG signature followed by every byte value: a screenshot whose bytes show any mangling. */
export const SAMPLE_PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);

/**
 * The PO's sign-off of SHOP-142 from the story, with a screenshot, and `changes`.
 *
 * @example sampleSignOff({ screenshot: undefined, notes: '' })
 */
export function sampleSignOff(changes: Partial<SignOff> = {}): SignOff {
  return {
    id: 'so-abcdefghijklmnopqrst',
    siteId: 'shop',
    ticket: 'SHOP-142',
    verdict: 'passed',
    notes: 'Checked the **new checkout** in production.\n- card payment works\n- PayPal works',
    screenshot: { base64: SAMPLE_PNG.toString('base64'), width: 1280, height: 800 },
    evidence: {
      url: 'https://shop.example.com/checkout?step=2',
      site: { id: 'shop', name: 'Shop' },
      environment: 'production',
      overrides: { 'new-checkout': true, 'checkout-variant': 'b' },
      activeFlags: [{ key: 'new-checkout', value: true, source: 'server echo header' }, { key: 'banner', source: 'page marker' }],
      browser: 'Chrome 142.0.7444.59',
      flagtabVersion: '0.1.0',
      who: 'po@acme.example',
      at: Date.UTC(2026, 4, 4, 10, 0, 0),
    },
    createdAt: Date.UTC(2026, 4, 4, 10, 0, 0),
    ...changes,
  };
}
