import type { FlagInput } from '../../catalogue/flag';
import { ProviderError } from '../errors';
import { LIMITS } from '../normalise';
import type { FlagProvider } from '../types';
import { describeIssue, PostHogFlagSchema, PostHogPageSchema } from './api-schema';
import { toFlag } from './normalise';

const PAGE_SIZE = 100;

/**
 * PostHog's feature flags API: every flag of one project (the project is the environment).
 * Pages are followed through the absolute `next` URL that Django REST Framework builds.
 */
export const postHogProvider: FlagProvider<'posthog'> = {
  id: 'posthog',
  label: 'PostHog',
  tokenHelp: 'Create a personal API key in PostHog (Settings → Personal API keys) with only the feature_flag:read scope, for this project.',
  tokenRequired: true,
  listsVariants: true,
  authHeaders: ({ token }): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {}),

  async fetchCatalogue({ source, http, onProgress }) {
    // The trailing slash matters: without it Django answers with a redirect, which the client refuses.
    let url: string | undefined = `${source.baseUrl}/api/projects/${encodeURIComponent(source.project)}/feature_flags/?limit=${PAGE_SIZE}&offset=0`;
    const flags: FlagInput[] = [];
    const warnings: string[] = [];
    const visited = new Set<string>();
    let seen = 0;
    const now = Date.now();

    while (url && !visited.has(url) && seen <= LIMITS.flags) {
      visited.add(url);
      const response = await http.request(url);
      const page = PostHogPageSchema.safeParse(response.body);
      if (!page.success) {
        throw new ProviderError('bad-response', `PostHog's feature flag list is not in the documented shape (${describeIssue(page.error)}).`);
      }
      for (const [index, item] of page.data.results.entries()) {
        const parsed = PostHogFlagSchema.safeParse(item);
        if (!parsed.success) {
          warnings.push(`Skipped ${labelOf(item, seen + index)}: ${describeIssue(parsed.error)}.`);
        } else if (!parsed.data.deleted) {
          flags.push(toFlag(parsed.data, { baseUrl: source.baseUrl, project: source.project, now }));
        }
      }
      seen += page.data.results.length;
      onProgress(page.data.count == null ? { loaded: seen } : { loaded: seen, total: page.data.count });
      const next = page.data.next;
      url = next && page.data.results.length > 0 ? nextPage(next, source.baseUrl) : undefined;
    }
    return { flags, warnings };
  },

  explain(kind, source) {
    if (kind === 'token-rejected') {
      return 'PostHog does not accept this key. Create a personal API key (Settings → Personal API keys) with the feature_flag:read scope and paste it here.';
    }
    if (kind === 'no-permission') {
      return `The key lacks the feature_flag:read scope or access to project ${source.project}: edit it in Settings → Personal API keys.`;
    }
    return `PostHog has no project ${source.project} here: check the project id (Settings → Project) and the host (US, EU or your own).`;
  },
};

/**
 * The next page's URL. Behind a proxy that ends TLS, PostHog may write `next` with http://
 * for its own https:// host; that is upgraded back rather than refused. Any other origin is
 * left as it is, for the http client to refuse.
 */
function nextPage(href: string, baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(href, `${baseUrl}/`);
  } catch {
    throw new ProviderError('bad-response', `PostHog's link to the next page of flags is not a URL (${JSON.stringify(href.slice(0, 100))}).`);
  }
  const base = new URL(baseUrl);
  if (base.protocol === 'https:' && url.protocol === 'http:' && url.host === base.host) url.protocol = 'https:';
  return url.href;
}

function labelOf(item: unknown, position: number): string {
  const key = typeof item === 'object' && item !== null ? (item as { key?: unknown }).key : undefined;
  return typeof key === 'string' && key ? `PostHog flag ${JSON.stringify(key.slice(0, 80))}` : `the PostHog flag at position ${position + 1}`;
}
