import { batch, type ReadonlySignal, type Signal } from '@preact/signals';
import { CONFIG_FILE_NAME, exportConfigFile, parseConfigFile } from '../../lib/config/file';
import { catalogueOrigin } from '../../lib/providers/sources';
import { sitesAccessPatterns } from '../../lib/config/access';
import { trackerOrigin } from '../../lib/trackers/origins';
import type { Site } from '../../lib/config/schema';
import type { ConfigStore } from '../../lib/config/store';
import type { Config } from '../../lib/config/versions';
import type { HostPermissions } from '../../lib/permissions';
import { SECRET_SLOTS, type Secrets, type SecretsStore } from '../../lib/secrets/store';
import type { TransferState } from './transfer-state';
import type { BackgroundClient } from '../../lib/messaging/client';
import { ACCESS_REFUSED_IMPORT, accessProblem, hostsRefused, messageOf, plural, requestAccess, storeCall } from './model-helpers';

export interface TransferDeps {
  store: Pick<ConfigStore, 'save'>;
  permissions: HostPermissions;
  secrets: Pick<SecretsStore, 'all' | 'forgetSite' | 'merge'>;
  client: Pick<BackgroundClient, 'request'>;
  /** Saves `text` as a file the user downloads. */
  download(filename: string, text: string): void;
}

export interface TransferShared {
  config: ReadonlySignal<Config | undefined>;
  notice: Signal<string | undefined>;
  lastRemoved: Signal<Site | undefined>;
  closeEditor(): void;
  setConfig(config: Config): void;
}

/** The name says what is inside, so nobody shares it by mistake. */
export const CONFIG_WITH_TOKENS_FILE_NAME = 'flagtab-config-with-tokens.json';

type Incoming = { config: Config; secrets?: Secrets | undefined };

/**
 * Import (a file, or pasted JSON) and export of the whole configuration. Tokens travel only
 * when asked: an export includes them when `includeTokens` is ticked, and an import stores
 * the tokens its file carries.
 */
export function createTransfer(deps: TransferDeps, shared: TransferShared, state: TransferState) {
  const { pastedConfig, importError, importNotice, pendingImport, includeTokens } = state;

  /**
   * Stores the file's tokens. The tokens of sites the import replaced go: a later site with
   * the same id must not send an old token to wherever it points.
   */
  async function storeTokens(before: readonly string[], next: Incoming): Promise<number> {
    const kept = new Set(next.config.sites.map((s) => s.id));
    for (const id of before) if (!kept.has(id)) await deps.secrets.forgetSite(id);
    if (!next.secrets) return 0;
    // A token in the file belongs to the address of the site it came with, and to no other:
    // the catalogue's token to the catalogue's, the tracker's to the tracker's.
    const sites = new Map(next.config.sites.map((s) => [s.id, s]));
    await deps.secrets.merge(next.secrets, (id, slot) => {
      const site = sites.get(id);
      if (slot === 'catalogue') return site && catalogueOrigin(site.catalogue);
      return site?.tracker && trackerOrigin(site.tracker);
    });
    // Tokens, not sites: a site can bring its catalogue's and its tracker's.
    return Object.values(next.secrets).reduce((count, tokens) => count + SECRET_SLOTS.filter((slot) => tokens[slot]).length, 0);
  }

  async function finishImport(granted: Promise<boolean>, next: Incoming): Promise<void> {
    const refused = await accessProblem(granted, ACCESS_REFUSED_IMPORT);
    if (refused) {
      importError.value = refused;
      return;
    }
    for (const site of next.config.sites) {
      const hosts = await hostsRefused(deps.client, site.hosts);
      if (hosts) {
        importError.value = `"${site.name}": ${hosts}; nothing was imported`;
        return;
      }
    }
    const before = shared.config.value?.sites.map((s) => s.id) ?? [];
    const saved = await storeCall(() => deps.store.save(next.config));
    if (!saved.ok) {
      importError.value = saved.error;
      return;
    }
    let tokens = 0;
    let tokenError: string | undefined;
    try {
      tokens = await storeTokens(before, next);
    } catch (error) {
      console.error('Flagtab: could not store the imported tokens', error);
      tokenError = `Imported the sites, but could not store their tokens (${messageOf(error)}): enter them in each site`;
    }
    batch(() => {
      shared.setConfig(saved.config);
      pendingImport.value = undefined;
      // Notices about sites that the import just replaced no longer apply.
      shared.notice.value = undefined;
      shared.lastRemoved.value = undefined;
      shared.closeEditor();
      importError.value = tokenError;
      importNotice.value = `Imported ${plural(saved.config.sites.length, 'site')}${tokens ? ` and ${plural(tokens, 'token')}` : ''}`;
    });
  }

  function startImport(text: string, source: string): Incoming | undefined {
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
    return { config: parsed.config, secrets: parsed.secrets };
  }

  return {
    /** Imports the pasted JSON: parse, ask for host access (in the click's gesture), replace. */
    importPasted(): Promise<void> {
      const next = startImport(pastedConfig.value, 'Pasted configuration');
      if (!next) return Promise.resolve();
      return finishImport(requestAccess(deps.permissions, sitesAccessPatterns(next.config.sites)), next);
    },

    /**
     * Imports a chosen file. Reading it is asynchronous, which ends the user gesture: when
     * access to its hosts is already granted it is imported at once, otherwise it waits for
     * `confirmImport` (a button click) to ask.
     */
    async importFile(file: { name: string; text(): Promise<string> }): Promise<void> {
      const next = startImport(await file.text(), file.name);
      if (!next) return;
      const origins = sitesAccessPatterns(next.config.sites);
      if (origins.length === 0 || (await deps.permissions.contains(origins))) {
        await finishImport(Promise.resolve(true), next);
      } else {
        pendingImport.value = { ...next, origins, source: file.name };
      }
    },

    /** Asks for the pending file's hosts (in the click's gesture), then imports it. */
    confirmImport(): Promise<void> {
      const pending = pendingImport.value;
      if (!pending) return Promise.resolve();
      importError.value = undefined;
      return finishImport(deps.permissions.request(pending.origins), pending);
    },

    cancelImport(): void {
      pendingImport.value = undefined;
    },

    /** Downloads the configuration; with its tokens only when "Include tokens" is ticked. */
    exportConfig(): Promise<void> {
      const current = shared.config.value;
      if (!current) return Promise.resolve();
      if (!includeTokens.value) {
        deps.download(CONFIG_FILE_NAME, exportConfigFile(current));
        return Promise.resolve();
      }
      return deps.secrets.all().then(
        (secrets) => deps.download(CONFIG_WITH_TOKENS_FILE_NAME, exportConfigFile(current, secrets)),
        (error: unknown) => {
          console.error('Flagtab: could not read the tokens to export', error);
          importError.value = `Could not read the tokens to export (${messageOf(error)}); nothing was exported`;
        },
      );
    },
  };
}

export type TransferModel = ReturnType<typeof createTransfer>;
