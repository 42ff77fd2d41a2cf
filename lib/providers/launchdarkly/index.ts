import type { FlagInput } from '../../catalogue/flag';
import { ProviderError } from '../errors';
import { LIMITS } from '../normalise';
import type { FlagProvider } from '../types';
import { describeIssue, FeatureFlagSchema, FlagPageSchema } from './api-schema';
import { toFlag } from './normalise';

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
  label: 'LaunchDarkly',
  tokenHelp: 'Create an API access token with the Reader role in LaunchDarkly (Account settings → Authorization). Flagtab only reads flags.',
  tokenRequired: true,
  listsVariants: true,
  // LaunchDarkly takes the access token as it is, without "Bearer".
  authHeaders: ({ token }): Record<string, string> => (token ? { Authorization: token } : {}),

  async fetchCatalogue({ source, http, onProgress }) {
    const query = new URLSearchParams({ env: source.environment, summary: '0', limit: String(PAGE_SIZE), offset: '0' });
    let url: string | undefined = `${source.baseUrl}/api/v2/flags/${encodeURIComponent(source.project)}?${query}`;
    const flags: FlagInput[] = [];
    const warnings: string[] = [];
    const visited = new Set<string>();
    let seen = 0;
    const now = Date.now();

    while (url && !visited.has(url) && seen <= LIMITS.flags) {
      visited.add(url);
      const response = await http.request(url, { headers: { 'LD-API-Version': API_VERSION } });
      const page = FlagPageSchema.safeParse(response.body);
      if (!page.success) {
        throw new ProviderError('bad-response', `LaunchDarkly's flag list is not in the documented shape (${describeIssue(page.error)}).`);
      }
      for (const [index, item] of page.data.items.entries()) {
        const parsed = FeatureFlagSchema.safeParse(item);
        if (!parsed.success) {
          warnings.push(`Skipped ${labelOf(item, seen + index)}: ${describeIssue(parsed.error)}.`);
        } else if (!parsed.data.archived) {
          flags.push(toFlag(parsed.data, { baseUrl: source.baseUrl, environment: source.environment, now }));
        }
      }
      seen += page.data.items.length;
      onProgress(page.data.totalCount == null ? { loaded: seen } : { loaded: seen, total: page.data.totalCount });
      const next = page.data._links?.next?.href;
      url = next && page.data.items.length > 0 ? nextPage(next, source.baseUrl) : undefined;
    }
    return { flags, warnings };
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
function nextPage(href: string, baseUrl: string): string {
  try {
    return new URL(href, `${baseUrl}/`).href;
  } catch {
    throw new ProviderError('bad-response', `LaunchDarkly's link to the next page of flags is not a URL (${JSON.stringify(href.slice(0, 100))}).`);
  }
}

function labelOf(item: unknown, position: number): string {
  const key = typeof item === 'object' && item !== null ? (item as { key?: unknown }).key : undefined;
  return typeof key === 'string' && key ? `LaunchDarkly flag ${JSON.stringify(key.slice(0, 80))}` : `the LaunchDarkly flag at position ${position + 1}`;
}
