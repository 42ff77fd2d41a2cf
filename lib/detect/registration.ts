import type { Site } from '../config/schema';
import { hostPatternToOrigins } from '../config/hosts';

/** Where WXT builds the two runtime-registered content scripts (entrypoints/*.content.ts). */
export const DETECT_SCRIPT = 'content-scripts/detect.js';
export const BRIDGE_SCRIPT = 'content-scripts/bridge.js';
/** The child-tab scripts (lib/overrides/page): on every configured site, whatever it detects. */
export const CHILDREN_SCRIPT = 'content-scripts/children.js';
export const OPEN_SCRIPT = 'content-scripts/open.js';
const ID_PREFIX = 'flagtab-';

/** A `scripting.registerContentScripts` entry, in the fields both browsers accept. */
export interface ContentScriptRegistration {
  id: string;
  matches: string[];
  js: string[];
  runAt: 'document_start';
  allFrames: false;
  world: 'ISOLATED' | 'MAIN';
  persistAcrossSessions: true;
}

/**
 * The content scripts Flagtab wants: for each configured site that reads markers or SDKs, the
 * detect script (isolated world) on its hosts, and the page bridge (the page's own world) when
 * it watches SDKs. No other page ever gets a script: that is why they are registered at run
 * time from the configuration instead of being declared for every page in the manifest.
 *
 * @example plannedRegistrations([{ id: 'shop', hosts: ['shop.example.com'], detection: { markers: true, sdks: false, … } }])
 * // [{ id: 'flagtab-detect-shop', matches: ['http://shop.example.com/*', 'https://shop.example.com/*'], world: 'ISOLATED', … }]
 */
export function plannedRegistrations(sites: readonly Pick<Site, 'id' | 'hosts' | 'detection'>[]): ContentScriptRegistration[] {
  const planned: ContentScriptRegistration[] = [];
  for (const site of sites) {
    const { markers, sdks } = site.detection;
    if (!markers && !sdks) continue;
    const matches = site.hosts.flatMap(hostPatternToOrigins);
    const common = { matches, runAt: 'document_start', allFrames: false, persistAcrossSessions: true } as const;
    planned.push({ id: `${ID_PREFIX}detect-${site.id}`, js: [DETECT_SCRIPT], world: 'ISOLATED', ...common });
    if (sdks) planned.push({ id: `${ID_PREFIX}bridge-${site.id}`, js: [BRIDGE_SCRIPT], world: 'MAIN', ...common });
  }
  return planned;
}

/**
 * The child-tab scripts for every configured site: a tab under test must open its new tabs
 * itself, on any site, so their first request waits for their overrides (lib/overrides/page).
 *
 * @example childRegistrations([{ id: 'shop', hosts: ['shop.example.com'] }]).map((r) => r.id) // ['flagtab-children-shop', 'flagtab-open-shop']
 */
export function childRegistrations(sites: readonly Pick<Site, 'id' | 'hosts'>[]): ContentScriptRegistration[] {
  return sites.flatMap((site) => {
    const common = { matches: site.hosts.flatMap(hostPatternToOrigins), runAt: 'document_start', allFrames: false, persistAcrossSessions: true } as const;
    return [
      { id: `${ID_PREFIX}children-${site.id}`, js: [CHILDREN_SCRIPT], world: 'ISOLATED', ...common },
      { id: `${ID_PREFIX}open-${site.id}`, js: [OPEN_SCRIPT], world: 'MAIN', ...common },
    ];
  });
}

export interface ScriptingApi {
  getRegisteredContentScripts(): Promise<{ id: string; matches?: string[]; js?: string[]; world?: string }[]>;
  registerContentScripts(scripts: ContentScriptRegistration[]): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
}

/**
 * Makes the registered content scripts match the plan: unregisters ours that are gone or
 * changed, registers the new ones, and leaves unchanged ones alone (re-registering would not
 * reach pages already open anyway).
 */
export async function syncRegistrations(scripting: ScriptingApi, planned: ContentScriptRegistration[]): Promise<void> {
  const current = (await scripting.getRegisteredContentScripts()).filter((s) => s.id.startsWith(ID_PREFIX));
  const wanted = new Map(planned.map((p) => [p.id, p]));
  const same = (s: (typeof current)[number], p: ContentScriptRegistration) =>
    JSON.stringify(s.matches ?? []) === JSON.stringify(p.matches) && JSON.stringify(s.js ?? []) === JSON.stringify(p.js) && (s.world ?? 'ISOLATED') === p.world;
  const stale = current.filter((s) => !wanted.has(s.id) || !same(s, wanted.get(s.id)!)).map((s) => s.id);
  const kept = new Set(current.map((s) => s.id).filter((id) => !stale.includes(id)));
  if (stale.length > 0) await scripting.unregisterContentScripts({ ids: stale });
  const fresh = planned.filter((p) => !kept.has(p.id));
  if (fresh.length > 0) await scripting.registerContentScripts(fresh);
}
