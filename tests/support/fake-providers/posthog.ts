import { intParam, page, startFakeApi, type FakeApi, type FakeReply } from '../fake-api';

/**
 * A stand-in for PostHog's feature flags API, as documented (https://posthog.com/docs/api/feature-flags):
 *
 * - GET /api/projects/{project_id}/feature_flags/?limit=&offset= → { count, next, previous, results }
 * - `Authorization: Bearer <personal API key>`; the key needs the feature_flag:read scope
 * - limit defaults to 100; `next` and `previous` are absolute URLs (Django REST Framework)
 * - deleted flags are not listed
 * - errors as { type, code, detail, attr }: 401 authentication_failed, 403 permission_denied,
 *   404 not_found
 */
export interface FakePostHogOptions {
  key: string;
  project: string;
  flags: Record<string, unknown>[];
  /** The key's scopes; feature_flag:read by default. */
  scopes?: string[];
  /** Lists deleted flags too, as an older or odd server might. */
  listDeleted?: boolean;
}

const error = (status: number, type: string, code: string, detail: string): FakeReply => ({ status, body: { type, code, detail, attr: null } });

export async function startFakePostHog(options: FakePostHogOptions): Promise<FakeApi> {
  const scopes = options.scopes ?? ['feature_flag:read'];
  const api: FakeApi = await startFakeApi({
    authorize: (request) =>
      request.headers.authorization === `Bearer ${options.key}` ? undefined : error(401, 'authentication_error', 'authentication_failed', 'Invalid personal API key.'),
    notFound: error(404, 'invalid_request', 'not_found', 'Not found.'),
    routes: [
      {
        method: 'GET',
        path: /^\/api\/projects\/([^/]+)\/feature_flags\/$/,
        handle(request, [project]) {
          if (!scopes.includes('feature_flag:read')) {
            return error(403, 'authentication_error', 'permission_denied', "API key missing required scope 'feature_flag:read'");
          }
          if (project !== options.project) return error(404, 'invalid_request', 'not_found', 'Not found.');
          const limit = intParam(request.query, 'limit', 100);
          const offset = intParam(request.query, 'offset', 0);
          const listed = options.flags.filter((f) => options.listDeleted || !f.deleted);
          const at = (o: number) => `${api.origin}${request.path}?limit=${limit}&offset=${o}`;
          return {
            status: 200,
            body: {
              count: listed.length,
              next: offset + limit < listed.length ? at(offset + limit) : null,
              previous: offset > 0 ? at(Math.max(0, offset - limit)) : null,
              results: page(listed, offset, limit),
            },
          };
        },
      },
    ],
  });
  return api;
}

let nextId = 1;

/**
 * A flag as PostHog lists it: a boolean flag, on for half of everyone, with `overrides`.
 *
 * @example phFlag('new-checkout', { filters: { groups: [{ properties: [], rollout_percentage: 100 }] } })
 */
export function phFlag(key: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: nextId++, key, name: '', active: true, deleted: false,
    filters: { groups: [{ properties: [], rollout_percentage: 50, variant: null }], multivariate: null, payloads: {} },
    created_by: { id: 1, uuid: '0190-aaaa', distinct_id: 'd1', first_name: 'Ana', email: 'ana@example.com' },
    created_at: '2025-01-02T10:00:00Z', updated_at: '2025-02-03T10:00:00Z',
    is_simple_flag: true, rollout_percentage: null, ensure_experience_continuity: false,
    experiment_set: [], surveys: [], features: [], rollback_conditions: null, performed_rollback: false,
    can_edit: true, tags: [], usage_dashboard: null, analytics_dashboards: [], has_enriched_analytics: false,
    ...overrides,
  };
}
