import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeApi, FakeReply, RecordedRequest } from '../fake-api';

/**
 * Linear's GraphQL API for the operations Flagtab sends, and a stand-in for the file storage its
 * signed upload URLs point at, as documented (linear.app/developers: graphql, rate-limiting,
 * how-to-upload-a-file-to-linear) and as api.linear.app answers:
 * - POST /graphql { query, variables }, auth "Authorization: <personal API key>" (no "Bearer");
 *   a missing or wrong key is HTTP 401 with errors[{ extensions: { type: "authentication error",
 *   code: "AUTHENTICATION_ERROR" } }];
 * - the operation is told by its first field: `viewer`, `issue(id:) { comments(first:, after:) }`
 *   (identifier or UUID; nodes + pageInfo { hasNextPage endCursor }, at most 250 a page),
 *   `fileUpload(contentType:, filename:, size:)`, `commentCreate(input: { issueId, body })` and
 *   `commentDelete(id:)` (DeletePayload { success, entityId, lastSyncId }; an unknown id is
 *   "Entity not found: Comment");
 * - an unknown issue is HTTP 200 with data null and "Entity not found: Issue" (code INPUT_ERROR,
 *   type "invalid input"); a key without write access gets HTTP 400 with code FORBIDDEN on
 *   mutations;
 * - fileUpload answers { success, uploadFile { uploadUrl, assetUrl, headers[] } }: the upload URL
 *   is on this server under /storage/ (signed, no key needed), the asset under /uploads/; a PUT
 *   whose Content-Type, size or listed headers do not match the signature is 403 with
 *   Google Cloud Storage's XML <Error><Code>SignatureDoesNotMatch</Code>…, as is an expired one.
 * Rate limits come through `failNext(linearRateLimited(…))`: HTTP 400, code RATELIMITED.
 */
export interface FakeLinearData {
  apiKey: string;
  /** Valid keys with read access only: mutations are refused with FORBIDDEN. */
  readOnlyKeys?: string[];
  /** Issues by identifier ("ENG-12"), each with its existing comments' bodies, oldest first. */
  issues: Record<string, string[]>;
  /** The key's account; "QA Bot" <qa-bot@acme.example> by default. */
  viewer?: { name: string; email: string };
  /** Lists comments newest first (Linear's order is not what Flagtab relies on). */
  newestFirst?: boolean;
}

export interface FakeLinearComment {
  id: string;
  body: string;
  url: string;
  createdAt: string;
}

export interface FakeLinearUpload {
  filename: string;
  contentType: string;
  /** What fileUpload was told; the PUT must match it. */
  size: number;
  uploadPath: string;
  assetUrl: string;
  /** The bytes the PUT delivered, once it has; with the PUT's headers. */
  bytes?: Buffer;
  headers?: Record<string, string | string[] | undefined>;
}

export interface FakeLinear extends FakeApi {
  /** Comments per issue identifier, oldest first. */
  comments: Map<string, FakeLinearComment[]>;
  uploads: FakeLinearUpload[];
  /** Signed upload URLs refuse the PUT as expired. */
  expireUploads: boolean;
  /** The next commentCreate is stored twice, the second copy answered: the browser re-sent it. */
  resendNextPost(): void;
}

/** Linear's rate-limit answer: HTTP 400, code RATELIMITED, the requests budget empty until `resetAt` (epoch ms). */
export function linearRateLimited(resetAt: number): FakeReply {
  return {
    status: 400,
    headers: { 'X-RateLimit-Requests-Limit': '2500', 'X-RateLimit-Requests-Remaining': '0', 'X-RateLimit-Requests-Reset': String(resetAt) },
    body: { errors: [{ message: 'Rate limit exceeded', extensions: { type: 'ratelimited', code: 'RATELIMITED', statusCode: 429, userPresentableMessage: 'Too many requests. Please try again later.' } }] },
  };
}

const SIGNED_HEADERS = ['content-type', 'content-disposition', 'x-goog-content-length-range'];

