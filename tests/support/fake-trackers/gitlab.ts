import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { intParam, type FakeApi, type FakeReply, type RecordedRequest } from '../fake-api';

/**
 * GitLab's REST API v4 for issue notes and project uploads, as documented
 * (docs.gitlab.com/api/notes, docs.gitlab.com/api/project_markdown_uploads) and as gitlab.com answers:
 * - auth: "PRIVATE-TOKEN: <token>" (or "Authorization: Bearer <token>"); a missing or wrong
 *   token is 401 { "message": "401 Unauthorized" }; a read_api token may read, and writing with
 *   it is 403 { "error": "insufficient_scope", … };
 * - projects by numeric id or URL-encoded full path ("group%2Fsub%2Fproject"), case-insensitive;
 *   an unknown or invisible project is 404 { "message": "404 Project Not Found" }, an unknown
 *   issue 404 { "message": "404 Issue Not Found" }; a project where the account is not a member
 *   (public, so readable) refuses notes with 403 { "message": "403 Forbidden" };
 * - GET …/issues/{iid}/notes: `per_page` (default 20, at most 100), `page`, `sort` (desc by
 *   default), `order_by`; X-Page, X-Per-Page, X-Total, X-Total-Pages, X-Next-Page (empty on the
 *   last page), X-Prev-Page; GitLab's own system notes are listed too;
 * - POST …/issues/{iid}/notes { body }: 201 with the note; no body is 400 "body is missing";
 * - DELETE …/issues/{iid}/notes/{note_id}: 204 without a body; an unknown note is
 *   404 { "message": "404 Note Not Found" }; a read_api token or a non-member 403;
 * - GET /api/v4/user: the token's account ({ id, username, name, state, … });
 * - POST …/uploads, multipart field `file`: 201 { id, alt, url, full_path, markdown }; no file
 *   is 400 "file is missing", a file over the limit 413.
 * Multipart bodies are kept as bytes, so a test can check the screenshot arrived intact.
 */
export interface FakeGitLabData {
  token: string;
  /** Valid tokens with only the read_api scope. */
  readOnlyTokens?: string[];
  /** Projects by full path, each with its id and its issues' existing note bodies by iid. */
  projects: Record<string, { id: number; issues: Record<number, string[]> }>;
  /** Projects the account may read but not comment on. */
  notMemberOf?: string[];
  /** The instance's attachment size limit (bytes); 100 MB by default. */
  maxUploadBytes?: number;
  /** The token's account; "qa-bot", named "QA Bot", by default. */
  user?: { username: string; name: string };
  /** Valid tokens without a scope that may read the account (read_repository, say): /user answers 403. */
  noUserScopeTokens?: string[];
}

export interface FakeGitLabNote {
  id: number;
  body: string;
  system: boolean;
}

export interface FakeGitLabUpload {
  project: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
  url: string;
  full_path: string;
}

export interface FakeGitLab extends FakeApi {
  /** Notes per issue ("group/project#7", lower case), oldest first. */
  notes: Map<string, FakeGitLabNote[]>;
  uploads: FakeGitLabUpload[];
  /** Adds a note GitLab wrote itself ("changed the description"). */
  addSystemNote(ticket: string, body: string): void;
  /** The next note POST is stored twice, the second copy answered: the browser re-sent it. */
  resendNextPost(): void;
}

interface Part { name: string; filename?: string; contentType?: string; bytes: Buffer }

