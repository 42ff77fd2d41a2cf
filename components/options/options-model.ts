import { batch, computed, signal, type Signal } from '@preact/signals';
import { siteAccessPatterns } from '../../lib/config/access';
import type { Site } from '../../lib/config/schema';
import type { ManagedSummary } from '../../lib/config/managed';
import type { ConfigStore, LoadResult } from '../../lib/config/store';
import type { Config } from '../../lib/config/versions';
import type { BackgroundClient } from '../../lib/messaging/client';
import type { HostPermissions } from '../../lib/permissions';
import type { Secrets, SecretsStore } from '../../lib/secrets/store';
import { accessProblem, messageOf, storeCall } from './model-helpers';
import { loadedOnUse, type OnUse, type Part } from './part';
import type { SiteEditor, SiteEditorModel } from './site-editor-model';
import type { TransferModel } from './transfer-model';
import { createTransferState } from './transfer-state';
import { createSigningKeysModel } from './signing-keys-model';
import { createScenarioList } from './scenarios-model';

export { ACCESS_REFUSED_IMPORT, ACCESS_REFUSED_SAVE } from './model-helpers';
export type { SiteEditor, TokenAction } from './site-editor-model';
export type { PendingImport } from './transfer-state';

/**
 * The parts of the page loaded when first used (part.ts), each its own chunk: the site form
 * when a site is added or edited, the file import/export code when a person imports or exports.
 */
export interface OptionsParts {
  siteEditor: Part<typeof import('./site-editor-part')>;
  transfer: Part<typeof import('./transfer-model')>;
}

/** No organisation's sites. (managed.ts has the same, beside the schemas this page leaves to the background.) */
const NO_MANAGED: ManagedSummary = { ids: [], replaced: [], problems: [] };

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
  parts: OptionsParts;
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
    const own = (siteId: string) => !managedIds.value.has(siteId);
    // The managed sites' scenarios stay out too: a file names only its own sites.
    return current && { ...current, sites: current.sites.filter((site) => own(site.id)), scenarios: current.scenarios.filter((scenario) => own(scenario.siteId)) };
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

  const editor = signal<SiteEditor | undefined>(undefined);
  const siteEditor = loadedOnUse(deps.parts.siteEditor, (part) => part.createSiteEditor(deps, { sites, notice, lastRemoved, setConfig, editor }), (message) => (notice.value = message));
  const transferState = createTransferState();
  const transfer = loadedOnUse(deps.parts.transfer, (part) =>
    part.createTransfer(deps, { config: ownConfig, notice, lastRemoved, setConfig, closeEditor: () => (editor.value = undefined) }, transferState),
    (message) => (transferState.importError.value = message));
  const signingKeys = createSigningKeysModel({ client: deps.client, ...(deps.copy ? { copy: deps.copy } : {}) });
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
    ...siteEditorIntents(siteEditor, editor),
    /** The form's view, once its part has loaded (an open form means it has). */
    SiteEditorForm: computed(() => deps.parts.siteEditor.current.value?.SiteEditorForm),
    /** Opens the Edit form of one of the person's own sites (a managed one has none). */
    startEdit: (id: string) => (managedIds.value.has(id) ? Promise.resolve() : siteEditor.run((e) => e.startEdit(id))),
    ...transferState,
    ...transferIntents(transfer),
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
      if (options.addHost) void siteEditor.run((e) => e.startAdd(options.addHost!));
      return () => {
        stopWatching();
        stopPermissions();
      };
    },

    /** Removes the site and forgets its tokens (kept in memory for Undo). */
    async removeSite(id: string): Promise<void> {
      const site = sites.value.find((s) => s.id === id);
      if (!site || managedIds.value.has(id)) return;
      // storeCall: a store that could not even load (its code is loaded on the first write) is said too.
      const saved = await storeCall(() => deps.store.removeSite(id));
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
      const saved = await storeCall(() => deps.store.upsertSite(site));
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


/** The form's intents on the page's model. Each but startAdd acts on an open form, so on a loaded part. */
function siteEditorIntents(part: OnUse<SiteEditorModel>, editor: Signal<SiteEditor | undefined>) {
  return {
    editor,
    startAdd: (host?: string) => part.run((e) => e.startAdd(host)),
    cancelEdit: part.forward((e) => e.cancelEdit),
    updateForm: part.forward((e) => e.updateForm),
    toggleTokenVisible: part.forward((e) => e.toggleTokenVisible),
    setTokenAction: part.forward((e) => e.setTokenAction),
    tokenMove: part.forward((e) => e.tokenMove),
    confirmTokenMove: part.forward((e) => e.confirmTokenMove),
    saveSite: part.forward((e) => e.saveSite),
    testConnection: part.forward((e) => e.testConnection),
    testTracker: part.forward((e) => e.testTracker),
    typeTransportSecret: part.forward((e) => e.typeTransportSecret),
    toggleTransportSecretVisible: part.forward((e) => e.toggleTransportSecretVisible),
    setTransportSecretAction: part.forward((e) => e.setTransportSecretAction),
  };
}

/** Import and export. A pasted import asks for host access in its click: typing the JSON loads the part first (`prepareImport`). */
function transferIntents(part: OnUse<TransferModel>) {
  return {
    /** Loads the import code ahead of the click that needs it (the click must ask for access at once). */
    prepareImport: () => void part.run(() => undefined),
    importPasted: () => part.run((t) => t.importPasted()),
    importFile: (file: { name: string; text(): Promise<string> }) => part.run((t) => t.importFile(file)),
    confirmImport: () => part.run((t) => t.confirmImport()),
    cancelImport: part.forward((t) => t.cancelImport),
    exportConfig: () => part.run((t) => t.exportConfig()),
  };
}