export async function startFakeLinear(data: FakeLinearData): Promise<FakeLinear> {
  const requests: RecordedRequest[] = [];
  const faults: FakeReply[] = [];
  const comments = new Map<string, FakeLinearComment[]>();
  const uploads: FakeLinearUpload[] = [];
  const uuids = new Map<string, string>(); // issue UUID → identifier
  let clock = Date.UTC(2025, 5, 1);
  const fake = { delayMs: 0, requests, comments, uploads, expireUploads: false } as unknown as FakeLinear;
  let resends = 0;
  fake.resendNextPost = () => void resends++;
  fake.failNext = (count, reply) => {
    for (let i = 0; i < count; i++) faults.push(reply);
  };

  const addComment = (issue: string, body: string): FakeLinearComment => {
    const id = randomUUID();
    clock += 60_000;
    const comment = { id, body, url: `${fake.origin}/acme/issue/${issue}#comment-${id.slice(0, 8)}`, createdAt: new Date(clock).toISOString() };
    comments.get(issue)!.push(comment);
    return comment;
  };
  const issueOf = (id: unknown) => (typeof id === 'string' ? (comments.has(id.toUpperCase()) ? id.toUpperCase() : uuids.get(id)) : undefined);

  const errors = (status: number, message: string, extensions: Record<string, unknown>, withData = false): FakeReply => ({
    status,
    body: { ...(withData ? { data: null } : {}), errors: [{ message, extensions }] },
  });
  const notFound = () => errors(200, 'Entity not found: Issue', { type: 'invalid input', code: 'INPUT_ERROR', statusCode: 400, userPresentableMessage: 'Could not find referenced Issue.' }, true);

  function graphql(request: RecordedRequest): FakeReply {
    const key = request.headers.authorization;
    const readOnly = typeof key === 'string' && (data.readOnlyKeys ?? []).includes(key);
    if (key !== data.apiKey && !readOnly) {
      return errors(401, 'Authentication required, not authenticated', { type: 'authentication error', code: 'AUTHENTICATION_ERROR', statusCode: 401, userPresentableMessage: 'You need to authenticate to access this operation.' });
    }
    const { query, variables = {} } = (request.body ?? {}) as { query?: string; variables?: Record<string, unknown> };
    const operation = /^\s*(query|mutation)\b[^{]*\{\s*(\w+)/.exec(query ?? '');
    if (!operation) return errors(400, 'Syntax Error: Unexpected <EOF>.', { code: 'GRAPHQL_PARSE_FAILED', type: 'graphql error' });
    const [, kind, field] = operation;
    if (kind === 'mutation' && readOnly) {
      return errors(400, 'Invalid scope: `write` required', { type: 'forbidden', code: 'FORBIDDEN', statusCode: 403, userPresentableMessage: 'You do not have permission to perform this action.' });
    }
    switch (field) {
      case 'viewer':
        return { status: 200, body: { data: { viewer: data.viewer ?? { name: 'QA Bot', email: 'qa-bot@acme.example' } } } };
      case 'issue': {
        const issue = issueOf(variables.issue);
        if (!issue) return notFound();
        return { status: 200, body: { data: { issue: { comments: page(issue, query!, variables.after) } } } };
      }
      case 'fileUpload':
        return fileUpload(variables);
      case 'commentCreate': {
        const input = variables.input as { issueId?: unknown; body?: unknown } | undefined;
        const issue = issueOf(input?.issueId);
        if (!issue) return notFound();
        if (typeof input?.body !== 'string' || !input.body.trim()) {
          return errors(400, 'Argument Validation Error', { type: 'invalid input', code: 'INPUT_ERROR', userPresentableMessage: 'Comment body must not be empty.' });
        }
        let { id, url } = addComment(issue, input.body);
        if (resends > 0) {
          resends--;
          ({ id, url } = addComment(issue, input.body));
        }
        return { status: 200, body: { data: { commentCreate: { success: true, comment: { id, url }, lastSyncId: 1 } } } };
      }
      case 'commentDelete': {
        const id = variables.id;
        for (const list of comments.values()) {
          const at = list.findIndex((c) => c.id === id);
          if (at < 0) continue;
          list.splice(at, 1);
          return { status: 200, body: { data: { commentDelete: { success: true, entityId: id, lastSyncId: 2 } } } };
        }
        return errors(200, 'Entity not found: Comment', { type: 'invalid input', code: 'INPUT_ERROR', statusCode: 400, userPresentableMessage: 'Could not find referenced Comment.' }, true);
      }
      default:
        return errors(400, `Cannot query field "${field}" on type "${kind === 'query' ? 'Query' : 'Mutation'}".`, { code: 'GRAPHQL_VALIDATION_FAILED', type: 'graphql error' });
    }
  }

  function page(issue: string, query: string, after: unknown) {
    const list = data.newestFirst ? [...comments.get(issue)!].reverse() : comments.get(issue)!;
    const first = Math.min(Number(/comments\(first:\s*(\d+)/.exec(query)?.[1] ?? 50), 250);
    const start = typeof after === 'string' ? Number(Buffer.from(after, 'base64url').toString()) + 1 : 0;
    const nodes = list.slice(start, start + first);
    const end = start + nodes.length - 1;
    const cursor = nodes.length ? Buffer.from(String(end)).toString('base64url') : null;
    return { nodes: nodes.map(({ id, body, url, createdAt }) => ({ id, body, url, createdAt })), pageInfo: { hasNextPage: end + 1 < list.length, endCursor: cursor } };
  }

  function fileUpload(variables: Record<string, unknown>): FakeReply {
    const { contentType, filename, size } = variables;
    if (typeof contentType !== 'string' || typeof filename !== 'string' || !Number.isInteger(size)) {
      return errors(400, 'Variable "$size" of required type "Int!" was not provided.', { code: 'BAD_USER_INPUT', type: 'graphql error' });
    }
    const secret = randomBytes(12).toString('hex');
    const uploadPath = `/storage/${secret}/${encodeURIComponent(filename)}`;
    const assetUrl = `${fake.origin}/uploads/${randomUUID()}/${randomUUID()}`;
    uploads.push({ filename, contentType, size: size as number, uploadPath, assetUrl });
    const headers = [
      { key: 'Content-Disposition', value: `attachment; filename="${filename}"` },
      { key: 'x-goog-content-length-range', value: `${size},${size}` },
    ];
    const uploadUrl = `${fake.origin}${uploadPath}?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Expires=60&X-Goog-SignedHeaders=${SIGNED_HEADERS.join('%3B')}&X-Goog-Signature=${secret}`;
    return { status: 200, body: { data: { fileUpload: { success: true, lastSyncId: 1, uploadFile: { uploadUrl, assetUrl, contentType, filename, size, headers } } } } };
  }

  function put(path: string, headers: Record<string, string | string[] | undefined>, bytes: Buffer): FakeReply {
    const upload = uploads.find((u) => u.uploadPath === path);
    const refuse = (code: string, message: string): FakeReply => ({
      status: code === 'NoSuchUpload' ? 404 : 403,
      headers: { 'Content-Type': 'application/xml; charset=UTF-8' },
      body: `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    });
    if (!upload) return refuse('NoSuchUpload', 'No such upload.');
    if (fake.expireUploads) return refuse('ExpiredToken', 'Invalid argument: the signed URL has expired.');
    const expected: Record<string, string> = {
      'content-type': upload.contentType,
      'content-disposition': `attachment; filename="${upload.filename}"`,
      'x-goog-content-length-range': `${upload.size},${upload.size}`,
    };
    const mismatch = SIGNED_HEADERS.find((h) => headers[h] !== expected[h]);
    if (mismatch || bytes.length !== upload.size) {
      return refuse('SignatureDoesNotMatch', `The request signature we calculated does not match the signature you provided (${mismatch ?? 'size'}).`);
    }
    upload.bytes = bytes;
    upload.headers = headers;
    return { status: 200 };
  }

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers,
      body: req.method === 'PUT' ? { bytes: raw } : raw.length ? safeJson(raw.toString('utf8')) : undefined,
    };
    requests.push(recorded);
    const reply =
      faults.shift() ??
      (req.method === 'POST' && url.pathname === '/graphql' ? graphql(recorded)
      : req.method === 'PUT' && url.pathname.startsWith('/storage/') ? put(url.pathname, req.headers, raw)
      : { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<!DOCTYPE html><title>Linear</title><p>Page not found' });
    if (fake.delayMs) await new Promise((r) => setTimeout(r, fake.delayMs));
    if (res.destroyed) return;
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json; charset=utf-8';
    res.writeHead(reply.status, headers);
    res.end(reply.body === undefined ? undefined : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Seeded once the origin is known: each comment's url names it.
  for (const [issue, bodies] of Object.entries(data.issues)) {
    comments.set(issue, []);
    uuids.set(randomUUID(), issue);
    for (const body of bodies) addComment(issue, body);
  }
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
