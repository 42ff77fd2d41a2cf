import { followPages, resolveLink } from '../pages';
import type { FlagProvider } from '../types';
import { FeatureFlagSchema, FlagPageSchema } from './api-schema';
import { toFlag } from './normalise';
import { launchDarklyMeta } from './meta';

/** The most LaunchDarkly returns per page (the default is 20). */
const PAGE_SIZE = 100;
/**
 * Pins the answer's shape to the API version this adapter reads, whatever version the token
 * was created with (https://launchdarkly.com/docs/api#versioning).
 */
const API_VERSION = '20240415';

/**
 * LaunchDarkly's REST API v2: every flag of one project, as configured in one environment.
 * `summary=0` with `env` brings each environment's targets and rules, which the stale hint
 * needs; pages are followed through `_links.next` until there is none.
 */
export const launchDarklyProvider: FlagProvider<'launchdarkly'> = {
  id: 'launchdarkly',
  label: launchDarklyMeta.label,
  tokenHelp: launchDarklyMeta.token.help,
  tokenRequired: launchDarklyMeta.token.required,
  listsVariants: true,
  // LaunchDarkly takes the access token as it is, without "Bearer".
  authHeaders: ({ token }): Record<string, string> => (token ? { Authorization: token } : {}),

  fetchCatalogue({ source, http, onProgress }) {
    const query = new URLSearchParams({ env: source.environment, summary: '0', limit: String(PAGE_SIZE), offset: '0' });
    const now = Date.now();
    return followPages(http, {
      provider: 'LaunchDarkly',
      what: 'flag list',
      first: `${source.baseUrl}/api/v2/flags/${encodeURIComponent(source.project)}?${query}`,
      headers: { 'LD-API-Version': API_VERSION },
      page: FlagPageSchema,
      item: FeatureFlagSchema,
      items: (page) => page.items,
      total: (page) => page.totalCount,
      next: (page) => page._links?.next?.href,
      resolve: (href) => resolveLink(href, source.baseUrl, 'LaunchDarkly').href,
      keep: (flag) => !flag.archived,
      toFlag: (flag) => toFlag(flag, { baseUrl: source.baseUrl, environment: source.environment, now }),
    }, onProgress);
  },

  explain(kind, source) {
    if (kind === 'token-rejected') {
      return 'LaunchDarkly does not accept this access token. Create an API access token with the Reader role (Account settings → Authorization) and paste it here.';
    }
    if (kind === 'no-permission') {
      return `The token's role may not read project "${source.project}": give it a role with read access to that project, such as Reader.`;
    }
    return `LaunchDarkly has no project "${source.project}" with environment "${source.environment}": check both keys (Account settings → Projects lists them).`;
  },
};

/** The href is relative to the API host; the http client refuses it if it leads elsewhere. */
