import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { intParam, type FakeApi, type FakeReply, type RecordedRequest } from '../fake-api';

/**
 * Azure DevOps Services' REST API for work item comments and attachments, as documented
 * (learn.microsoft.com/rest/api/azure/devops/wit: attachments/create, comments/add-work-item-comment,
 * comments/get-comments) and as dev.azure.com answers:
 * - auth: "Authorization: Basic base64(<any user>:<PAT>)"; a missing or wrong PAT is 401 when the
 *   request says X-TFS-FedAuthRedirect: Suppress, else a 302 to the sign-in page (or, with
 *   `signInAs203`, the 203 + HTML sign-in page some PAT failures get);
 * - /{organization}/{project}/… by name, case-insensitive; an unknown organization is a plain
 *   404 page, an unknown project 404 TF200016 (ProjectDoesNotExistWithNameException), an unknown
 *   work item 404 TF401232 (WorkItemUnauthorizedAccessException);
 * - POST …/_apis/wit/attachments?fileName=&api-version=7.1, application/octet-stream: 201 { id, url };
 * - POST …/_apis/wit/workItems/{id}/comments?format=markdown|html&api-version=7.1-preview.4 { text }:
 *   200 with the comment; the comments API refuses an api-version without "-preview";
 * - GET …/comments?$top (at most 200)&continuationToken&order=asc|desc (newest first by default):
 *   { totalCount, count, comments, continuationToken? };
 * - DELETE …/_apis/wit/workItems/{id}/comments/{commentId}?api-version=7.1-preview.4: 200 without
 *   a body (comments/delete); the comment is marked deleted and no longer listed; an unknown one
 *   is 404; a project the account may only read 403;
 * - GET /{organization}/_apis/connectionData: the authenticated user; GET …/_apis/wit/classificationnodes/areas: the root area.
 * Attachment bodies are kept as bytes, so a test can check the screenshot arrived intact.
 */
export interface FakeAzureDevOpsData {
  token: string;
  organization: string;
  /** Projects by name, each with its work items' existing comment texts by id, oldest first. */
  projects: Record<string, Record<number, string[]>>;
  /** Projects where the account may read but not edit work items. */
  readOnlyProjects?: string[];
  /** The PAT's account; "QA Bot" <qa-bot@acme.example> by default. */
  user?: { displayName: string; account: string };
  /** Answers a rejected PAT with 203 and the HTML sign-in page, whatever the request says. */
  signInAs203?: boolean;
}

export interface FakeAdoComment {
  id: number;
  text: string;
  format: 'markdown' | 'html';
}

export interface FakeAdoAttachment {
  id: string;
  fileName: string;
  contentType: string;
  bytes: Buffer;
  url: string;
}

export interface FakeAzureDevOps extends FakeApi {
  /** Comments per work item id, oldest first. */
  comments: Map<number, FakeAdoComment[]>;
  attachments: FakeAdoAttachment[];
  /** The next comment POST is stored twice, the second copy answered: the browser re-sent it. */
  resendNextPost(): void;
}

const SIGN_IN_PAGE = '<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head><body>Sign in to continue</body></html>';

