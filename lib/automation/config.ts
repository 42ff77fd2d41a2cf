import { parseConfigFile } from '../config/file';
import type { Config } from '../config/versions';
import type { Site } from '../config/schema';
import type { Scenario } from '../scenarios/scenario';
import type { Secrets } from '../secrets/store';
import { nearest, UsageError } from './errors';

/**
 * Flagtab's exported configuration (the options page's Export, `flagtab-config.json`) as the
 * automation tools read it: the same parser and migrations as the extension's Import, so a
 * file that imports there works here.
 */
export interface LoadedConfig {
  config: Config;
  /** Tokens, when the export was asked to carry them. */
  secrets?: Secrets;
  /** Where it was read from, for messages. */
  source: string;
}

/** Reads an export's text; a bad file throws `UsageError` naming the file and the field. */
export function readConfigText(text: string, source: string): LoadedConfig {
  const result = parseConfigFile(text);
  if (!result.ok) throw new UsageError(`${source}: ${result.error}`);
  return { config: result.config, source, ...(result.secrets ? { secrets: result.secrets } : {}) };
}

/**
 * The site with this id (or, failing that, this name, any case). Unknown: a `UsageError` that
 * lists the sites the file has.
 *
 * @example findSite(loaded, 'shop').hosts // ['shop.example.com']
 */
export function findSite(loaded: LoadedConfig, wanted: string): Site {
  const { sites } = loaded.config;
  const site = sites.find((s) => s.id === wanted) ?? sites.find((s) => s.name.toLowerCase() === wanted.toLowerCase());
  if (site) return site;
  if (sites.length === 0) throw new UsageError(`${loaded.source} has no sites: export the configuration again from Flagtab's options page after adding the site.`);
  const ids = sites.map((s) => s.id);
  throw new UsageError(`${loaded.source} has no site "${wanted}". Its sites: ${ids.join(', ')}${ids.length > 1 ? ` (nearest: ${nearest(wanted, ids, 1)[0]})` : ''}.`);
}

/** The site's scenarios, in the file's order. */
export function scenariosOf(loaded: LoadedConfig, site: Site): Scenario[] {
  return loaded.config.scenarios.filter((s) => s.siteId === site.id);
}

/** The scenario with this id (or name, any case) on the site; unknown: a `UsageError` listing them. */
export function findScenario(loaded: LoadedConfig, site: Site, wanted: string): Scenario {
  const own = scenariosOf(loaded, site);
  const scenario = own.find((s) => s.id === wanted) ?? own.find((s) => s.name.toLowerCase() === wanted.toLowerCase());
  if (scenario) return scenario;
  if (own.length === 0) throw new UsageError(`site "${site.id}" has no scenarios in ${loaded.source}: save one in Flagtab's popup, then export the configuration again.`);
  throw new UsageError(`site "${site.id}" has no scenario "${wanted}". Its scenarios: ${own.map((s) => s.id).join(', ')}.`);
}
