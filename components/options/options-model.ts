import { batch, computed, signal } from '@preact/signals';
import { siteAccessPatterns } from '../../lib/config/access';
import type { Site } from '../../lib/config/schema';
import { NO_MANAGED, type ManagedSummary } from '../../lib/config/managed';
import type { ConfigStore, LoadResult } from '../../lib/config/store';
import type { Config } from '../../lib/config/versions';
import type { BackgroundClient } from '../../lib/messaging/client';
import type { HostPermissions } from '../../lib/permissions';
import type { Secrets, SecretsStore } from '../../lib/secrets/store';
import { accessProblem, messageOf } from './model-helpers';
import { createSiteEditor } from './site-editor-model';
import { createTransfer } from './transfer-model';
import { createSigningKeysModel } from './signing-keys-model';
import { createScenarioList } from './scenarios-model';

export { ACCESS_REFUSED_SAVE, type SiteEditor, type TokenAction } from './site-editor-model';
export { ACCESS_REFUSED_IMPORT, type PendingImport } from './transfer-model';

export interface OptionsDeps {
  store: Pick<ConfigStore, 'load' | 'save' | 'upsertSite' | 'removeSite' | 'watch' | 'updateScenarios'>;
  permissions: HostPermissions;
  /** Provider and tracker tokens, in storage.local apart from the configuration. */
  secrets: Pick<SecretsStore, 'all' | 'savedFor' | 'get' | 'set' | 'bind' | 'forgetSite' | 'merge'>;
  /** The background, for "Test connection". */
  client: Pick<BackgroundClient, 'request'>;
  /** Saves `text` as a file the user downloads. */
  download(filename: string, text: string): void;
  /** Puts text on the clipboard ("Copy line"); without it, the line is there to select. */
  copy?(text: string): Promise<void>;
}

/**
 * The options page's state and intents. Holds no browser API: the store, secrets, host
 * permissions, the background and downloads are injected. Every intent that asks for host
 * access calls `permissions.request` before its first `await`, so the click's user gesture
 * still counts. The site form lives in site-editor-model.ts, import/export in transfer-model.ts.
 *
 * @example
 * const model = createOptionsModel({ store, permissions, secrets, client, download });
 * const stop = model.start({ addHost: 'shop.example.com' });
 */
