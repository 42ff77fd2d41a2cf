import { batch, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { switchProvider } from '../../lib/config/catalogue-form';
import { catalogueOrigin } from '../../lib/config/catalogue-source';
import { siteOrigins } from '../../lib/config/hosts';
import { PROVIDER_LABELS } from '../../lib/config/provider-labels';
import type { Site } from '../../lib/config/schema';
import { emptySiteForm, formToSite, siteToForm, uniqueSiteId, type SiteForm, type SiteFormErrors } from '../../lib/config/site-form';
import type { ConfigStore } from '../../lib/config/store';
import { TOKEN_HELP } from '../../lib/config/token-help';
import type { Config } from '../../lib/config/versions';
import type { BackgroundClient } from '../../lib/messaging/client';
import type { HostPermissions } from '../../lib/permissions';
import type { ConnectionDiagnosis } from '../../lib/providers/types';
import type { SecretsStore } from '../../lib/secrets/store';
import { accessProblem, messageOf, plural, requestAccess, storeCall } from './model-helpers';

export interface SiteEditor {
  /** Adding a new site, or editing the site with this id. */
  editing: { mode: 'add' } | { mode: 'edit'; id: string };
  form: SiteForm;
  errors: SiteFormErrors;
  /** A problem with the whole form (host access refused, storage failed). */
  error?: string | undefined;
  busy: boolean;
  /** While the stored token is being looked up (editing only). */
  tokenLoading: boolean;
  /** The stored token's last 4 characters ('' for a short one); undefined when none is stored. Never the token. */
  storedToken?: string | undefined;
  /** What Save does to a stored token: keep it, replace it with the typed one, or remove it. */
  tokenAction: 'keep' | 'replace' | 'remove';
  showToken: boolean;
  testing: boolean;
  /** What "Test connection" found last, until the form changes. */
  connection?: ConnectionDiagnosis | undefined;
}

export interface SiteEditorDeps {
  store: Pick<ConfigStore, 'upsertSite'>;
  permissions: HostPermissions;
  secrets: Pick<SecretsStore, 'get' | 'set' | 'bind'>;
  client: Pick<BackgroundClient, 'request'>;
}

/** What the editor shares with the rest of the options page. */
export interface SiteEditorShared {
  sites: ReadonlySignal<Site[]>;
  notice: Signal<string | undefined>;
  lastRemoved: Signal<Site | undefined>;
  setConfig(config: Config): void;
}

export const ACCESS_REFUSED_SAVE = 'Flagtab needs access to these hosts to set overrides; nothing was saved';

/** Shows the end of a token so a person recognises it; a short one shows nothing of itself. */
export const tokenEnding = (token: string) => (token.length >= 12 ? token.slice(-4) : '');

/**
 * The Add site / Edit site form: validation, the provider's token, "Test connection" and Save.
 * Intents that need host access ask for it before their first `await`, inside the click.
 */
export function createSiteEditor(deps: SiteEditorDeps, shared: SiteEditorShared) {
  const editor = signal<SiteEditor | undefined>(undefined);
  let testRun = 0;

  const blank = { errors: {}, busy: false, tokenLoading: false, tokenAction: 'keep', showToken: false, testing: false } as const;

  function patchEditor(patch: Partial<SiteEditor>): void {
    if (editor.value) editor.value = { ...editor.value, ...patch };
  }

  function validate(current: SiteEditor) {
    const all = shared.sites.value;
    const id = current.editing.mode === 'edit' ? current.editing.id : uniqueSiteId(current.form.name, all.map((s) => s.id));
    return formToSite(current.form, { id, otherSites: all.filter((s) => s.id !== id) });
  }

  async function loadStoredToken(id: string): Promise<void> {
    let token: string | undefined;
    try {
      token = await deps.secrets.get(id, 'catalogue');
    } catch (error) {
      console.error('Flagtab: could not read the stored token', error);
    }
    const current = editor.value;
    if (current?.editing.mode !== 'edit' || current.editing.id !== id) return;
    patchEditor({ tokenLoading: false, storedToken: token === undefined ? undefined : tokenEnding(token) });
  }

  /**
   * The typed token replaces the stored one; "Remove" deletes it; otherwise it stays. A new
   * site starts with none, whatever an earlier site of the same id left behind.
   */
  async function saveToken(site: Site, current: SiteEditor): Promise<void> {
    const siteId = site.id;
    const typed = current.form.token.trim();
    const origin = catalogueOrigin(site.catalogue);
    if (typed) await deps.secrets.set(siteId, 'catalogue', typed, origin);
    else if (current.editing.mode === 'add' || current.tokenAction === 'remove' || !origin) await deps.secrets.set(siteId, 'catalogue', undefined);
    // The person saved the site with its stored token kept: it now belongs to the site's address.
    else await deps.secrets.bind(siteId, 'catalogue', origin);
  }

  async function finishSave(granted: Promise<boolean>, current: SiteEditor, site: Site, warnings: string[]): Promise<void> {
    const refused = await accessProblem(granted, ACCESS_REFUSED_SAVE);
    if (refused) return patchEditor({ busy: false, error: refused });
    const saved = await storeCall(() => deps.store.upsertSite(site));
    if (!saved.ok) return patchEditor({ busy: false, error: saved.error });
    try {
      await saveToken(site, current);
    } catch (error) {
      console.error('Flagtab: could not store the token', error);
      shared.setConfig(saved.config);
      const tokenError = `Saved "${site.name}", but could not store its token (${messageOf(error)}): enter it again and save`;
      return patchEditor({ busy: false, editing: { mode: 'edit', id: site.id }, error: tokenError });
    }
    batch(() => {
      shared.setConfig(saved.config);
      editor.value = undefined;
      shared.lastRemoved.value = undefined;
      shared.notice.value = warnings.length === 0
        ? `Saved "${site.name}"`
        : `Saved "${site.name}". Its flags file has ${plural(warnings.length, 'problem')}: ${warnings.join('; ')}`;
    });
  }

  /** The token "Test connection" sends: the typed one, undefined for the stored one, or '' for none. */
  function tokenToTest(current: SiteEditor): string | undefined {
    const typed = current.form.token.trim();
    if (typed) return typed;
    const stored = current.storedToken !== undefined || current.tokenLoading;
    return current.editing.mode === 'edit' && stored && current.tokenAction !== 'remove' ? undefined : '';
  }

  async function finishTest(granted: Promise<boolean>, site: Site, token: string | undefined): Promise<void> {
    const run = ++testRun;
    const origin = catalogueOrigin(site.catalogue);
    const refusedMessage = origin
      ? `Flagtab needs access to ${new URL(origin).hostname} to reach ${PROVIDER_LABELS[site.catalogue.provider]}`
      : `Flagtab needs access to ${site.hosts.join(', ')} to set overrides`;
    const refused = await accessProblem(granted, refusedMessage);
    let connection: ConnectionDiagnosis;
    if (refused) connection = { ok: false, message: refused };
    else {
      try {
        connection = await deps.client.request('connection/test', token === undefined ? { site } : { site, token });
      } catch (error) {
        connection = { ok: false, message: messageOf(error) };
      }
    }
    if (run === testRun) patchEditor({ testing: false, connection });
  }

  function startAdd(host?: string): void {
    editor.value = { ...blank, editing: { mode: 'add' }, form: emptySiteForm(host) };
  }

  return {
    editor,
    startAdd,

    startEdit(id: string): void {
      const site = shared.sites.value.find((s) => s.id === id);
      if (!site) return;
      editor.value = { ...blank, editing: { mode: 'edit', id }, form: siteToForm(site), tokenLoading: true };
      void loadStoredToken(id);
    },

    cancelEdit(): void {
      editor.value = undefined;
    },

    /** Changes fields; choosing another provider fills its defaults and drops the tokens meant for the old one. */
    updateForm(patch: Partial<SiteForm>): void {
      const current = editor.value;
      if (!current) return;
      const errors = { ...current.errors };
      for (const field of Object.keys(patch) as (keyof SiteForm)[]) delete errors[field];
      const switched = patch.provider ? switchProvider(current.form, patch.provider) : current.form;
      if (switched === current.form) {
        editor.value = { ...current, form: { ...current.form, ...patch }, errors, connection: undefined };
        return;
      }
      // A token is for one provider: never send it to another one's address.
      const tokenAction = current.storedToken !== undefined ? 'remove' : current.tokenAction;
      editor.value = { ...current, form: { ...switched, token: '', ...patch }, errors, tokenAction, connection: undefined };
    },

    /** Shows or hides the typed token. */
    toggleTokenVisible(): void {
      patchEditor({ showToken: !editor.value?.showToken });
    },

    /** Replace / Remove / Keep for a stored token; Remove takes effect on Save. */
    setTokenAction(tokenAction: SiteEditor['tokenAction']): void {
      const current = editor.value;
      if (current) editor.value = { ...current, tokenAction, form: { ...current.form, token: '' }, connection: undefined };
    },

    /** Validates, asks for host access (in the click's gesture), saves the site, then its token. */
    saveSite(): Promise<void> {
      const current = editor.value;
      if (!current || current.busy) return Promise.resolve();
      const result = validate(current);
      if (!result.ok) {
        editor.value = { ...current, errors: result.errors, error: 'Fix the fields marked below; nothing was saved' };
        return Promise.resolve();
      }
      // No await before this line: permissions.request needs the user gesture.
      const granted = requestAccess(deps.permissions, siteOrigins(result.site));
      editor.value = { ...current, errors: {}, error: undefined, busy: true };
      return finishSave(granted, current, result.site, result.warnings);
    },

    /** Asks for host access (in the click's gesture), then has the background try the provider. */
    testConnection(): Promise<void> {
      const current = editor.value;
      if (!current || current.testing) return Promise.resolve();
      const result = validate(current);
      if (!result.ok) {
        editor.value = { ...current, errors: result.errors, error: 'Fix the fields marked below to test the connection', connection: undefined };
        return Promise.resolve();
      }
      const token = tokenToTest(current);
      const { required, help } = TOKEN_HELP[result.site.catalogue.provider];
      if (required && token === '') {
        const label = PROVIDER_LABELS[result.site.catalogue.provider];
        editor.value = { ...current, errors: {}, error: undefined, connection: { ok: false, message: `${label} needs a token. ${help}` } };
        return Promise.resolve();
      }
      // No await before this line: permissions.request needs the user gesture.
      const granted = requestAccess(deps.permissions, siteOrigins(result.site));
      editor.value = { ...current, errors: {}, error: undefined, testing: true, connection: undefined };
      return finishTest(granted, result.site, token);
    },
  };
}

export type SiteEditorModel = ReturnType<typeof createSiteEditor>;
