import { ProviderError, isProviderError } from '../errors';
import type { FlagProvider } from '../types';
import { ProjectOverviewSchema } from './api-schema';
import { toFlag, type UnleashContext } from './normalise';
import { parse, readFlags, readLifetimes } from './read';
import { unleashMeta } from './meta';

/**
 * Unleash's Admin API (checked against Unleash 8.2): one project's live flags as configured in
 * one environment, in four requests whatever the project's size:
 * - GET  /api/admin/projects/{project}/overview — the project exists (404 otherwise) and has
 *   the environment; neither the export nor the flag list complains about unknown ones.
 * - POST /api/admin/features-batch/export — flags, strategy variants, tags and links in the
 *   environment.
 * - GET  /api/admin/projects/{project}/features — creation dates, every environment's state.
 * - GET  /api/admin/feature-types — expected lifetimes, for the "potentially stale" hint.
 * Not the flag search endpoint: Unleash limits it to a few requests a minute.
 */
export const unleashProvider: FlagProvider<'unleash'> = {
  id: 'unleash',
  label: unleashMeta.label,
  tokenHelp: unleashMeta.token.help,
  tokenRequired: unleashMeta.token.required,
  listsVariants: true,
  // Unleash takes the token as it is, without "Bearer" (admin tokens and personal tokens alike).
  authHeaders: ({ token }): Record<string, string> => (token ? { Authorization: token } : {}),

  async fetchCatalogue({ source, http, onProgress }) {
    const api = `${apiBase(source.baseUrl)}/api/admin`;
    const project = encodeURIComponent(source.project);
    const overview = parse(ProjectOverviewSchema, (await http.request(`${api}/projects/${project}/overview`)).body, 'project overview');
    const environments = overview.environments.map((e) => e.environment);
    if (!environments.includes(source.environment)) {
      const known = environments.length ? `it has ${environments.map((e) => `"${e}"`).join(', ')}` : 'it has none enabled';
      throw new ProviderError('not-found', `Unleash project "${source.project}" has no environment "${source.environment}" (${known}).`);
    }

    const warnings: string[] = [];
    const [exported, listed, lifetimes] = await Promise.all([
      http.request(`${api}/features-batch/export`, { method: 'POST', json: { environment: source.environment, project: source.project } }),
      http.request(`${api}/projects/${project}/features`),
      http.request(`${api}/feature-types`).then(
        (response) => readLifetimes(response.body),
        (error: unknown) => {
          // Only a hint depends on it: say so and carry on, unless the token itself failed.
          if (!isProviderError(error) || error.kind === 'token-rejected') throw error;
          warnings.push(`Could not read Unleash's feature types (${error.message}); flags past their expected lifetime are not pointed out.`);
          return new Map() as UnleashContext['lifetimes'];
        },
      ),
    ]);
    const ctx: UnleashContext = { environment: source.environment, now: Date.now(), lifetimes };
    const flags = readFlags(exported.body, listed.body, warnings).map((parts) => toFlag(parts, ctx));
    onProgress({ loaded: flags.length, total: flags.length });
    return { flags, warnings };
  },

  explain(kind, source) {
    if (kind === 'token-rejected') {
      return 'Unleash did not accept this token: it is wrong, expired or deleted. Create a read-only one: a Personal Access Token of a user with the Viewer role (your profile → Personal API tokens). An Admin API token also works, but it can change everything.';
    }
    if (kind === 'no-permission') {
      return `The token may not read project "${source.project}": its user lacks access to the project, or it is a client (backend) or frontend token, which cannot use the Admin API. Use a Personal Access Token of a user who can see the project (the Viewer role is enough).`;
    }
    return `Check the project id (the "<id>" in /projects/<id>) and the environment name in the site's settings, and that the base URL is Unleash's own address, without /api.`;
  },
};

/** People paste the API address too ("…/api"); the paths below add it themselves. */
function apiBase(baseUrl: string): string {
  return baseUrl.replace(/\/api\/?$/, '');
}
