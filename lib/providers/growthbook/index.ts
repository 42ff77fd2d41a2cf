import type { Flag } from '../../flags/flag';
import { ProviderError } from '../errors';
import { describeZodIssue } from '../pages';
import type { FlagProvider } from '../types';
import { FeatureSchema, PageSchema } from './api-schema';
import { toFlag } from './normalise';
import { growthBookMeta } from './meta';

/** GrowthBook's largest page. */
const PAGE_SIZE = 100;
/** 500 pages of 100 is far beyond any real organisation: a server whose pages never end is refused. */
const MAX_PAGES = 500;

/**
 * GrowthBook's REST API: GET /api/v1/features, page by page (limit/offset), optionally for one
 * project. Each feature is read as it is in the configured environment.
 */
export const growthBookProvider: FlagProvider<'growthbook'> = {
  id: 'growthbook',
  label: growthBookMeta.label,
  tokenHelp: growthBookMeta.token.help,
  tokenRequired: growthBookMeta.token.required,
  listsVariants: true,
  authHeaders: ({ token }): Record<string, string> => {
    const key = token?.trim().replace(/^Bearer\s+/i, '');
    return key ? { Authorization: `Bearer ${key}` } : {};
  },

  async fetchCatalogue({ source, http, onProgress }) {
    const flags: Flag[] = [];
    const warnings: string[] = [];
    const environments = new Set<string>();
    const context = { environment: source.environment, now: Date.now() };
    let offset = 0;
    let loaded = 0;
    for (let pages = 1; ; pages++) {
      if (pages > MAX_PAGES) throw new ProviderError('bad-response', `GrowthBook's list of features did not end after ${MAX_PAGES} pages; Flagtab stopped reading it.`);
      const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
      if (source.project) query.set('projectId', source.project);
      const response = await http.request(`${source.baseUrl}/api/v1/features?${query}`);
      const page = PageSchema.safeParse(response.body);
      if (!page.success) {
        throw new ProviderError('bad-response', `${new URL(response.url).pathname} did not answer with a page of features ({ "features": [...], "hasMore", "nextOffset" }): ${describeZodIssue(page.error)}.`);
      }
      page.data.features.forEach((raw, index) => {
        const feature = FeatureSchema.safeParse(raw);
        if (!feature.success) {
          const issue = feature.error.issues[0];
          warnings.push(`Skipped a GrowthBook feature (item ${offset + index + 1}): ${issue?.path.join('.') || 'feature'}: ${issue?.message ?? 'malformed'}.`);
          return;
        }
        if (feature.data.archived) return;
        Object.keys(feature.data.environments ?? {}).forEach((name) => environments.add(name));
        const outcome = toFlag(feature.data, context);
        if ('flag' in outcome) flags.push(outcome.flag);
        else warnings.push(outcome.skipped);
      });
      loaded += page.data.features.length;
      onProgress(page.data.total == null ? { loaded } : { loaded, total: page.data.total });
      const next = page.data.nextOffset;
      if (page.data.hasMore === false || next == null) break;
      if (next <= offset) throw new ProviderError('bad-response', `GrowthBook's nextOffset (${next}) did not move past offset ${offset}; Flagtab stopped reading.`);
      offset = next;
    }
    if (environments.size > 0 && !environments.has(source.environment)) {
      warnings.push(`No GrowthBook feature has an environment "${source.environment}" (they have ${[...environments].slice(0, 10).join(', ')}): check the environment id in the site's settings.`);
    }
    return { flags, warnings };
  },

  explain(kind, source) {
    if (kind === 'token-rejected') {
      return 'GrowthBook did not accept the key: create a read-only secret key (Settings → API Keys, role "readonly") and paste it here. SDK client keys ("sdk-…") do not work with the REST API.';
    }
    if (kind === 'no-permission') {
      return `The key may not read ${source.project ? `project "${source.project}"` : 'these features'}: use a secret key whose role can read features there (readonly is enough).`;
    }
    return `GrowthBook's API was not found there: check the base URL (GrowthBook Cloud: https://api.growthbook.io; self-hosted: your API host, without /api)${source.project ? ` and the project id "${source.project}"` : ''}.`;
  },
};
