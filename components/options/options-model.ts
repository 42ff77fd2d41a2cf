import { batch, computed, signal } from '@preact/signals';
import { CONFIG_FILE_NAME, exportConfigFile, parseConfigFile } from '../../lib/config/file';
import { siteOrigins, sitesOrigins } from '../../lib/config/hosts';
import type { Site } from '../../lib/config/schema';
import {
  emptySiteForm,
  formToSite,
  siteToForm,
  uniqueSiteId,
  type SiteForm,
  type SiteFormErrors,
} from '../../lib/config/site-form';
import type { ConfigStore, LoadResult, SaveResult } from '../../lib/config/store';
import type { Config } from '../../lib/config/versions';
import type { HostPermissions } from '../../lib/permissions';

export interface OptionsDeps {
  store: Pick<ConfigStore, 'load' | 'save' | 'upsertSite' | 'removeSite' | 'watch'>;
  permissions: HostPermissions;
  /** Saves `text` as a file the user downloads. */
  download(filename: string, text: string): void;
}

export interface SiteEditor {
  /** Adding a new site, or editing the site with this id. */
  editing: { mode: 'add' } | { mode: 'edit'; id: string };
  form: SiteForm;
  errors: SiteFormErrors;
  /** A problem with the whole form (host access refused, storage failed). */
  error?: string;
  busy: boolean;
}

/** A file read but not imported yet: its hosts need access, which needs a click. */
export interface PendingImport {
  config: Config;
  origins: string[];
  source: string;
}

export const ACCESS_REFUSED_SAVE = 'Flagtab needs access to these hosts to set overrides; nothing was saved';
export const ACCESS_REFUSED_IMPORT = 'Flagtab needs access to these hosts to set overrides; nothing was imported';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The options page's state and intents. Holds no browser API: the store, host permissions
 * and downloads are injected. Every intent that asks for host access calls
 * `permissions.request` before its first `await`, so the click's user gesture still counts.
 *
 * @example
 * const model = createOptionsModel({ store, permissions, download });
 * const stop = model.start({ addHost: 'shop.example.com' });
 */
