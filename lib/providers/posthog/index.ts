import { followPages, resolveLink } from '../pages';
import type { FlagProvider } from '../types';
import { PostHogFlagSchema, PostHogPageSchema } from './api-schema';
import { toFlag } from './normalise';
import { postHogMeta } from './meta';

const PAGE_SIZE = 100;

/**
 * PostHog's feature flags API: every flag of one project (the project is the environment).
 * Pages are followed through the absolute `next` URL that Django REST Framework builds.
 */
export const postHogProvider: FlagProvider<'posthog'> = {
  id: 'posthog',
  label: postHogMeta.label,
  tokenHelp: postHogMeta.token.help,
  tokenRequired: postHogMeta.token.required,
  listsVariants: true,
  authHeaders: ({ token }): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {}),

  fetchCatalogue({ source, http, onProgress }) {
    const now = Date.now();
    return followPages(http, {
      provider: 'PostHog',
      what: 'feature flag list',
      // The trailing slash matters: without it Django answers with a redirect, which the client refuses.
      first: `${source.baseUrl}/api/projects/${encodeURIComponent(source.project)}/feature_flags/?limit=${PAGE_SIZE}&offset=0`,
      page: PostHogPageSchema,
      item: PostHogFlagSchema,
      items: (page) => page.results,
      total: (page) => page.count,
      next: (page) => page.next,
      resolve: (href) => nextPage(href, source.baseUrl),
      keep: (flag) => !flag.deleted,
      toFlag: (flag) => toFlag(flag, { baseUrl: source.baseUrl, project: source.project, now }),
    }, onProgress);
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
  const url = resolveLink(href, baseUrl, 'PostHog');
  const base = new URL(baseUrl);
  if (base.protocol === 'https:' && url.protocol === 'http:' && url.host === base.host) url.protocol = 'https:';
  return url.href;
}