export async function startFakeAzureDevOps(data: FakeAzureDevOpsData): Promise<FakeAzureDevOps> {
  const requests: RecordedRequest[] = [];
  const faults: FakeReply[] = [];
  const comments = new Map<number, FakeAdoComment[]>();
  const attachments: FakeAdoAttachment[] = [];
  const projectOf = new Map<number, string>();
  let nextCommentId = 9_000_001;
  const fake = { delayMs: 0, requests, comments, attachments } as unknown as FakeAzureDevOps;
  let resends = 0;
  fake.resendNextPost = () => void resends++;
  fake.failNext = (count, reply) => {
    for (let i = 0; i < count; i++) faults.push(reply);
  };
  const addComment = (workItem: number, text: string, format: 'markdown' | 'html') => {
    const comment = { id: nextCommentId++, text, format };
    comments.get(workItem)!.push(comment);
    return comment;
  };
  for (const [project, items] of Object.entries(data.projects)) {
    for (const [id, texts] of Object.entries(items)) {
      comments.set(Number(id), []);
      projectOf.set(Number(id), project);
      for (const text of texts) addComment(Number(id), text, 'markdown');
    }
  }

  const error = (status: number, message: string, typeKey: string, typeName = `Microsoft.TeamFoundation.${typeKey}, Microsoft.TeamFoundation.Server`): FakeReply => ({
    status,
    body: { $id: '1', innerException: null, message, typeName, typeKey, errorCode: 0, eventId: 3000 },
  });

  function answer(request: RecordedRequest, raw: Buffer): FakeReply {
    const auth = /^Basic (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    const pat = auth ? Buffer.from(auth, 'base64').toString('utf8').split(':').slice(1).join(':') : undefined;
    if (pat !== data.token) {
      if (data.signInAs203) return { status: 203, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: SIGN_IN_PAGE };
      if (request.headers['x-tfs-fedauthredirect'] === 'Suppress') return { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="https://dev.azure.com/"' } };
      return { status: 302, headers: { Location: `https://spsprodweu5.vssps.visualstudio.com/_signin?realm=dev.azure.com&reply_to=${encodeURIComponent(request.path)}` } };
    }
    const parts = request.path.split('/').slice(1).map(decodeURIComponent);
    const [org, second, ...rest] = parts;
    if (org?.toLowerCase() !== data.organization.toLowerCase()) {
      return { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<!DOCTYPE html><title>404 - Page not found</title><p>The resource cannot be found.' };
    }
    if (second === '_apis' && rest.join('/').toLowerCase() === 'connectiondata' && request.method === 'GET') return connectionData();
    const project = Object.keys(data.projects).find((p) => p.toLowerCase() === second?.toLowerCase());
    if (!project) {
      return error(404, `TF200016: The following project does not exist: ${second}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`, 'ProjectDoesNotExistWithNameException');
    }
    const route = rest.join('/');
    const version = request.query.get('api-version');
    if (!version) return error(400, 'No api-version was supplied for the "POST" request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as a query parameter (e.g. "?api-version=1.0").', 'VssVersionNotSpecifiedException');
    if (route === '_apis/wit/attachments' && request.method === 'POST') return attach(project, request, raw);
    if (/^_apis\/wit\/classificationnodes\/areas$/i.test(route) && request.method === 'GET') {
      return { status: 200, body: { id: 1, identifier: randomUUID(), name: project, structureType: 'area', hasChildren: false, path: `\\${project}\\Area`, url: `${fake.origin}${request.path}` } };
    }
    const workItem = /^_apis\/wit\/workItems\/(\d+)\/comments(?:\/(\d+))?$/i.exec(route);
    if (!workItem) return { status: 404, body: { message: `No route for ${request.method} ${request.path}` } };
    if (!/-preview(\.\d+)?$/.test(version)) {
      return error(400, `The requested version "${version}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${version}-preview"`, 'VssInvalidPreviewVersionException');
    }
    const id = Number(workItem[1]);
    if (!comments.has(id) || projectOf.get(id) !== project) {
      return error(404, `TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`, 'WorkItemUnauthorizedAccessException', 'Microsoft.TeamFoundation.WorkItemTracking.Server.WorkItemUnauthorizedAccessException, Microsoft.TeamFoundation.WorkItemTracking.Server');
    }
    if (workItem[2] !== undefined) {
      if (request.method !== 'DELETE') return { status: 405, body: { message: 'Method not allowed' } };
      if ((data.readOnlyProjects ?? []).includes(project)) {
        return error(403, 'TF237111: The current user does not have permissions to save work items under the specified area path.', 'UnauthorizedAccessException');
      }
      const list = comments.get(id)!;
      const at = list.findIndex((c) => c.id === Number(workItem[2]));
      if (at < 0) return error(404, `TF401328: Comment ${workItem[2]} does not exist on work item ${id}.`, 'WorkItemCommentNotFoundException');
      list.splice(at, 1);
      return { status: 200 };
    }
    if (request.method === 'POST') {
      if ((data.readOnlyProjects ?? []).includes(project)) {
        return error(403, 'TF237111: The current user does not have permissions to save work items under the specified area path.', 'UnauthorizedAccessException');
      }
      const text = (request.body as { text?: unknown } | undefined)?.text;
      if (typeof text !== 'string' || !text.trim()) return error(400, 'The comment text cannot be empty.', 'ArgumentException');
      const format = request.query.get('format')?.toLowerCase() === 'markdown' ? 'markdown' : 'html';
      let comment = addComment(id, text, format);
      if (resends > 0) {
        resends--;
        comment = addComment(id, text, format);
      }
      return { status: 200, body: render(project, id, comment) };
    }
    if (request.method === 'GET') return list(project, id, request.query);
    return { status: 405, body: { message: 'Method not allowed' } };
  }

  function attach(project: string, request: RecordedRequest, raw: Buffer): FakeReply {
    const fileName = request.query.get('fileName');
    if (!fileName) return error(400, 'The file name is required.', 'ArgumentNullException');
    const id = randomUUID();
    const url = `${fake.origin}/${data.organization}/${encodeURIComponent(project)}/_apis/wit/attachments/${id}?fileName=${encodeURIComponent(fileName)}`;
    attachments.push({ id, fileName, contentType: String(request.headers['content-type'] ?? ''), bytes: raw, url });
    return { status: 201, body: { id, url } };
  }

  function list(project: string, id: number, query: URLSearchParams): FakeReply {
    const all = comments.get(id)!;
    const ordered = query.get('order') === 'asc' ? all : [...all].reverse();
    const top = Math.min(Math.max(intParam(query, '$top', 200), 1), 200);
    const token = query.get('continuationToken');
    const start = token ? Number(Buffer.from(token, 'base64url').toString()) : 0;
    const page = ordered.slice(start, start + top);
    const more = start + top < ordered.length;
    return {
      status: 200,
      body: {
        totalCount: all.length, count: page.length, comments: page.map((c) => render(project, id, c)),
        url: `${fake.origin}/${data.organization}/${encodeURIComponent(project)}/_apis/wit/workItems/${id}/comments`,
        ...(more ? { continuationToken: Buffer.from(String(start + top)).toString('base64url'), nextPage: 'https://dev.azure.com/…' } : {}),
      },
    };
  }

  function render(project: string, workItemId: number, c: FakeAdoComment) {
    const at = new Date(Date.UTC(2025, 5, 1) + (c.id % 1_000_000) * 60_000).toISOString();
    const by = { displayName: 'QA Bot', id: '8c8c7d32-6b1b-47f4-b2e9-30b477b5ab3d', uniqueName: 'qa-bot@acme.example' };
    return {
      workItemId, id: c.id, version: 1, text: c.text, format: c.format, createdBy: by, createdDate: at, modifiedBy: by, modifiedDate: at,
      url: `${fake.origin}/${data.organization}/${encodeURIComponent(project)}/_apis/wit/workItems/${workItemId}/comments/${c.id}`,
    };
  }

  function connectionData(): FakeReply {
    const { displayName, account } = data.user ?? { displayName: 'QA Bot', account: 'qa-bot@acme.example' };
    const user = {
      id: '8c8c7d32-6b1b-47f4-b2e9-30b477b5ab3d', descriptor: `Microsoft.IdentityModel.Claims.ClaimsIdentity;72f988bf-86f1-41af-91ab-2d7cd011db47\\${account}`,
      subjectDescriptor: 'aad.OGM4YzdkMzItNmIxYi03N2Y0LWIyZTktMzBiNDc3YjVhYjNk', providerDisplayName: displayName, isActive: true,
      properties: { Account: { $type: 'System.String', $value: account } }, resourceVersion: 2, metaTypeId: 0,
    };
    return { status: 200, body: { authenticatedUser: user, authorizedUser: user, instanceId: randomUUID(), deploymentId: randomUUID(), deploymentType: 'hosted', locationServiceData: {} } };
  }

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    const json = /json/i.test(req.headers['content-type'] ?? '');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers,
      body: !raw.length ? undefined : json ? safeJson(raw.toString('utf8')) : { bytes: raw },
    };
    requests.push(recorded);
    const reply = faults.shift() ?? answer(recorded, raw);
    if (fake.delayMs) await new Promise((r) => setTimeout(r, fake.delayMs));
    if (res.destroyed) return;
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json; charset=utf-8';
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

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
