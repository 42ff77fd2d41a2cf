import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { default as addFormats } from 'ajv-formats';
import { intParam, startFakeApi, type FakeApi, type FakeReply, type RecordedRequest } from '../fake-api';

/**
 * GitHub's REST API for issue comments, as documented (docs.github.com/rest/issues/comments) and
 * as api.github.com answers:
 * - auth: "Authorization: Bearer <token>" (or "token <token>"); none is 401 "Requires
 *   authentication", a wrong one 401 "Bad credentials";
 * - every request is checked against GitHub's published OpenAPI description
 *   (@octokit/openapi): an unknown route is 404, path and query parameters and the JSON body
 *   that do not match the operation's schemas are 422 "Invalid request." with the reasons,
 *   a body that is not JSON 400 "Problems parsing JSON";
 * - GET …/issues/{n}/comments: `per_page` (default 30, at most 100) and `page`, oldest first,
 *   a Link header with rel="next"/"last"/"first"/"prev";
 * - GET /user: the token's account (login, name, and the rest of "private-user");
 * - POST …/issues/{n}/comments { body }: 201 with the comment; a body over 65 536 characters
 *   is 422 "Validation Failed"; a locked issue or a repository the token may only read is 403;
 * - DELETE …/issues/comments/{comment_id}: 204 without a body; 404 for a comment that does not
 *   exist, 403 in a repository the token may only read;
 * - an issue in a repository the token cannot see is 404, as for one that does not exist;
 *   issues turned off on the repository is 410;
 * - the primary rate limit: x-ratelimit-* headers on every answer, 403 with remaining 0 when
 *   used up.
 */
export interface FakeGitHubData {
  token: string;
  /** The issues that exist, "owner/repo#n", with the bodies of the comments they already have. */
  issues: Record<string, string[]>;
  /** Repositories the token may read but not comment on. */
  readOnlyRepos?: string[];
  /** Repositories with issues turned off. */
  issuesDisabled?: string[];
  /** Issues locked to collaborators, "owner/repo#n". */
  locked?: string[];
  /** The token's account: "qa-bot", named "QA Bot", by default; `name` null when the account set none. */
  user?: { login: string; name: string | null };
}

export interface FakeGitHubComment {
  id: number;
  body: string;
  html_url: string;
}

export interface FakeGitHub extends FakeApi {
  /** The comments per issue ("owner/repo#n", lower case), oldest first, as the API lists them. */
  comments: Map<string, FakeGitHubComment[]>;
  /** When set, Link headers point at this origin instead (a hostile or misconfigured server). */
  linkOrigin: string | undefined;
  /** The primary rate limit: requests left, and when it resets (epoch seconds). */
  rateLimit: { remaining: number; reset: number };
  /** The next comment POST is stored twice, the second copy answered: the browser re-sent it. */
  resendNextPost(): void;
  /** Why a request does not match GitHub's OpenAPI description; empty when it does. */
  validate(request: RecordedRequest): string[];
  /** Why an answer does not match the operation's documented response; empty when it does. */
  validateResponse(method: string, path: string, status: number, body: unknown): string[];
}

const DOCS = 'https://docs.github.com/rest';
const MAX_BODY = 65_536;
const SUPPORTED_VERSIONS = ['2022-11-28'];

