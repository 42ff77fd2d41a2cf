import type { z } from '../../zod';
import { ProviderError } from '../errors';
import type { HttpClient } from '../http';
import { describeZodIssue } from '../pages';
import type { FlagProvider } from '../types';
import { FeatureSchema, FeatureStateSchema, PageSchema, TagSchema } from './api-schema';
import { toFlag } from './normalise';
import { flagsmithMeta } from './meta';

const PAGE_SIZE = 100;
/** 500 pages of 100 is far beyond any real project: a server whose pages never end is refused. */
const MAX_PAGES = 500;

/**
 * Flagsmith's Admin API: the project's features, the environment's feature states (on/off and
 * value) and the project's tags. Read-only GETs, each list followed through its `next` links,
 * which ctx.http refuses when they point at another origin.
 */
export const flagsmithProvider: FlagProvider<'flagsmith'> = {
  id: 'flagsmith',
  label: flagsmithMeta.label,
  tokenHelp: flagsmithMeta.token.help,
  tokenRequired: flagsmithMeta.token.required,
  listsVariants: true,
  authHeaders: ({ token }): Record<string, string> => (token?.trim() ? { Authorization: authorization(token.trim()) } : {}),

  async fetchCatalogue({ source, http, onProgress }) {
    const warnings: string[] = [];
    const api = `${source.baseUrl}/api/v1`;
    const project = encodeURIComponent(source.project);
    const states = await readAll(http, `${api}/environments/${encodeURIComponent(source.environment)}/featurestates/?page_size=${PAGE_SIZE}`, 'feature state', FeatureStateSchema, warnings);
    // The environment's own states, not identity or segment overrides (older versions mix them in).
    const stateOf = new Map(states.filter((s) => s.identity == null && s.feature_segment == null).map((s) => [s.feature, s]));
    // With the environment's numeric id, Flagsmith counts each feature's overrides there (for the stale hint).
    const envId = states.find((s) => typeof s.environment === 'number')?.environment;
    const features = await readAll(
      http,
      `${api}/projects/${project}/features/?page_size=${PAGE_SIZE}${envId == null ? '' : `&environment=${envId}`}`,
      'feature',
      FeatureSchema,
      warnings,
      (loaded, total) => onProgress(total === undefined ? { loaded } : { loaded, total }),
    );
    const tagLabels = new Map<number, string>();
    if (features.some((f) => f.tags?.length)) {
      for (const tag of await readAll(http, `${api}/projects/${project}/tags/`, 'tag', TagSchema, warnings)) tagLabels.set(tag.id, tag.label);
    }
    const context = { environment: source.environment, tagLabels, overridesCounted: envId != null, now: Date.now() };
    const flags = features.filter((f) => !f.is_archived).map((f) => toFlag(f, stateOf.get(f.id), context));
    return { flags, warnings };
  },

  explain(kind, source) {
    if (kind === 'token-rejected') {
      return 'Flagsmith did not accept the key: create an Organisation API key (Organisation settings → API Keys) and paste it here; Flagtab only reads with it. An environment\'s client-side key does not work with the Admin API.';
    }
    if (kind === 'no-permission') {
      return `The key has no access to project ${source.project}: use a key from the organisation that owns the project, or give the key's role permission to view it.`;
    }
    return `Flagsmith has no project ${source.project} or no environment with key "${source.environment}": check the numeric project id (in the project's URL) and the environment key (the environment's client-side SDK key).`;
  },
};

/**
 * Organisation API keys go as "Api-Key <key>" (docs: Admin API → Authentication); a key the
 * person pasted with its scheme ("Api-Key …", or a user's "Token …") is sent as it is.
 */
function authorization(token: string): string {
  return /^(Api-Key|Token)\s+\S/i.test(token) ? token : `Api-Key ${token}`;
}

/**
 * Every item of a paginated list, each checked on its own: a malformed item is skipped with a
 * warning; a page that is not a page is an error. A plain array (an unpaginated endpoint on
 * some versions) is read as one page.
 */
async function readAll<T>(
  http: HttpClient,
  first: string,
  what: string,
  schema: z.ZodMiniType<T>,
  warnings: string[],
  progress?: (loaded: number, total: number | undefined) => void,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  for (let url: string | null | undefined = first; url; ) {
    if (seen.has(url) || seen.size >= MAX_PAGES) {
      throw new ProviderError('bad-response', `Flagsmith's list of ${what}s did not end (a page repeated, or more than ${MAX_PAGES} pages); Flagtab stopped reading it.`);
    }
    seen.add(url);
    const response = await http.request(url);
    const body = Array.isArray(response.body) ? { results: response.body } : response.body;
    const page = PageSchema.safeParse(body);
    if (!page.success) {
      throw new ProviderError('bad-response', `${new URL(response.url).pathname} did not answer with a page of ${what}s ({ "count", "next", "results": [...] }): ${describeZodIssue(page.error)}.`);
    }
    page.data.results.forEach((raw, index) => {
      const item = schema.safeParse(raw);
      if (item.success) items.push(item.data);
      else warnings.push(`Skipped a Flagsmith ${what} (${itemLabel(raw, index)}): ${describeZodIssue(item.error)}.`);
    });
    progress?.(items.length, page.data.count ?? undefined);
    // Followed as given: ctx.http refuses a link to another origin (even a proxy's http:// for an
    // https:// API), so the key stays on its host and the error says to fix the base URL.
    url = page.data.next;
  }
  return items;
}

function itemLabel(raw: unknown, index: number): string {
  const name = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).name : undefined;
  return typeof name === 'string' ? JSON.stringify(name.slice(0, 80)) : `item ${index + 1} of its page`;
}
