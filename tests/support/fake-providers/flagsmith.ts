import { intParam, startFakeApi, type FakeApi, type FakeReply, type RecordedRequest } from '../fake-api';

/**
 * Flagsmith's Admin API as documented (docs.flagsmith.com → Admin API) and as its Django REST
 * Framework views answer:
 * - auth: "Authorization: Api-Key <organisation key>" (or a user's "Token <key>"); anything
 *   else is 401 { "detail": "Invalid token." }, no header 401 "…credentials were not provided.";
 * - GET /api/v1/projects/{id}/features/ and /api/v1/environments/{key}/featurestates/: page
 *   number pagination ({ count, next, previous, results }, absolute `next`, `page_size` up to
 *   100 here); features count segment overrides only when `?environment=<id>` is given;
 * - GET /api/v1/projects/{id}/tags/: DRF's default pages of 10, no `page_size`;
 * - errors { "detail": "…" }: unknown project or environment 404, a forbidden project 403.
 */
export interface FakeFlagsmithData {
  apiKey: string;
  userToken?: string;
  project: string;
  environment: string;
  environmentId: number;
  /** Features in the API's shape; `num_segment_overrides` is what the environment has. */
  features: Record<string, unknown>[];
  states: Record<string, unknown>[];
  tags?: { id: number; label: string }[];
  /** A project that exists but the key may not read. */
  forbiddenProject?: string;
}

export interface FakeFlagsmith extends FakeApi {
  /** When set, `next` links point at this origin instead (a hostile or misconfigured server). */
  linkOrigin: string | undefined;
}

export async function startFakeFlagsmith(data: FakeFlagsmithData): Promise<FakeFlagsmith> {
  let fake: FakeFlagsmith;

  /** DRF's PageNumberPagination: 1-based `page`, `next` is the request's own URL with page + 1. */
  function paginate(request: RecordedRequest, items: unknown[], defaultSize: number, sizeParam: boolean): FakeReply {
    const size = sizeParam ? Math.min(Math.max(intParam(request.query, 'page_size', defaultSize), 1), 100) : defaultSize;
    const page = Math.max(intParam(request.query, 'page', 1), 1);
    if ((page - 1) * size >= items.length && page > 1) return { status: 404, body: { detail: 'Invalid page.' } };
    const link = (n: number) => {
      const query = new URLSearchParams(request.query);
      query.set('page', String(n));
      return `${fake.linkOrigin ?? fake.origin}${request.path}?${query}`;
    };
    return {
      status: 200,
      body: {
        count: items.length,
        next: page * size < items.length ? link(page + 1) : null,
        previous: page > 1 ? link(page - 1) : null,
        results: items.slice((page - 1) * size, page * size),
      },
    };
  }

  function projectGate(project: string): FakeReply | undefined {
    if (project === data.forbiddenProject) return { status: 403, body: { detail: 'You do not have permission to perform this action.' } };
    if (project !== data.project) return { status: 404, body: { detail: 'Not found.' } };
    return undefined;
  }

  const api = await startFakeApi({
    authorize(request) {
      const auth = request.headers.authorization;
      if (!auth) return { status: 401, body: { detail: 'Authentication credentials were not provided.' } };
      const good = [`Api-Key ${data.apiKey}`, ...(data.userToken ? [`Token ${data.userToken}`] : [])];
      return good.includes(auth) ? undefined : { status: 401, body: { detail: 'Invalid token.' } };
    },
    notFound: { status: 404, body: { detail: 'Not found.' } },
    routes: [
      {
        method: 'GET',
        path: /^\/api\/v1\/projects\/([^/]+)\/features\/$/,
        handle(request, [project]) {
          const counted = request.query.get('environment') === String(data.environmentId);
          const features = data.features.map((f) => ({
            ...f,
            // Without ?environment= Flagsmith does not count overrides and answers 0 and null.
            num_segment_overrides: counted ? (f.num_segment_overrides ?? 0) : 0,
            num_identity_overrides: counted ? (f.num_identity_overrides ?? 0) : null,
          }));
          return projectGate(project!) ?? paginate(request, features, 10, true);
        },
      },
      {
        method: 'GET',
        path: /^\/api\/v1\/environments\/([^/]+)\/featurestates\/$/,
        handle(request, [environment]) {
          if (environment !== data.environment) return { status: 404, body: { detail: 'Not found.' } };
          const states = data.states.map((s) => ({ environment: data.environmentId, identity: null, feature_segment: null, ...s }));
          return paginate(request, states, 10, true);
        },
      },
      {
        method: 'GET',
        path: /^\/api\/v1\/projects\/([^/]+)\/tags\/$/,
        handle: (request, [project]) => projectGate(project!) ?? paginate(request, data.tags ?? [], 10, false),
      },
    ],
  });
  fake = Object.assign(api, { linkOrigin: undefined as string | undefined });
  return fake;
}

/** A feature as the features list returns it, with the usual defaults. */
export function flagsmithFeature(id: number, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id, name, type: 'STANDARD', default_enabled: false, initial_value: null, description: null, tags: [],
    multivariate_options: [], is_archived: false, owners: [], project: 12, created_date: '2025-06-01T09:00:00.000000Z',
    ...extra,
  };
}
