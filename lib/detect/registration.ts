import type { Site } from '../config/schema';
import { hostPatternToOrigins } from '../config/hosts';

/**
 * Where WXT builds the runtime-registered content scripts (entrypoints/*.content.ts). The detect
 * script carries the child-tab part too: on a site that detects, one isolated-world script and
 * one hello instead of two (bench/README.md, "What a page load costs").
 */
export const DETECT_SCRIPT = 'content-scripts/detect.js';
export const BRIDGE_SCRIPT = 'content-scripts/bridge.js';
/** The child-tab scripts (lib/overrides/page): children.js alone where the site detects nothing. */
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
 * The content scripts Flagtab wants, on each configured site's hosts and nowhere else (that is
 * why they are registered at run time from the configuration, not declared in the manifest):
 * - one isolated-world script: the detect script (detection and child tabs, one hello) where
 *   the site reads markers or SDKs, else the child-tab script alone;
 * - the page bridge (the page's own world) where it watches SDKs;
 * - the window.open hook (the page's own world) everywhere: a tab under test must open its new
 *   tabs itself, so their first request waits for their overrides (lib/overrides/page).
 *
 * @example plannedRegistrations([{ id: 'shop', hosts: ['shop.example.com'], detection: { markers: true, sdks: false, … } }]).map((r) => r.id)
 * // ['flagtab-detect-shop', 'flagtab-open-shop']
 */
export function plannedRegistrations(sites: readonly Pick<Site, 'id' | 'hosts' | 'detection'>[]): ContentScriptRegistration[] {
  return sites.flatMap((site) => {
    const { markers, sdks } = site.detection;
    const common = { matches: site.hosts.flatMap(hostPatternToOrigins), runAt: 'document_start', allFrames: false, persistAcrossSessions: true } as const;
    const planned: ContentScriptRegistration[] = [markers || sdks
      ? { id: `${ID_PREFIX}detect-${site.id}`, js: [DETECT_SCRIPT], world: 'ISOLATED', ...common }
      : { id: `${ID_PREFIX}children-${site.id}`, js: [CHILDREN_SCRIPT], world: 'ISOLATED', ...common }];
    if (sdks) planned.push({ id: `${ID_PREFIX}bridge-${site.id}`, js: [BRIDGE_SCRIPT], world: 'MAIN', ...common });
    planned.push({ id: `${ID_PREFIX}open-${site.id}`, js: [OPEN_SCRIPT], world: 'MAIN', ...common });
    return planned;
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
