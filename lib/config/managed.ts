import { describeIssues } from '../schema-issues';
import { findSiteConflicts } from './conflicts';
import { patternsOverlap } from './hosts';
import { SiteSchema, type Site } from './schema';
import type { Config } from './versions';

/**
 * Sites an organisation pushes to every tester's browser through enterprise policy, read from
 * `storage.managed` (Chrome: the extension's policy, checked against public/managed-schema.json;
 * Firefox: policies.json `3rdparty.Extensions`, see docs/managed-policy.md). The policy holds
 * sites only: no tokens, which stay in each person's own storage.
 */
export const MANAGED_SITES_KEY = 'sites';

/** What the policy added, what it replaced of the person's own sites, and what it could not use. */
export interface ManagedSummary {
  /** Ids of the sites that come from the policy (read-only in the options page). */
  ids: string[];
  /** The person's own sites the policy replaced: the same id, or a host a managed site claims. */
  replaced: { id: string; name: string; why: string }[];
  /** Parts of the policy that could not be used, each saying where and what to fix. */
  problems: string[];
}

export const NO_MANAGED: ManagedSummary = { ids: [], replaced: [], problems: [] };

const FIX = 'ask your administrator to check the Flagtab policy against managed-schema.json';

/**
 * The usable sites of a policy's value for "sites", and a message for each part it cannot
 * use. A broken site is left out on its own; the others still apply.
 *
 * @example readManagedSites([{ id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', url: 'https://x/flags.json' } }])
 */
export function readManagedSites(raw: unknown): { sites: Site[]; problems: string[] } {
  if (raw === undefined || raw === null) return { sites: [], problems: [] };
  if (!Array.isArray(raw)) return { sites: [], problems: [`Your organisation's policy has "sites" that is not a list of sites: ${FIX}.`] };
  const sites: Site[] = [];
  const problems: string[] = [];
  raw.forEach((entry: unknown, index) => {
    const parsed = SiteSchema.safeParse(entry);
    const where = `Managed site ${index + 1}${nameOf(entry)}`;
    if (!parsed.success) {
      problems.push(`${where} was left out: ${describeIssues(parsed.error.issues)}; ${FIX}.`);
      return;
    }
    const clash = findSiteConflicts([...sites, parsed.data]).find((conflict) => conflict.path[1] === sites.length);
    if (clash) problems.push(`${where} was left out: ${clash.message}; ${FIX}.`);
    else sites.push(parsed.data);
  });
  return { sites, problems };
}

function nameOf(entry: unknown): string {
  const name = typeof entry === 'object' && entry !== null ? (entry as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name.trim() ? ` ("${name.trim()}")` : '';
}

/**
 * The configuration every page and the background use: the policy's sites first, then the
 * person's own. Where the two clash — the same id, or a host both claim — the managed site
 * wins and the person's is set aside (kept in storage, listed in `replaced`).
 *
 * @example const { config, managed } = withManagedSites(personal, readManagedSites(policy.sites));
 */
export function withManagedSites(personal: Config, policy: { sites: Site[]; problems: string[] }): { config: Config; managed: ManagedSummary } {
  if (policy.sites.length === 0) return { config: personal, managed: { ...NO_MANAGED, problems: policy.problems } };
  const replaced: ManagedSummary['replaced'] = [];
  const kept: Site[] = [];
  for (const own of personal.sites) {
    const sameId = policy.sites.find((managed) => managed.id === own.id);
    const clash = sameId ? undefined : hostClash(own, policy.sites);
    if (sameId) replaced.push({ id: own.id, name: own.name, why: `your organisation's "${sameId.name}" has the same id (${own.id})` });
    else if (clash) replaced.push({ id: own.id, name: own.name, why: `your organisation's "${clash.site.name}" covers ${clash.host} too` });
    else kept.push(own);
  }
  const sites = [...policy.sites, ...kept];
  const ids = new Set(sites.map((site) => site.id));
  return {
    // A set-aside site's scenarios go quiet with it (a managed site of the same id keeps them).
    config: { ...personal, sites, scenarios: personal.scenarios.filter((scenario) => ids.has(scenario.siteId)) },
    managed: { ids: policy.sites.map((site) => site.id), replaced, problems: policy.problems },
  };
}

/** The first managed site that covers one of `own`'s hosts, and that host. */
function hostClash(own: Site, managed: readonly Site[]): { site: Site; host: string } | undefined {
  for (const site of managed) {
    const host = own.hosts.find((pattern) => site.hosts.some((theirs) => patternsOverlap(theirs, pattern)));
    if (host) return { site, host };
  }
  return undefined;
}
