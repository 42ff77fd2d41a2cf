import { patternsOverlap } from './hosts';

export interface SiteConflict {
  /** Where the second claim is, e.g. `['sites', 1, 'hosts', 0]`. */
  path: (string | number)[];
  message: string;
}

interface SiteLike {
  id?: unknown;
  name?: unknown;
  hosts?: unknown;
}

function label(site: SiteLike, index: number): string {
  return typeof site.name === 'string' && site.name ? `"${site.name}" (sites[${index}])` : `sites[${index}]`;
}

/**
 * The rules that hold across sites: ids are unique, and no host belongs to two sites (an
 * override for one site's tab must never be sent because another site also lists the host).
 * Reads loosely typed input on purpose: zod runs refinements even when some fields failed.
 *
 * @example findSiteConflicts([{ id: 'shop', hosts: ['*.example.com'] }, { id: 'shop', hosts: ['a.example.com'] }])
 */
export function findSiteConflicts(sites: readonly unknown[]): SiteConflict[] {
  const conflicts: SiteConflict[] = [];
  const firstById = new Map<string, number>();
  const claims: { pattern: string; index: number }[] = [];

  sites.forEach((raw, index) => {
    if (typeof raw !== 'object' || raw === null) return;
    const site = raw as SiteLike;
    if (typeof site.id === 'string') {
      const first = firstById.get(site.id);
      if (first === undefined) firstById.set(site.id, index);
      else {
        conflicts.push({
          path: ['sites', index, 'id'],
          message: `"${site.id}" is already the id of ${label(sites[first] as SiteLike, first)} — give each site its own id`,
        });
      }
    }
    if (!Array.isArray(site.hosts)) return;
    site.hosts.forEach((pattern: unknown, hostIndex) => {
      if (typeof pattern !== 'string') return;
      const other = claims.find((claim) => claim.index !== index && patternsOverlap(claim.pattern, pattern));
      if (other) {
        const owner = label(sites[other.index] as SiteLike, other.index);
        const claim = other.pattern === pattern ? `already belongs to ${owner}` : `overlaps "${other.pattern}" of ${owner}`;
        conflicts.push({
          path: ['sites', index, 'hosts', hostIndex],
          message: `"${pattern}" ${claim} — a host can belong to one site only; remove it from one of them`,
        });
      }
      claims.push({ pattern, index });
    });
  });
  return conflicts;
}
