import type { Storage } from 'webextension-polyfill';
import { createSerialQueue } from '../serial';
import { describeIssues, formatIssue } from '../schema-issues';
import { MANAGED_SITES_KEY, readManagedSites, withManagedSites, type ManagedSummary } from './managed';
import { migrateConfig, type ConfigReadResult } from './migrations';
import type { SiteInput } from './schema';
import { ConfigSchema, emptyConfig, type Config, type ConfigInput } from './versions';
import { STORED } from '../storage/keys';
import { createConfigSnapshot, type SnapshotArea } from './snapshot';
import { ScenariosSchema, findScenarioConflicts } from '../scenarios/schema';
import type { Scenario } from '../scenarios/scenario';

/**
 * The configuration lives in `storage.local` under one key, as one versioned document
 * (`{ version, sites }`, see versions.ts). Not `storage.sync`: sync's quota is 100 KB with
 * 8 KB per item, too small for a pasted flags file.
 * https://developer.chrome.com/docs/extensions/reference/api/storage#property-sync
 *
 * Secrets (provider API tokens, tracker credentials, signing keys) are deliberately NOT part
 * of this document. They will get their own key in `storage.local` (never `storage.sync`,
 * which the browser copies to every signed-in device) and their own store, keyed by site
 * id, so exporting or syncing the configuration can never carry a token along.
 */
export const CONFIG_STORAGE_KEY = STORED.config.key;
/**
 * The policy's "sites" as last read from `storage.managed`, in `storage.local`. Chromium answers
 * the first `storage.managed.get` of a browser session only after its policy service is ready
 * (2.3 s measured in headless Chromium, then under 1 ms), so reads take the copy and
 * `syncManaged` refreshes it, off the path of any click or page load.
 */
export const MANAGED_COPY_KEY = STORED.managedPolicy.key;
/**
 * The person's scenarios of the organisation's sites. Not in the person's document: that one
 * must stand alone (an export names only its own sites, and an import checks each scenario's
 * site is in the file). Shown while the policy has their site; kept, unseen, while it has not.
 */
export const MANAGED_SCENARIOS_KEY = STORED.managedScenarios.key;

/** The part of a `storage` area the store uses; `browser.storage.local` is one. */
export interface ConfigStorageArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  onChanged: {
    addListener(callback: (changes: Record<string, Storage.StorageChange>) => void): void;
    removeListener(callback: (changes: Record<string, Storage.StorageChange>) => void): void;
  };
}

/**
 * `storage.managed`, where enterprise policy puts the organisation's sites (lib/config/managed.ts).
 * Read-only; where the browser has no policy for Flagtab, `get` answers {} or rejects (Firefox
 * without a policies.json entry), and both mean "no managed sites". Given one, the store merges
 * the organisation's sites into what it reads (from the copy, see MANAGED_COPY_KEY).
 */
export interface ManagedStorageArea {
  get(keys: string): Promise<Record<string, unknown>>;
}

/**
 * A read configuration is the person's own sites merged with the organisation's (`managed`
 * says which are whose); writes only ever store the person's own.
 */
export type LoadResult = (ConfigReadResult & { ok: true; managed?: ManagedSummary }) | (ConfigReadResult & { ok: false });
export type SaveResult = { ok: true; config: Config; managed?: ManagedSummary } | { ok: false; error: string };

/**
 * The configuration store. Reads migrate older documents on the fly; writes always store the
 * current version. Writes from one store run one after another, so an upsert never loses a
 * concurrent remove.
 *
 * @example
 * const store = createConfigStore(browser.storage.local);
 * const loaded = await store.load();
 * const stop = store.watch((result) => { if (result.ok) render(result.config); });
 */
