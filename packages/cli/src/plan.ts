import {
  findScenario, findSite, overridesFor, valuesFrom, UsageError,
  type LoadedConfig, type RequestOverrides, type Values,
} from '../../../lib/automation';
import { loadSiteCatalogue, readConfigFile, signerFromEnvironment, transportSecretsFromEnvironment } from '../../../lib/automation/node';
import type { Site } from '../../../lib/config/schema';
import { seconds } from './args';

/** What `header` and `curl` share: the site, the checked values, and what each request gets. */
export interface Planned {
  loaded: LoadedConfig;
  site: Site;
  values: Values;
  overrides: RequestOverrides;
}

export interface PlanOptions {
  config?: string;
  site?: string;
  scenario?: string;
  json?: string[];
  key?: string;
  sub?: string;
  ttl?: string;
  'no-catalogue'?: boolean;
}

/**
 * Reads the configuration, finds the site, checks the assignments against its catalogue (unless
 * --no-catalogue), and plans the overrides with the environment's signer and secrets.
 */
export async function plan(options: PlanOptions, assignments: string[], env: NodeJS.ProcessEnv = process.env): Promise<Planned> {
  if (!options.site) throw new UsageError('name the site: --site <id> (the ids are in your Flagtab configuration; "flagtab sites" lists them)');
  const loaded = readConfigFile(options.config, env);
  const site = findSite(loaded, options.site);
  const flags = options['no-catalogue'] ? undefined : (await loadSiteCatalogue(loaded, site, env)).flags;
  const base = options.scenario ? findScenario(loaded, site, options.scenario).values : {};
  const values = valuesFrom({ assignments, json: [...(options.scenario ? [JSON.stringify(base)] : []), ...(options.json ?? [])], ...(flags ? { flags } : {}), siteId: site.id });
  if (Object.keys(values).length === 0) throw new UsageError('no overrides given: add key=value arguments (e.g. new-checkout=true), --json or --scenario');
  const signer = await signerFromEnvironment({ ...(options.key ? { keyFile: options.key } : {}), ...(options.sub ? { sub: options.sub } : {}) }, env);
  const overrides = await overridesFor(site, values, {
    ...(signer ? { signer } : {}),
    ...(options.ttl ? { ttlSec: seconds(options.ttl, '--ttl') } : {}),
    secrets: transportSecretsFromEnvironment(env),
  });
  return { loaded, site, values, overrides };
}

/**
 * The URL a header is made for: --host given as a host or URL, else the site's first exact host
 * (a wildcard-only site must be told). Refuses a host the site does not list.
 */
export function targetUrl(site: Site, host: string | undefined): string {
  const exact = site.hosts.find((h) => !h.startsWith('*.'));
  const given = host ?? exact;
  if (!given) throw new UsageError(`site "${site.id}" lists only wildcard hosts (${site.hosts.join(', ')}): say which host the request goes to with --host shop.example.com`);
  const url = /^[a-z]+:\/\//i.test(given) ? given : `https://${given}/`;
  return url;
}