export async function startFakeGitLab(data: FakeGitLabData): Promise<FakeGitLab> {
  const requests: RecordedRequest[] = [];
  const faults: FakeReply[] = [];
  const notes = new Map<string, FakeGitLabNote[]>();
  const uploads: FakeGitLabUpload[] = [];
  const projects = new Map(Object.entries(data.projects).map(([path, p]) => [path.toLowerCase(), { path, ...p }]));
  const notMember = new Set((data.notMemberOf ?? []).map((p) => p.toLowerCase()));
  let nextId = 3_000_001;
  const addNote = (ticket: string, body: string, system = false) => {
    const note = { id: nextId++, body, system };
    notes.set(ticket.toLowerCase(), [...(notes.get(ticket.toLowerCase()) ?? []), note]);
    return note;
  };
  for (const [path, project] of Object.entries(data.projects)) {
    for (const [iid, bodies] of Object.entries(project.issues)) {
      notes.set(`${path}#${iid}`.toLowerCase(), []);
      for (const body of bodies) addNote(`${path}#${iid}`, body);
    }
  }

  const fake = { delayMs: 0, requests, notes, uploads } as unknown as FakeGitLab;
  fake.addSystemNote = (ticket, body) => void addNote(ticket, body, true);
  let resends = 0;
  fake.resendNextPost = () => void resends++;
  fake.failNext = (count, reply) => {
    for (let i = 0; i < count; i++) faults.push(reply);
  };

  function answer(request: RecordedRequest, parts: Part[] | undefined): FakeReply {
    const token = request.headers['private-token'] ?? request.headers.authorization?.replace(/^Bearer /, '');
    const readOnly = typeof token === 'string' && (data.readOnlyTokens ?? []).includes(token);
    const noUserScope = typeof token === 'string' && (data.noUserScopeTokens ?? []).includes(token);
    if (token !== data.token && !readOnly && !noUserScope) return { status: 401, body: { message: '401 Unauthorized' } };
    if (request.path === '/api/v4/user' && request.method === 'GET') {
      if (noUserScope) return { status: 403, body: { error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the access token.', scope: 'api read_user' } };
      return { status: 200, body: currentUser(data.user ?? { username: 'qa-bot', name: 'QA Bot' }) };
    }
    if (noUserScope) return { status: 403, body: { error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the access token.', scope: 'api' } };
    const match = /^\/api\/v4\/projects\/([^/]+)\/(uploads|issues\/(\d+)\/notes(?:\/(\d+))?)$/.exec(request.path);
    const noteId = match?.[4];
    const allowed = noteId !== undefined ? ['DELETE'] : match?.[2] === 'uploads' ? ['POST'] : ['GET', 'POST'];
    if (!match || !allowed.includes(request.method)) {
      return { status: 404, body: { error: '404 Not Found' } };
    }
    const id = decodeURIComponent(match[1]!).toLowerCase();
    const project = projects.get(id) ?? [...projects.values()].find((p) => String(p.id) === id);
    if (!project) return { status: 404, body: { message: '404 Project Not Found' } };
    if ((request.method === 'POST' || request.method === 'DELETE') && readOnly) {
      return { status: 403, body: { error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the access token.', scope: 'api' } };
    }
    if ((request.method === 'POST' || request.method === 'DELETE') && notMember.has(project.path.toLowerCase())) return { status: 403, body: { message: '403 Forbidden' } };
    if (match[2] === 'uploads') return upload(project, parts);
    const ticket = `${project.path}#${match[3]}`.toLowerCase();
    const list = notes.get(ticket);
    if (!list) return { status: 404, body: { message: '404 Issue Not Found' } };
    if (request.method === 'DELETE') {
      const at = list.findIndex((n) => n.id === Number(noteId) && !n.system);
      if (at < 0) return { status: 404, body: { message: '404 Note Not Found' } };
      list.splice(at, 1);
      return { status: 204 };
    }
    if (request.method === 'POST') {
      const body = parts ? parts.find((p) => p.name === 'body')?.bytes.toString('utf8') : (request.body as { body?: unknown } | undefined)?.body;
      if (typeof body !== 'string' || !body) return { status: 400, body: { error: 'body is missing' } };
      if (body.length > 1_000_000) return { status: 400, body: { message: { body: ['is too long (maximum is 1000000 characters)'] } } };
      let note = addNote(ticket, body);
      if (resends > 0) {
        resends--;
        note = addNote(ticket, body);
      }
      return { status: 201, body: render(project, Number(match[3]), note) };
    }
    return listNotes(request, project, Number(match[3]), list);
  }

  function upload(project: { path: string; id: number }, parts: Part[] | undefined): FakeReply {
    const file = parts?.find((p) => p.name === 'file' && p.filename !== undefined);
    if (!file) return { status: 400, body: { error: 'file is missing' } };
    if (file.bytes.length > (data.maxUploadBytes ?? 100 * 1024 * 1024)) return { status: 413, body: { message: '413 Request Entity Too Large' } };
    const secret = randomBytes(16).toString('hex');
    const filename = file.filename!.replace(/[^\w.-]/g, '_');
    const url = `/uploads/${secret}/${filename}`;
    const full_path = `/-/project/${project.id}/uploads/${secret}/${filename}`;
    uploads.push({ project: project.path, filename, contentType: file.contentType ?? '', bytes: file.bytes, url, full_path });
    const alt = filename.replace(/\.[^.]*$/, '');
    return { status: 201, body: { id: uploads.length, alt, url, full_path, markdown: `![${alt}](${url})` } };
  }

  function listNotes(request: RecordedRequest, project: { path: string; id: number }, iid: number, list: FakeGitLabNote[]): FakeReply {
    const perPage = Math.min(Math.max(intParam(request.query, 'per_page', 20), 1), 100);
    const page = Math.max(intParam(request.query, 'page', 1), 1);
    const ordered = request.query.get('sort') === 'asc' ? list : [...list].reverse();
    const pages = Math.max(Math.ceil(list.length / perPage), 1);
    const headers = {
      'X-Page': String(page), 'X-Per-Page': String(perPage), 'X-Total': String(list.length), 'X-Total-Pages': String(pages),
      'X-Next-Page': page < pages ? String(page + 1) : '', 'X-Prev-Page': page > 1 ? String(page - 1) : '',
    };
    return { status: 200, headers, body: ordered.slice((page - 1) * perPage, page * perPage).map((n) => render(project, iid, n)) };
  }

  function currentUser(user: { username: string; name: string }) {
    return {
      id: 42, username: user.username, name: user.name, state: 'active', locked: false, avatar_url: null, web_url: `${fake.origin}/${user.username}`,
      created_at: '2020-01-01T00:00:00.000Z', bio: '', public_email: null, email: `${user.username}@example.com`, is_admin: false,
    };
  }

  function render(project: { path: string; id: number }, iid: number, note: FakeGitLabNote) {
    const at = new Date(Date.UTC(2025, 5, 1) + (note.id % 1_000_000) * 60_000).toISOString();
    return {
      id: note.id, type: null, body: note.body, attachment: null,
      author: { id: 42, username: 'qa-bot', name: 'QA Bot', state: 'active', avatar_url: null, web_url: `${fake.origin}/qa-bot` },
      created_at: at, updated_at: at, system: note.system, noteable_id: 9000 + iid, noteable_type: 'Issue', project_id: project.id,
      resolvable: false, confidential: false, internal: false, noteable_iid: iid, commands_changes: {},
    };
  }

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    const type = req.headers['content-type'] ?? '';
    const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(type)?.[1];
    const parts = boundary ? parseMultipart(raw, boundary) : undefined;
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers,
      body: parts ? { parts } : raw.length ? safeJson(raw.toString('utf8')) : undefined,
    };
    requests.push(recorded);
    const reply = faults.shift() ?? answer(recorded, parts);
    if (fake.delayMs) await new Promise((r) => setTimeout(r, fake.delayMs));
    if (res.destroyed) return;
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
    res.writeHead(reply.status, headers);
    res.end(reply.body === undefined ? undefined : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

/** multipart/form-data (RFC 7578), parts split on the boundary with their bytes untouched. */
export function parseMultipart(raw: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const from = start + delimiter.length;
    if (raw.subarray(from, from + 2).toString() === '--') break;
    const next = raw.indexOf(Buffer.from(`\r\n--${boundary}`), from);
    if (next < 0) break;
    const part = raw.subarray(from + 2, next); // after the delimiter's CRLF
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const disposition = /content-disposition:[^\r\n]*/i.exec(head)?.[0] ?? '';
    parts.push({
      name: /\bname="([^"]*)"/.exec(disposition)?.[1] ?? '',
      filename: /\bfilename="([^"]*)"/.exec(disposition)?.[1],
      contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1],
      bytes: Buffer.from(part.subarray(split + 4)),
    });
    start = next + 2;
  }
  return parts;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