export function createOptionsModel(deps: OptionsDeps) {
  const config = signal<Config | undefined>(undefined);
  const loadError = signal<string | undefined>(undefined);
  /** Ids of sites whose hosts (or catalogue or tracker address) Flagtab cannot access (the user removed access). */
  const lacksAccess = signal<ReadonlySet<string>>(new Set());
  /** Of `lacksAccess`, the sites that lack only their websocket (ws/wss) origins. */
  const lacksSocketAccess = signal<ReadonlySet<string>>(new Set());
  const notice = signal<string | undefined>(undefined);
  const lastRemoved = signal<Site | undefined>(undefined);
  /** The removed site's tokens, in this page's memory only, so Undo can put them back. */
  let lastRemovedTokens: Secrets[string] | undefined;

  /** The organisation's sites (enterprise policy): shown, never edited or removed here. */
  const managed = signal<ManagedSummary>(NO_MANAGED);
  const managedIds = computed(() => new Set(managed.value.ids));
  /** The person's own configuration: what export writes and import replaces. */
  const ownConfig = computed(() => {
    const current = config.value;
    return current && { ...current, sites: current.sites.filter((site) => !managedIds.value.has(site.id)) };
  });

  const sites = computed(() => config.value?.sites ?? []);
  const loading = computed(() => config.value === undefined && loadError.value === undefined);

  let accessCheck = 0;
  async function refreshAccess(): Promise<void> {
    const check = ++accessCheck;
    const list = sites.value;
    const missing = new Set<string>();
    const socketsOnly = new Set<string>();
    for (const site of list) {
      const patterns = siteAccessPatterns(site);
      if (await deps.permissions.contains(patterns)) continue;
      missing.add(site.id);
      // Sites saved before Flagtab asked for ws(s):// still send overrides on pages and requests.
      if (await deps.permissions.contains(patterns.filter((p) => !/^wss?:/.test(p)))) socketsOnly.add(site.id);
    }
    if (check === accessCheck) batch(() => {
      lacksAccess.value = missing;
      lacksSocketAccess.value = socketsOnly;
    });
  }

  function applyLoad(result: LoadResult): void {
    if (result.ok) {
      batch(() => {
        config.value = result.config;
        managed.value = result.managed ?? NO_MANAGED;
        loadError.value = undefined;
      });
      void refreshAccess();
    } else {
      loadError.value = result.error;
    }
  }

  function setConfig(next: Config): void {
    config.value = next;
    void refreshAccess();
  }

  const siteEditor = createSiteEditor(deps, { sites, notice, lastRemoved, setConfig });
  const { editor } = siteEditor;
  const startEdit = (id: string) => {
    if (!managedIds.value.has(id)) siteEditor.startEdit(id);
  };
  const signingKeys = createSigningKeysModel({ client: deps.client, ...(deps.copy ? { copy: deps.copy } : {}) });
  const transfer = createTransfer(deps, { config: ownConfig, notice, lastRemoved, setConfig, closeEditor: () => (editor.value = undefined) });
  const scenarios = createScenarioList(deps, { config, setConfig });

  return {
    config,
    sites,
    loading,
    loadError,
    lacksAccess,
    lacksSocketAccess,
    notice,
    lastRemoved,
    managed,
    managedIds,
    ...siteEditor,
    /** Opens the Edit form of one of the person's own sites (a managed one has none). */
    startEdit,
    ...transfer,
    /** Each site's signing key (signed overrides), through the background. */
    signingKeys,
    /** Each site's scenarios (lib/scenarios): list, edit by hand, delete. */
    scenarios,

    /** Loads the configuration and follows changes; `addHost` opens the Add form for that host. */
    start(options: { addHost?: string | null } = {}): () => void {
      const stopWatching = deps.store.watch(applyLoad);
      const stopPermissions = deps.permissions.onRemoved(() => void refreshAccess());
      deps.store.load().then(applyLoad, (error: unknown) => {
        console.error('Flagtab: could not read the configuration', error);
        loadError.value = `could not read the configuration: ${messageOf(error)}`;
      });
      if (options.addHost) siteEditor.startAdd(options.addHost);
      return () => {
        stopWatching();
        stopPermissions();
      };
    },

    /** Removes the site and forgets its tokens (kept in memory for Undo). */
    async removeSite(id: string): Promise<void> {
      const site = sites.value.find((s) => s.id === id);
      if (!site || managedIds.value.has(id)) return;
      const saved = await deps.store.removeSite(id);
      if (!saved.ok) {
        notice.value = `Could not remove "${site.name}": ${saved.error}`;
        return;
      }
      let tokens: Secrets[string] | undefined;
      try {
        tokens = (await deps.secrets.all())[id];
        await deps.secrets.forgetSite(id);
      } catch (error) {
        console.error('Flagtab: could not forget the removed site\'s tokens', error);
      }
      lastRemovedTokens = tokens;
      batch(() => {
        setConfig(saved.config);
        if (editor.value?.editing.mode === 'edit' && editor.value.editing.id === id) editor.value = undefined;
        lastRemoved.value = site;
        notice.value = `Removed "${site.name}"`;
      });
    },

    /** Puts back the site removed last, with its tokens (host access was never taken away). */
    async undoRemove(): Promise<void> {
      const site = lastRemoved.value;
      if (!site) return;
      const saved = await deps.store.upsertSite(site);
      let tokenProblem = '';
      if (saved.ok && lastRemovedTokens) {
        await deps.secrets.merge({ [site.id]: lastRemovedTokens }).catch((error: unknown) => {
          console.error('Flagtab: could not restore the site\'s tokens', error);
          tokenProblem = `, but not its token (${messageOf(error)}): enter it again`;
        });
      }
      lastRemovedTokens = undefined;
      batch(() => {
        if (saved.ok) setConfig(saved.config);
        lastRemoved.value = undefined;
        notice.value = saved.ok ? `Restored "${site.name}"${tokenProblem}` : `Could not restore "${site.name}": ${saved.error}`;
      });
    },

    /** Asks again for the hosts of a site that lost access (in the click's gesture). */
    async grantAccess(id: string): Promise<void> {
      const site = sites.value.find((s) => s.id === id);
      if (!site) return;
      const granted = deps.permissions.request(siteAccessPatterns(site));
      const refused = await accessProblem(granted, `Flagtab still has no access to the hosts of "${site.name}"`);
      notice.value = refused ?? `Flagtab has access to the hosts of "${site.name}" again`;
      await refreshAccess();
    },
  };
}

export type OptionsModel = ReturnType<typeof createOptionsModel>;
