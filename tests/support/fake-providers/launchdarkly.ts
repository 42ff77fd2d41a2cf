import { intParam, page, startFakeApi, type FakeApi, type FakeReply } from '../fake-api';

/**
 * A stand-in for LaunchDarkly's REST API v2 "List feature flags", as documented
 * (https://launchdarkly.com/docs/api/feature-flags/list-feature-flags):
 *
 * - GET /api/v2/flags/{projectKey}?env=&summary=&limit=&offset= → { items, totalCount, _links }
 * - the access token as the whole Authorization header (no "Bearer"); 401 otherwise
 * - limit defaults to 20 and is capped at 100; `_links.next.href` is relative to the host
 * - `env` keeps only that environment's configuration; without `summary=0` the targets,
 *   rules and prerequisites are left out; archived flags are not listed
 * - errors as { code, message }: 401 unauthorized, 403 forbidden, 404 not_found
 */
export interface FakeLaunchDarklyOptions {
  token: string;
  project: string;
  environments: string[];
  flags: Record<string, unknown>[];
  /** Projects the token's role may not read: 403. */
  forbiddenProjects?: string[];
  /** Lists archived flags too, as an answer filtered on state:archived would. */
  listArchived?: boolean;
}

const error = (status: number, code: string, message: string): FakeReply => ({ status, body: { code, message } });

export async function startFakeLaunchDarkly(options: FakeLaunchDarklyOptions): Promise<FakeApi> {
  const api = await startFakeApi({
    authorize: (request) =>
      request.headers.authorization === options.token ? undefined : error(401, 'unauthorized', 'Invalid access token'),
    notFound: error(404, 'not_found', 'Invalid resource identifier'),
    routes: [
      {
        method: 'GET',
        path: /^\/api\/v2\/flags\/([^/]+)$/,
        handle(request, [project]) {
          if (options.forbiddenProjects?.includes(project!)) return error(403, 'forbidden', 'Access to the requested resource was denied');
          if (project !== options.project) return error(404, 'not_found', 'Unknown project key');
          const env = request.query.get('env');
          if (env && !options.environments.includes(env)) return error(404, 'not_found', 'Unknown environment key');
          const limit = Math.min(intParam(request.query, 'limit', 20), 100);
          const offset = intParam(request.query, 'offset', 0);
          const listed = options.flags.filter((f) => options.listArchived || !f.archived);
          const items = page(listed, offset, limit).map((flag) => shape(flag, env, request.query.get('summary') === '0'));
          const links: Record<string, { href: string; type: string }> = { self: { href: link(project!, request.query, offset), type: 'application/json' } };
          if (offset + limit < listed.length) links.next = { href: link(project!, request.query, offset + limit), type: 'application/json' };
          return { status: 200, body: { items, totalCount: listed.length, _links: links } };
        },
      },
    ],
  });
  return api;
}

function link(project: string, query: URLSearchParams, offset: number): string {
  const next = new URLSearchParams(query);
  next.set('offset', String(offset));
  return `/api/v2/flags/${encodeURIComponent(project)}?${next}`;
}

/** Keeps only the asked-for environment; a summary leaves out the targeting lists. */
function shape(flag: Record<string, unknown>, env: string | null, full: boolean): Record<string, unknown> {
  const environments = (flag.environments ?? {}) as Record<string, Record<string, unknown>>;
  const kept = Object.entries(environments)
    .filter(([key]) => !env || key === env)
    .map(([key, config]) => {
      if (full) return [key, config];
      const { rules: _r, targets: _t, contextTargets: _c, prerequisites: _p, ...summary } = config;
      return [key, summary];
    });
  return { ...flag, environments: Object.fromEntries(kept) };
}

// One sample of LaunchDarkly's flag shape serves the bench's server and this one.
export { ldFlag } from '../../../bench/launchdarkly-server';

/** The flag with `changes` to one environment's configuration. */
export function withEnvironment(flag: Record<string, unknown>, name: string, changes: Record<string, unknown>): Record<string, unknown> {
  const environments = flag.environments as Record<string, Record<string, unknown>>;
  return { ...flag, environments: { ...environments, [name]: { ...environments[name], ...changes } } };
}
