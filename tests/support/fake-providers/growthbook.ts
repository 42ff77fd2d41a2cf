import { intParam, page, startFakeApi, type FakeApi } from '../fake-api';

/**
 * GrowthBook's REST API as documented (docs.growthbook.io/api, GET /v1/features):
 * - auth: "Authorization: Bearer <secret key>" (or HTTP Basic with the key as user name);
 *   none → 401 { message }, a wrong key → 401 { message };
 * - GET /api/v1/features?limit&offset[&projectId]: { features, limit, offset, count, total,
 *   hasMore, nextOffset }, limit 1–100 (default 10), otherwise 400;
 * - a project the key's role may not read → 403 { message }; unknown paths → 404 { message }.
 */
export interface FakeGrowthBookData {
  secretKey: string;
  /** Features in the API's shape (each with `project`, "" for none). */
  features: Record<string, unknown>[];
  /** A project id the key's role may not read. */
  forbiddenProject?: string;
}

export async function startFakeGrowthBook(data: FakeGrowthBookData): Promise<FakeApi> {
  return startFakeApi({
    authorize(request) {
      const auth = request.headers.authorization;
      if (!auth) return { status: 401, body: { message: 'Missing API key in Authorization header' } };
      const basic = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString().replace(/:$/, '') : undefined;
      const key = auth.startsWith('Bearer ') ? auth.slice(7) : basic;
      return key === data.secretKey ? undefined : { status: 401, body: { message: 'Invalid API key' } };
    },
    notFound: { status: 404, body: { message: 'Unknown API endpoint' } },
    routes: [
      {
        method: 'GET',
        path: /^\/api\/v1\/features$/,
        handle(request) {
          const limit = intParam(request.query, 'limit', 10);
          const offset = intParam(request.query, 'offset', 0);
          if (limit < 1 || limit > 100) return { status: 400, body: { message: 'limit must be between 1 and 100' } };
          const project = request.query.get('projectId');
          if (project && project === data.forbiddenProject) return { status: 403, body: { message: 'You do not have access to read features in this project' } };
          const all = project ? data.features.filter((f) => f.project === project) : data.features;
          const features = page(all, offset, limit);
          const hasMore = offset + features.length < all.length;
          return {
            status: 200,
            body: { features, limit, offset, count: features.length, total: all.length, hasMore, nextOffset: hasMore ? offset + features.length : null },
          };
        },
      },
    ],
  });
}

/** A feature as GrowthBook lists it, switched on in production with no rules unless told otherwise. */
export function growthBookFeature(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id, description: '', owner: '', project: '', archived: false, valueType: 'boolean', defaultValue: 'false', tags: [],
    dateCreated: '2025-06-01T09:00:00.000Z', dateUpdated: new Date().toISOString(),
    environments: { production: { enabled: true, defaultValue: 'true', rules: [] }, dev: { enabled: false, defaultValue: 'false', rules: [] } },
    revision: { version: 1, comment: '', date: '2025-06-01T09:00:00.000Z', publishedBy: '' },
    ...extra,
  };
}
