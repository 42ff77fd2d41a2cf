import { findSite, scenariosOf } from '../../../../lib/automation';
import { readConfigFile } from '../../../../lib/automation/node';
import { parse } from '../args';
import type { Output } from '../output';

export const SCENARIOS_HELP = `flagtab scenarios [--site <id>] [--config <file>] [--json]

Lists the scenarios a Flagtab configuration holds: per site, each scenario's id, name, tickets,
start path and values. Use an id with "flagtab header --scenario <id>" or the Playwright fixture.`;

export const SITES_HELP = `flagtab sites [--config <file>]

Lists the sites a Flagtab configuration holds: id, name and hosts.`;

const CONFIG = { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } } as const;

/** `flagtab scenarios`: what a configuration holds, as text or JSON. */
export function scenariosCommand(args: string[], out: Output): number {
  const { values: options } = parse('scenarios', args, { ...CONFIG, site: { type: 'string', short: 's' }, json: { type: 'boolean' } });
  if (options.help) return out.print(SCENARIOS_HELP), 0;
  const loaded = readConfigFile(options.config);
  const sites = options.site ? [findSite(loaded, options.site)] : loaded.config.sites;
  const listed = sites.map((site) => ({ site, scenarios: scenariosOf(loaded, site) }));
  if (options.json) {
    out.print(JSON.stringify(listed.flatMap(({ scenarios }) => scenarios), null, 2));
    return 0;
  }
  for (const { site, scenarios } of listed) {
    out.print(`${site.id} (${site.name}): ${scenarios.length === 0 ? 'no scenarios' : `${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}`}`);
    for (const s of scenarios) {
      const extra = [s.tickets.length ? `tickets ${s.tickets.join(', ')}` : '', s.startPath ? `opens ${s.startPath}` : ''].filter(Boolean).join('; ');
      out.print(`  ${s.id}  "${s.name}"${extra ? `  (${extra})` : ''}`);
      for (const [key, value] of Object.entries(s.values)) out.print(`      ${key} = ${JSON.stringify(value)}`);
    }
  }
  return 0;
}

/** `flagtab sites`: the configuration's sites. */
export function sitesCommand(args: string[], out: Output): number {
  const { values: options } = parse('sites', args, CONFIG);
  if (options.help) return out.print(SITES_HELP), 0;
  const loaded = readConfigFile(options.config);
  for (const site of loaded.config.sites) out.print(`${site.id}  "${site.name}"  ${site.hosts.join(', ')}`);
  if (loaded.config.sites.length === 0) out.warn(`${loaded.source} has no sites.`);
  return 0;
}