export function createOptionsModel(deps: OptionsDeps) {
  const config = signal<Config | undefined>(undefined);
  const loadError = signal<string | undefined>(undefined);
  /** Ids of sites whose hosts Flagtab cannot access (the user removed access). */
  const lacksAccess = signal<ReadonlySet<string>>(new Set());
  const editor = signal<SiteEditor | undefined>(undefined);
  const notice = signal<string | undefined>(undefined);
  const lastRemoved = signal<Site | undefined>(undefined);
  const pastedConfig = signal('');
  const importError = signal<string | undefined>(undefined);
  const importNotice = signal<string | undefined>(undefined);
  const pendingImport = signal<PendingImport | undefined>(undefined);

  const sites = computed(() => config.value?.sites ?? []);
  const loading = computed(() => config.value === undefined && loadError.value === undefined);

  let accessCheck = 0;
  async function refreshAccess(): Promise<void> {
    const check = ++accessCheck;
    const list = sites.value;
    const missing = new Set<string>();
    for (const site of list) {
      if (!(await deps.permissions.contains(siteOrigins(site)))) missing.add(site.id);
    }
    if (check === accessCheck) lacksAccess.value = missing;
  }

  function applyLoad(result: LoadResult): void {
    if (result.ok) {
      batch(() => {
        config.value = result.config;
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

  function patchEditor(patch: Partial<SiteEditor>): void {
    if (editor.value) editor.value = { ...editor.value, ...patch };
  }

  async function finishSave(granted: Promise<boolean>, site: Site, warnings: string[]): Promise<void> {
    const refused = await accessProblem(granted, ACCESS_REFUSED_SAVE);
    if (refused) {
      patchEditor({ busy: false, error: refused });
      return;
    }
    const saved = await storeCall(() => deps.store.upsertSite(site));
    if (!saved.ok) {
      patchEditor({ busy: false, error: saved.error });
      return;
    }
    batch(() => {
      setConfig(saved.config);
      editor.value = undefined;
      lastRemoved.value = undefined;
      notice.value = warnings.length === 0
        ? `Saved "${site.name}"`
        : `Saved "${site.name}". Its flags file has ${plural(warnings.length, 'problem')}: ${warnings.join('; ')}`;
    });
  }

  async function finishImport(granted: Promise<boolean>, next: Config): Promise<void> {
    const refused = await accessProblem(granted, ACCESS_REFUSED_IMPORT);
    if (refused) {
      importError.value = refused;
      return;
    }
    const saved = await storeCall(() => deps.store.save(next));
    if (!saved.ok) {
      importError.value = saved.error;
      return;
    }
    batch(() => {
      setConfig(saved.config);
      pendingImport.value = undefined;
      // Notices about sites that the import just replaced no longer apply.
      notice.value = undefined;
      lastRemoved.value = undefined;
      editor.value = undefined;
      importNotice.value = `Imported ${plural(saved.config.sites.length, 'site')}`;
    });
  }

  /** Asks for access, or skips asking when there is nothing to ask for. Call it synchronously. */
  function requestAccess(origins: string[]): Promise<boolean> {
    return origins.length === 0 ? Promise.resolve(true) : deps.permissions.request(origins);
  }

  function startImport(text: string, source: string): Config | undefined {
    batch(() => {
      importError.value = undefined;
      importNotice.value = undefined;
      pendingImport.value = undefined;
    });
    const parsed = parseConfigFile(text);
    if (!parsed.ok) {
      importError.value = `${source}: ${parsed.error}`;
      return undefined;
    }
    return parsed.config;
  }

  function startAdd(host?: string): void {
    editor.value = { editing: { mode: 'add' }, form: emptySiteForm(host), errors: {}, busy: false };
  }

  return {
    config,
    sites,
    loading,
    loadError,
    lacksAccess,
    editor,
    notice,
    lastRemoved,
    pastedConfig,
    importError,
    importNotice,
    pendingImport,

    /** Loads the configuration and follows changes; `addHost` opens the Add form for that host. */
    start(options: { addHost?: string | null } = {}): () => void {
      const stopWatching = deps.store.watch(applyLoad);
      const stopPermissions = deps.permissions.onRemoved(() => void refreshAccess());
      deps.store.load().then(applyLoad, (error: unknown) => {
        console.error('Flagtab: could not read the configuration', error);
        loadError.value = `could not read the configuration: ${error instanceof Error ? error.message : String(error)}`;
      });
      if (options.addHost) startAdd(options.addHost);
      return () => {
        stopWatching();
        stopPermissions();
      };
    },

    startAdd,

    startEdit(id: string): void {
      const site = sites.value.find((s) => s.id === id);
      if (site) editor.value = { editing: { mode: 'edit', id }, form: siteToForm(site), errors: {}, busy: false };
    },

    cancelEdit(): void {
      editor.value = undefined;
    },

    updateForm(patch: Partial<SiteForm>): void {
      const current = editor.value;
      if (!current) return;
      const errors = { ...current.errors };
      for (const field of Object.keys(patch) as (keyof SiteForm)[]) delete errors[field];
      editor.value = { ...current, form: { ...current.form, ...patch }, errors };
    },

    /** Validates, asks for host access (in the click's gesture), then saves. */
    saveSite(): Promise<void> {
      const current = editor.value;
      if (!current || current.busy) return Promise.resolve();
      const { editing } = current;
      const all = sites.value;
      const id = editing.mode === 'edit' ? editing.id : uniqueSiteId(current.form.name, all.map((s) => s.id));
      const result = formToSite(current.form, { id, otherSites: all.filter((s) => s.id !== id) });
      if (!result.ok) {
        editor.value = { ...current, errors: result.errors, error: 'Fix the fields marked below; nothing was saved' };
        return Promise.resolve();
      }
      // No await before this line: permissions.request needs the user gesture.
      const granted = requestAccess(siteOrigins(result.site));
      editor.value = { ...current, errors: {}, error: undefined, busy: true };
      return finishSave(granted, result.site, result.warnings);
    },

    async removeSite(id: string): Promise<void> {
      const site = sites.value.find((s) => s.id === id);
      if (!site) return;
      const saved = await deps.store.removeSite(id);
      if (!saved.ok) {
        notice.value = `Could not remove "${site.name}": ${saved.error}`;
        return;
      }
      batch(() => {
        setConfig(saved.config);
        if (editor.value?.editing.mode === 'edit' && editor.value.editing.id === id) editor.value = undefined;
        lastRemoved.value = site;
        notice.value = `Removed "${site.name}"`;
      });
    },

    /** Puts back the site removed last (host access was never taken away). */
    async undoRemove(): Promise<void> {
      const site = lastRemoved.value;
      if (!site) return;
      const saved = await deps.store.upsertSite(site);
      batch(() => {
        if (saved.ok) setConfig(saved.config);
        lastRemoved.value = undefined;
        notice.value = saved.ok ? `Restored "${site.name}"` : `Could not restore "${site.name}": ${saved.error}`;
      });
    },

    /** Asks again for the hosts of a site that lost access (in the click's gesture). */
    async grantAccess(id: string): Promise<void> {
      const site = sites.value.find((s) => s.id === id);
      if (!site) return;
      const granted = deps.permissions.request(siteOrigins(site));
      const refused = await accessProblem(granted, `Flagtab still has no access to the hosts of "${site.name}"`);
      notice.value = refused ?? `Flagtab has access to the hosts of "${site.name}" again`;
      await refreshAccess();
    },

    /** Imports the pasted JSON: parse, ask for host access (in the click's gesture), replace. */
    importPasted(): Promise<void> {
      const next = startImport(pastedConfig.value, 'Pasted configuration');
      if (!next) return Promise.resolve();
      return finishImport(requestAccess(sitesOrigins(next.sites)), next);
    },

    /**
     * Imports a chosen file. Reading it is asynchronous, which ends the user gesture: when
     * access to its hosts is already granted it is imported at once, otherwise it waits for
     * `confirmImport` (a button click) to ask.
     */
    async importFile(file: { name: string; text(): Promise<string> }): Promise<void> {
      const next = startImport(await file.text(), file.name);
      if (!next) return;
      const origins = sitesOrigins(next.sites);
      if (origins.length === 0 || (await deps.permissions.contains(origins))) {
        await finishImport(Promise.resolve(true), next);
      } else {
        pendingImport.value = { config: next, origins, source: file.name };
      }
    },

    /** Asks for the pending file's hosts (in the click's gesture), then imports it. */
    confirmImport(): Promise<void> {
      const pending = pendingImport.value;
      if (!pending) return Promise.resolve();
      importError.value = undefined;
      return finishImport(deps.permissions.request(pending.origins), pending.config);
    },

    cancelImport(): void {
      pendingImport.value = undefined;
    },

    exportConfig(): void {
      const current = config.value;
      if (current) deps.download(CONFIG_FILE_NAME, exportConfigFile(current));
    },
  };
}

export type OptionsModel = ReturnType<typeof createOptionsModel>;

/** Runs a store write; a failure the store did not expect becomes a message (and a console error with its cause). */
async function storeCall(write: () => Promise<SaveResult>): Promise<SaveResult> {
  try {
    return await write();
  } catch (error) {
    console.error('Flagtab: could not save the configuration', error);
    return { ok: false, error: `could not save: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Awaits a permission request: undefined when granted, else the message to show — `refused`
 * when the user said no, the browser's reason when it would not even ask.
 */
async function accessProblem(granted: Promise<boolean>, refused: string): Promise<string | undefined> {
  try {
    return (await granted) ? undefined : refused;
  } catch (error) {
    console.error('Flagtab: the host access request failed', error);
    const reason = error instanceof Error ? error.message : String(error);
    return `The browser would not ask for host access (${reason}); nothing was changed`;
  }
}