export async function startFakeGitHub(data: FakeGitHubData): Promise<FakeGitHub> {
  const openApi = gitHubOpenApi();
  const comments = new Map<string, FakeGitHubComment[]>();
  let nextId = 1_000_001;
  let resends = 0;
  const error = (status: number, message: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): FakeReply =>
    ({ status, body: { message, documentation_url: DOCS, status: String(status), ...extra }, headers });
  const lower = (list: string[] = []) => new Set(list.map((s) => s.toLowerCase()));
  const readOnly = lower(data.readOnlyRepos);
  const disabled = lower(data.issuesDisabled);
  const locked = lower(data.locked);

  let fake: FakeGitHub;
  const limitHeaders = (): Record<string, string> => ({
    'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': String(fake.rateLimit.remaining),
    'x-ratelimit-reset': String(fake.rateLimit.reset), 'x-ratelimit-resource': 'core',
  });

  function addComment(ticket: string, body: string): FakeGitHubComment {
    const [repo, number] = ticket.split('#') as [string, string];
    const comment = { id: nextId++, body, html_url: `https://github.com/${repo}/issues/${number}#issuecomment-${nextId - 1}` };
    comments.set(ticket.toLowerCase(), [...(comments.get(ticket.toLowerCase()) ?? []), comment]);
    return comment;
  }
  for (const [ticket, bodies] of Object.entries(data.issues)) {
    comments.set(ticket.toLowerCase(), []);
    for (const body of bodies) addComment(ticket, body);
  }

  /** The issue's gate: 410 when issues are off, 404 when the issue does not exist (or the token cannot see it). */
  function issue(owner: string, repo: string, number: string): { ticket: string; reply?: FakeReply } {
    const ticket = `${owner}/${repo}#${number}`;
    if (disabled.has(`${owner}/${repo}`.toLowerCase())) return { ticket, reply: error(410, 'Issues are disabled for this repo') };
    if (!comments.has(ticket.toLowerCase())) return { ticket, reply: error(404, 'Not Found') };
    return { ticket };
  }

  /** The comment as "List issue comments" and "Create an issue comment" answer it. */
  function render(owner: string, repo: string, number: string, c: FakeGitHubComment) {
    const at = new Date(Date.UTC(2025, 5, 1) + (c.id % 1_000_000) * 60_000).toISOString().replace('.000', '');
    return {
      id: c.id, node_id: `IC_kwDO${c.id}`, url: `${fake.origin}/repos/${owner}/${repo}/issues/comments/${c.id}`,
      html_url: c.html_url, body: c.body, user: SIMPLE_USER, created_at: at, updated_at: at,
      issue_url: `${fake.origin}/repos/${owner}/${repo}/issues/${number}`, author_association: 'CONTRIBUTOR',
      performed_via_github_app: null,
      reactions: { url: `${fake.origin}/repos/${owner}/${repo}/issues/comments/${c.id}/reactions`, total_count: 0, '+1': 0, '-1': 0, laugh: 0, confused: 0, heart: 0, hooray: 0, eyes: 0, rocket: 0 },
    };
  }

  const api = await startFakeApi({
    // Credentials, then the rate limit, then GitHub's OpenAPI description, as GitHub checks them.
    authorize(request) {
      const auth = request.headers.authorization;
      if (!auth) return error(401, 'Requires authentication');
      if (auth !== `Bearer ${data.token}` && auth !== `token ${data.token}`) return error(401, 'Bad credentials');
      const version = request.headers['x-github-api-version'];
      if (typeof version === 'string' && !SUPPORTED_VERSIONS.includes(version)) {
        return error(400, `The '${version}' API version is not supported.`);
      }
      if (fake.rateLimit.remaining <= 0) {
        return error(403, 'API rate limit exceeded for user ID 583231.', {}, { ...limitHeaders(), 'x-ratelimit-used': '5000' });
      }
      fake.rateLimit.remaining -= 1;
      const problems = fake.validate(request);
      if (!problems.length) return undefined;
      if (problems[0] === NOT_FOUND) return error(404, 'Not Found');
      if (problems[0] === NOT_JSON) return error(400, 'Problems parsing JSON');
      return error(422, `Invalid request.\n\n${problems.join('\n')}`);
    },
    notFound: error(404, 'Not Found'),
    routes: [
      {
        method: 'GET',
        path: /^\/user$/,
        handle: () => ({ status: 200, body: authenticatedUser(data.user ?? { login: SIMPLE_USER.login, name: 'QA Bot' }), headers: limitHeaders() }),
      },
      {
        method: 'GET',
        path: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
        handle(request, [owner, repo, number]) {
          const gate = issue(owner!, repo!, number!);
          if (gate.reply) return gate.reply;
          const all = comments.get(gate.ticket.toLowerCase())!;
          const perPage = Math.min(Math.max(intParam(request.query, 'per_page', 30), 1), 100);
          const page = Math.max(intParam(request.query, 'page', 1), 1);
          const last = Math.max(Math.ceil(all.length / perPage), 1);
          const link = (n: number, rel: string) => {
            const query = new URLSearchParams(request.query);
            query.set('per_page', String(perPage));
            query.set('page', String(n));
            return `<${fake.linkOrigin ?? fake.origin}${request.path}?${query}>; rel="${rel}"`;
          };
          const links = [
            ...(page > 1 ? [link(page - 1, 'prev')] : []), ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
            ...(page > 1 ? [link(1, 'first')] : []),
          ];
          const body = all.slice((page - 1) * perPage, page * perPage).map((c) => render(owner!, repo!, number!, c));
          return { status: 200, body, headers: { ...limitHeaders(), ...(links.length ? { Link: links.join(', ') } : {}) } };
        },
      },
      {
        method: 'POST',
        path: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
        handle(request, [owner, repo, number]) {
          const gate = issue(owner!, repo!, number!);
          if (gate.reply) return gate.reply;
          if (readOnly.has(`${owner}/${repo}`.toLowerCase())) return error(403, 'Resource not accessible by personal access token');
          if (locked.has(gate.ticket.toLowerCase())) return error(403, 'Unable to create comment because issue is locked.');
          const { body } = request.body as { body: string };
          if (body.length > MAX_BODY) {
            return error(422, 'Validation Failed', { errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_BODY} characters)` }] });
          }
          let stored = addComment(gate.ticket, body);
          if (resends > 0) {
            resends--;
            stored = addComment(gate.ticket, body);
          }
          const created = render(owner!, repo!, number!, stored);
          return { status: 201, body: created, headers: { ...limitHeaders(), Location: created.url } };
        },
      },
      {
        method: 'DELETE',
        path: /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/,
        handle(_request, [owner, repo, id]) {
          if (disabled.has(`${owner}/${repo}`.toLowerCase())) return error(410, 'Issues are disabled for this repo');
          const prefix = `${owner}/${repo}#`.toLowerCase();
          for (const [ticket, list] of comments) {
            if (!ticket.startsWith(prefix)) continue;
            const at = list.findIndex((c) => c.id === Number(id));
            if (at < 0) continue;
            if (readOnly.has(`${owner}/${repo}`.toLowerCase())) return error(403, 'Resource not accessible by personal access token');
            list.splice(at, 1);
            return { status: 204, headers: limitHeaders() };
          }
          return error(404, 'Not Found');
        },
      },
    ],
  });

  fake = Object.assign(api, {
    comments,
    resendNextPost: () => void resends++,
    linkOrigin: undefined as string | undefined,
    rateLimit: { remaining: 5000, reset: Math.floor(Date.now() / 1000) + 3600 },
    validate: (request: RecordedRequest) => openApi.validateRequest(request),
    validateResponse: (method: string, path: string, status: number, body: unknown) => openApi.validateResponse(method, path, status, body),
  });
  return fake;
}

const NOT_FOUND = 'No operation in the OpenAPI description matches this method and path.';
const NOT_JSON = 'The body is not JSON.';

const SIMPLE_USER = {
  login: 'qa-bot', id: 583231, node_id: 'MDQ6VXNlcjU4MzIzMQ==', avatar_url: 'https://avatars.githubusercontent.com/u/583231?v=4',
  gravatar_id: '', url: 'https://api.github.com/users/qa-bot', html_url: 'https://github.com/qa-bot',
  followers_url: 'https://api.github.com/users/qa-bot/followers', following_url: 'https://api.github.com/users/qa-bot/following{/other_user}',
  gists_url: 'https://api.github.com/users/qa-bot/gists{/gist_id}', starred_url: 'https://api.github.com/users/qa-bot/starred{/owner}{/repo}',
  subscriptions_url: 'https://api.github.com/users/qa-bot/subscriptions', organizations_url: 'https://api.github.com/users/qa-bot/orgs',
  repos_url: 'https://api.github.com/users/qa-bot/repos', events_url: 'https://api.github.com/users/qa-bot/events{/privacy}',
  received_events_url: 'https://api.github.com/users/qa-bot/received_events', type: 'User', site_admin: false,
};

/** "Get the authenticated user" as GitHub answers a token: a private-user (with plan and disk usage). */
function authenticatedUser(user: { login: string; name: string | null }) {
  const url = `https://api.github.com/users/${user.login}`;
  return {
    ...SIMPLE_USER, login: user.login, url, html_url: `https://github.com/${user.login}`,
    followers_url: `${url}/followers`, following_url: `${url}/following{/other_user}`, gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`, subscriptions_url: `${url}/subscriptions`, organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`, events_url: `${url}/events{/privacy}`, received_events_url: `${url}/received_events`,
    name: user.name, company: null, blog: '', location: null, email: null, hireable: null, bio: null, twitter_username: null,
    public_repos: 3, public_gists: 0, followers: 1, following: 0, created_at: '2020-01-01T00:00:00Z', updated_at: '2025-06-01T00:00:00Z',
    private_gists: 0, total_private_repos: 1, owned_private_repos: 1, disk_usage: 512, collaborators: 0, two_factor_authentication: true,
    plan: { collaborators: 0, name: 'free', space: 976562499, private_repos: 10000 },
  };
}

// ---- GitHub's OpenAPI description, as a validator -------------------------------------------

interface Parameter { name: string; in: string; required?: boolean; schema?: object }
interface Operation {
  template: string;
  pattern: RegExp;
  /** Literal characters in the template: the most specific match wins ("/issues/comments/{id}" over "/issues/{n}"). */
  literal: number;
  op: { parameters?: ({ $ref: string } | Parameter)[]; requestBody?: { required?: boolean; content?: Record<string, { schema?: object }> }; responses?: Record<string, unknown> };
}
interface OpenApiDocument { paths: Record<string, Record<string, Operation['op']>>; components: { schemas: object; parameters: Record<string, Parameter>; responses: Record<string, unknown> } }

let cached: ReturnType<typeof buildValidator> | undefined;

/** The validator, built once per test file: the description is 13 MB. */
export function gitHubOpenApi(): ReturnType<typeof buildValidator> {
  cached ??= buildValidator();
  return cached;
}

function buildValidator() {
  const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
  const doc = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  // The description is OpenAPI 3.0: draft-04-like schemas with `nullable` (which ajv knows) and
  // `example`s (ignored with strict off). Its component schemas are registered once under an
  // id, and each operation's "#/components/…" refs are pointed at it.
  const make = (coerceTypes: boolean) => {
    const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes });
    addFormats(ajv);
    ajv.addFormat('int64', { type: 'number', validate: Number.isInteger });
    ajv.addFormat('uri-template', true);
    ajv.addSchema({ $id: 'github', components: { schemas: doc.components.schemas } });
    return ajv;
  };
  const strictJson = make(false);
  const fromStrings = make(true); // path and query parameters arrive as text
  const toId = (schema: object) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"github#/components/schemas/')) as object;
  const compiled = new Map<string, ValidateFunction>();
  const compile = (ajv: Ajv, key: string, schema: object) => {
    if (!compiled.has(key)) compiled.set(key, ajv.compile(toId(schema)));
    return compiled.get(key)!;
  };
  const deref = <T>(value: T | { $ref: string }): T => {
    if (typeof value !== 'object' || value === null || !('$ref' in value)) return value as T;
    const [, , kind, name] = value.$ref.split('/');
    return (doc.components as unknown as Record<string, Record<string, T>>)[kind!]![name!]!;
  };

  const operations = new Map<string, Operation[]>();
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)')}$`);
      const list = operations.get(method.toUpperCase()) ?? [];
      list.push({ template, pattern, literal: template.replace(/\{[^}]+\}/g, '').length, op });
      operations.set(method.toUpperCase(), list);
    }
  }
  const find = (method: string, path: string) => {
    const matches = (operations.get(method) ?? []).map((o) => ({ o, m: o.pattern.exec(path) })).filter((x) => x.m);
    return matches.sort((a, b) => b.o.literal - a.o.literal)[0];
  };
  const explain = (where: string, v: ValidateFunction) => (v.errors ?? []).map((e) => `${where}${e.instancePath || ''} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);

  function validateRequest(request: RecordedRequest): string[] {
    const found = find(request.method, request.path);
    if (!found) return [NOT_FOUND];
    const { o, m } = found;
    const params = (o.op.parameters ?? []).map((p) => deref<Parameter>(p));
    const problems: string[] = [];
    for (const place of ['path', 'query'] as const) {
      const declared = params.filter((p) => p.in === place);
      const names = [...o.template.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]!);
      const values: Record<string, unknown> =
        place === 'path' ? Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m![i + 1]!)]))
        : Object.fromEntries([...new Set(request.query.keys())].map((k) => [k, request.query.getAll(k).length > 1 ? request.query.getAll(k) : request.query.get(k)]));
      // Unknown query parameters are refused: GitHub ignores them, so a misspelt one would go unnoticed.
      const schema = {
        type: 'object', additionalProperties: false,
        properties: Object.fromEntries(declared.map((p) => [p.name, p.schema ?? {}])),
        required: declared.filter((p) => p.required || place === 'path').map((p) => p.name),
      };
      const v = compile(fromStrings, `${request.method} ${o.template} ${place}`, schema);
      if (!v(values)) problems.push(...explain(`${place} parameters`, v));
    }
    const content = o.op.requestBody?.content?.['application/json'];
    if (content?.schema) {
      const type = String(request.headers['content-type'] ?? '');
      if (request.body === undefined) {
        if (o.op.requestBody?.required) problems.push('the request has no body, and this operation requires one');
      } else if (typeof request.body === 'string' || !type.startsWith('application/json')) {
        return [NOT_JSON];
      } else {
        const v = compile(strictJson, `${request.method} ${o.template} body`, content.schema);
        if (!v(request.body)) problems.push(...explain('body', v));
      }
    }
    return problems;
  }

  function validateResponse(method: string, path: string, status: number, body: unknown): string[] {
    const found = find(method.toUpperCase(), path);
    if (!found) return [NOT_FOUND];
    const response = found.o.op.responses?.[String(status)];
    if (!response) return [`${method} ${found.o.template} documents no ${status} answer`];
    const schema = deref<{ content?: Record<string, { schema?: object }> }>(response as { $ref: string }).content?.['application/json']?.schema;
    if (!schema) return body === undefined ? [] : ['the answer has a body where none is documented'];
    const v = compile(strictJson, `${method} ${found.o.template} ${status}`, schema);
    return v(body) ? [] : explain('answer', v);
  }

  return { validateRequest, validateResponse };
}