export function createConfigStore(storage: ConfigStorageArea, options: { managed?: ManagedStorageArea; snapshot?: SnapshotArea } = {}) {
  /** Runs each task after every earlier one, so two quick changes cannot interleave. */
  const serial = createSerialQueue();

  /** The person's own configuration, as stored: what every write starts from. */
  async function loadOwn(): Promise<ConfigReadResult> {
    const items = await storage.get(CONFIG_STORAGE_KEY);
    return readStored(items[CONFIG_STORAGE_KEY]);
  }

  /**
   * `own` with the policy's sites (from the copy) and the person's scenarios of them; a store
   * given no managed area reads the person's alone.
   */
  function merged(own: ConfigReadResult, copy: unknown, theirScenarios: unknown): LoadResult {
    if (!own.ok || !options.managed) return own;
    const { config, managed } = withManagedSites(own.config, readManagedSites(policySites(copy)));
    const ids = new Set(managed.ids);
    const taken = new Set(config.scenarios.map((scenario) => scenario.id));
    const shown = storedManagedScenarios(theirScenarios).filter((scenario) => ids.has(scenario.siteId) && !taken.has(scenario.id));
    return { ...own, config: shown.length > 0 ? { ...config, scenarios: [...config.scenarios, ...shown] } : config, managed };
  }

  /** Managed ids are refused for writes of the person's own sites. */
  async function managedIds(): Promise<Set<string>> {
    if (!options.managed) return new Set();
    const items = await storage.get(MANAGED_COPY_KEY);
    return new Set(readManagedSites(policySites(items[MANAGED_COPY_KEY])).sites.map((site) => site.id));
  }

  // The background's: what it read from the same documents before, kept across its wakes.
  const snapshot = options.snapshot && createConfigSnapshot<LoadResult>(options.snapshot, (result) => result.ok);

  async function load(): Promise<LoadResult> {
    // One read for all three documents: a load is on the path of clicks and page loads.
    const documents = async () => {
      const items = await storage.get([CONFIG_STORAGE_KEY, MANAGED_COPY_KEY, MANAGED_SCENARIOS_KEY]);
      return [items[CONFIG_STORAGE_KEY], items[MANAGED_COPY_KEY], items[MANAGED_SCENARIOS_KEY]] as const;
    };
    const read = ([own, copy, theirScenarios]: readonly unknown[]) => merged(readStored(own), copy, theirScenarios);
    return snapshot ? snapshot.readThrough(documents, read) : read(await documents());
  }

  async function write(config: ConfigInput): Promise<SaveResult> {
    const parsed = ConfigSchema.safeParse(config);
    if (!parsed.success) return { ok: false, error: `nothing was saved: ${describeIssues(parsed.error.issues)}` };
    try {
      await storage.set({ [CONFIG_STORAGE_KEY]: parsed.data });
    } catch (error) {
      if (error instanceof Error && /quota/i.test(error.message)) {
        return {
          ok: false,
          error: `nothing was saved: the browser's storage for Flagtab is full (${error.message}) — use a catalogue URL instead of pasting large flags files`,
        };
      }
      throw new Error('Could not write the configuration to storage.local', { cause: error });
    }
    const theirs = options.managed ? await storage.get([MANAGED_COPY_KEY, MANAGED_SCENARIOS_KEY]) : {};
    const read = merged({ ok: true, config: parsed.data }, theirs[MANAGED_COPY_KEY], theirs[MANAGED_SCENARIOS_KEY]);
    return read.ok ? { ...read, ok: true } : { ok: true, config: parsed.data };
  }

  /** Loads, changes and saves, refusing to overwrite a document it could not read. */
  function update(change: (config: Config) => ConfigInput, refusal?: () => Promise<string | undefined>): Promise<SaveResult> {
    return serial(async () => {
      const refused = await refusal?.();
      if (refused) return { ok: false, error: refused };
      const current = await loadOwn();
      if (!current.ok) return { ok: false, error: `${current.error} (nothing was changed)` };
      return write(change(current.config));
    });
  }
  const updateSites = (change: (sites: ConfigInput['sites']) => ConfigInput['sites'], refusal?: () => Promise<string | undefined>) =>
    update((config) => ({ ...config, sites: change(config.sites) }), refusal);

  return {
    /** The stored configuration at the current version; an empty one when nothing is stored. */
    load,
    /** Validates and stores the whole configuration (an import replaces everything this way). */
    save: (config: ConfigInput): Promise<SaveResult> => serial(() => write(config)),
    /** Adds the site, or replaces the site with the same id. */
    upsertSite: (site: SiteInput): Promise<SaveResult> =>
      updateSites(
        (sites) => (sites.some((s) => s.id === site.id) ? sites.map((s) => (s.id === site.id ? site : s)) : [...sites, site]),
        async () => ((await managedIds()).has(site.id) ? `nothing was saved: "${site.name}" is managed by your organisation; ask your administrator to change it` : undefined),
      ),
    /** Removes the site with this id; nothing happens when there is none. */
    removeSite: (id: string): Promise<SaveResult> =>
      // Its scenarios go with it: a scenario of no site would make the configuration unreadable.
      update((config) => ({ ...config, sites: config.sites.filter((s) => s.id !== id), scenarios: config.scenarios.filter((s) => s.siteId !== id) })),
    /** Changes the scenarios (lib/scenarios), in the same queue as every other write. */
    updateScenarios: (change: (scenarios: Config['scenarios']) => ConfigInput['scenarios']): Promise<SaveResult> =>
      serial(async () => {
        // The change sees every scenario shown, the organisation's sites' too, and each goes
        // where it belongs: the person's document, or the managed sites' key.
        const [current, own] = [await load(), await loadOwn()];
        if (!current.ok) return { ok: false, error: `${current.error} (nothing was changed)` };
        if (!own.ok) return { ok: false, error: `${own.error} (nothing was changed)` };
        const next = change(current.config.scenarios) ?? [];
        const [conflict] = findScenarioConflicts(next, current.config.sites.map((site) => site.id));
        if (conflict) return { ok: false, error: `nothing was saved: ${formatIssue(conflict)}` };
        const managedIds = new Set(current.managed?.ids ?? []);
        const theirs = ScenariosSchema.safeParse(next.filter((scenario) => managedIds.has(scenario.siteId)));
        if (!theirs.success) return { ok: false, error: `nothing was saved: ${describeIssues(theirs.error.issues)}` };
        const mine = next.filter((scenario) => !managedIds.has(scenario.siteId));
        if (theirs.data.length > 0 || managedIds.size > 0) {
          // Kept: the scenarios of sites the policy no longer has (they come back with it).
          const unseen = storedManagedScenarios((await storage.get(MANAGED_SCENARIOS_KEY))[MANAGED_SCENARIOS_KEY]).filter((scenario) => !managedIds.has(scenario.siteId));
          const saved = await write({ ...own.config, scenarios: mine });
          if (!saved.ok) return saved;
          await storage.set({ [MANAGED_SCENARIOS_KEY]: [...theirs.data, ...unseen] });
          const read = await load();
          return read.ok ? { ok: true, config: read.config, managed: read.managed } : { ok: false, error: read.error };
        }
        return write({ ...own.config, scenarios: mine });
      }),
    /**
     * Calls back with the new configuration whenever the stored document changes, from any
     * page or the background. Returns the function that stops watching.
     */
    watch(callback: (result: LoadResult) => void): () => void {
      // Each change is read again whole (the person's and the policy's); only the newest read
      // is reported, so a slow one cannot overwrite a later change.
      let latest = 0;
      const listener = (changes: Record<string, Storage.StorageChange>) => {
        if (!changes[CONFIG_STORAGE_KEY] && !(options.managed && (changes[MANAGED_COPY_KEY] || changes[MANAGED_SCENARIOS_KEY]))) return;
        const run = ++latest;
        load().then((result) => {
          if (run === latest) callback(result);
        }, (error: unknown) => console.error('Flagtab: could not read the configuration after a change', error));
      };
      storage.onChanged.addListener(listener);
      return () => storage.onChanged.removeListener(listener);
    },
    /**
     * Copies the policy's "sites" from `storage.managed` into storage.local when it changed
     * (the background calls it at start, install and on a policy change). Watchers hear it.
     */
    async syncManaged(): Promise<void> {
      if (!options.managed) return;
      let value: unknown;
      try {
        value = (await options.managed.get(MANAGED_SITES_KEY))[MANAGED_SITES_KEY];
      } catch (error) {
        // Firefox rejects when no policies.json names Flagtab: no policy, not a problem.
        console.debug('Flagtab: no managed storage', error);
      }
      const copy = (await storage.get(MANAGED_COPY_KEY))[MANAGED_COPY_KEY];
      if (JSON.stringify(policySites(copy)) === JSON.stringify(value)) return;
      await storage.set({ [MANAGED_COPY_KEY]: { sites: value ?? null } });
    },
  };
}

export type ConfigStore = ReturnType<typeof createConfigStore>;

/** The policy's "sites" out of the stored copy (`{ sites }`), or undefined without one. */
function policySites(copy: unknown): unknown {
  return typeof copy === 'object' && copy !== null && 'sites' in copy ? ((copy as { sites: unknown }).sites ?? undefined) : undefined;
}

/** The managed sites' scenarios as stored; a record that does not read is shown as none and left as it is. */
function storedManagedScenarios(stored: unknown): Scenario[] {
  if (stored === undefined) return [];
  const read = ScenariosSchema.safeParse(stored);
  if (!read.success) console.warn('Flagtab: the scenarios of managed sites do not read; they are not shown', describeIssues(read.error.issues));
  return read.success ? read.data : [];
}

function readStored(stored: unknown): ConfigReadResult {
  if (stored === undefined || stored === null) return { ok: true, config: emptyConfig() };
  const result = migrateConfig(stored);
  return result.ok ? result : { ok: false, error: `the saved configuration cannot be used: ${result.error}` };
}
