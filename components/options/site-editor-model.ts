import { batch, type ReadonlySignal, type Signal } from '@preact/signals';
import { switchProvider } from '../../lib/providers/source-form';
import { catalogueOrigin } from '../../lib/providers/sources';
import { siteAccessPatterns, siteOrigins, trackerAccessPatterns } from '../../lib/config/access';
import { providerMeta } from '../../lib/providers/meta-registry';
import type { Site } from '../../lib/config/schema';
import { emptySiteForm, formToSite, siteToForm, uniqueSiteId, type SiteForm, type SiteFormErrors } from '../../lib/config/site-form';
import type { ConfigStore } from '../../lib/config/store';
import { switchTracker } from '../../lib/trackers/form';
import type { Config } from '../../lib/config/versions';
import type { BackgroundClient } from '../../lib/messaging/client';
import type { TrackerCheck } from '../../lib/signoff/view';
import type { HostPermissions } from '../../lib/permissions';
import type { ConnectionDiagnosis } from '../../lib/providers/types';
import type { SecretSlot, SecretsStore } from '../../lib/secrets/store';
import { ACCESS_REFUSED_SAVE, accessProblem, hostsRefused, messageOf, plural, requestAccess, storeCall } from './model-helpers';
import { checkTracker, saveTrackerToken, trackerTestRefusal, trackerTokenToTest } from './tracker-editor';
import { mayBind, moveState, tokenMove, type TokenMove } from './token-move';
import { trackerOrigin } from '../../lib/trackers/origins';
import { loadTransportSecrets, saveTransportSecrets, transportSecretErrors, transportSecretIntents, type TransportSecretsForm } from './transport-secrets';

export type TokenAction = 'keep' | 'replace' | 'remove';

export interface SiteEditor {
  /** Adding a new site, or editing the site with this id. */
  editing: { mode: 'add' } | { mode: 'edit'; id: string };
  form: SiteForm;
  /**
   * Whether the person picked the flag provider. A new site starts without one (the form's
   * `provider` is only a placeholder then): Save and Test connection ask for it first.
   */
  providerChosen: boolean;
  errors: SiteFormErrors;
  /** A problem with the whole form (host access refused, storage failed). */
  error?: string | undefined;
  busy: boolean;
  /** While the stored tokens are being looked up (editing only). */
  tokenLoading: boolean;
  /** The stored token's last 4 characters ('' for a short one); undefined when none is stored. Never the token. */
  storedToken?: string | undefined;
  /** What Save does to a stored token: keep it, replace it with the typed one, or remove it. */
  tokenAction: TokenAction;
  showToken: boolean;
  testing: boolean;
  /** What "Test connection" found last, until the form changes. */
  connection?: ConnectionDiagnosis | undefined;
  /** The sign-off tracker's token, as storedToken / tokenAction / showToken are the catalogue's. */
  trackerToken: { stored?: string | undefined; action: TokenAction; show: boolean };
  trackerTesting: boolean;
  /** What "Test sign-off connection" found last, until the form changes. */
  trackerCheck?: TrackerCheck | undefined;
  /** Where each stored token was saved for (absent: none stored, or bound to no address). */
  tokenOrigins: Partial<Record<SecretSlot, string>>;
  /** The address the person confirmed each kept token may now be used at (token-move.ts). */
  tokenMoves: Partial<Record<SecretSlot, string>>;
  /** Each transport's secret (FLAGS_SECRET), as transport-secrets.ts keeps it. */
  transportSecrets: TransportSecretsForm;
}

export interface SiteEditorDeps {
  store: Pick<ConfigStore, 'upsertSite'>;
  permissions: HostPermissions;
  secrets: Pick<SecretsStore, 'get' | 'set' | 'bind' | 'savedFor'>;
  client: Pick<BackgroundClient, 'request'>;
}

/** What the editor shares with the rest of the options page. */
export interface SiteEditorShared {
  sites: ReadonlySignal<Site[]>;
  notice: Signal<string | undefined>;
  lastRemoved: Signal<Site | undefined>;
  setConfig(config: Config): void;
  /** The open form's state; the options page holds it, so the list can show it before this part loads. */
  editor: Signal<SiteEditor | undefined>;
}

export const CHOOSE_PROVIDER = 'choose where this site\'s flags are defined: Flagtab shows that provider\'s fields next';

/** The stored token of one slot as the form shows it, and what Save will do with it. */
/** After adding a site, what to do next: the options page is where a new person starts. */
function nextStep(site: Site): string {
  const host = site.hosts[0]?.replace(/^\*\./, '') ?? 'the site';
  return `Next: open ${host} in a tab and click Flagtab's toolbar button to switch its flags for that tab only.`;
}

export function tokenSlot(editor: SiteEditor, slot: SecretSlot): SiteEditor['trackerToken'] {
  return slot === 'catalogue' ? { stored: editor.storedToken, action: editor.tokenAction, show: editor.showToken } : editor.trackerToken;
}

/** Shows the end of a token so a person recognises it; a short one shows nothing of itself. */
export const tokenEnding = (token: string) => (token.length >= 12 ? token.slice(-4) : '');

/**
 * The Add site / Edit site form: validation, the provider's and the sign-off tracker's tokens,
 * "Test connection", "Test sign-off connection" (tracker-editor.ts) and Save.
 * Intents that need host access ask for it before their first `await`, inside the click.
 */
export function createSiteEditor(deps: SiteEditorDeps, shared: SiteEditorShared) {
  const { editor } = shared;
  let testRun = 0;
  let trackerTestRun = 0;

  const blank = {
    errors: {}, busy: false, tokenLoading: false, tokenAction: 'keep', showToken: false, testing: false,
    trackerToken: { action: 'keep', show: false }, trackerTesting: false, tokenOrigins: {}, tokenMoves: {}, transportSecrets: {},
  } as const;

  function patchEditor(patch: Partial<SiteEditor>): void {
    if (editor.value) editor.value = { ...editor.value, ...patch };
  }

  function validate(current: SiteEditor): ReturnType<typeof formToSite> {
    if (!current.providerChosen) return { ok: false, errors: { provider: CHOOSE_PROVIDER } };
    const all = shared.sites.value;
    const id = current.editing.mode === 'edit' ? current.editing.id : uniqueSiteId(current.form.name, all.map((s) => s.id));
    return formToSite(current.form, { id, otherSites: all.filter((s) => s.id !== id) });
  }

  async function loadStoredTokens(id: string): Promise<void> {
    let token: string | undefined;
    let trackerToken: string | undefined;
    const tokenOrigins: Partial<Record<SecretSlot, string>> = {};
    let transportSecrets: TransportSecretsForm = {};
    try {
      transportSecrets = await loadTransportSecrets(deps.secrets, id);
      let catalogueFor: string | undefined;
      let trackerFor: string | undefined;
      [token, trackerToken, catalogueFor, trackerFor] = await Promise.all([
        deps.secrets.get(id, 'catalogue'), deps.secrets.get(id, 'tracker'), deps.secrets.savedFor(id, 'catalogue'), deps.secrets.savedFor(id, 'tracker'),
      ]);
      if (catalogueFor) tokenOrigins.catalogue = catalogueFor;
      if (trackerFor) tokenOrigins.tracker = trackerFor;
    } catch (error) {
      console.error('Flagtab: could not read the stored tokens', error);
    }
    const current = editor.value;
    if (current?.editing.mode !== 'edit' || current.editing.id !== id) return;
    const ending = (stored: string | undefined) => (stored === undefined ? undefined : tokenEnding(stored));
    patchEditor({
      tokenLoading: false, storedToken: ending(token), trackerToken: { ...current.trackerToken, stored: ending(trackerToken) }, tokenOrigins,
      // What the person already did to a secret while it loaded stays; only the stored end is new.
      transportSecrets: Object.fromEntries(Object.entries(transportSecrets).map(([tid, loaded]) => [tid, { ...loaded, ...current.transportSecrets[tid as keyof TransportSecretsForm], stored: loaded.stored }])),
    });
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
    // Kept: it belongs to the site's address only if saved for it, or the person confirmed the move.
    else if (mayBind(moveState(current, 'catalogue'), origin)) await deps.secrets.bind(siteId, 'catalogue', origin);
  }

  /** Kept tokens Save left bound to their old address: said in the notice, with what to do. */
  function withheldTokens(site: Site, current: SiteEditor): string[] {
    const targets: [SecretSlot, string | undefined, string][] = [
      ['catalogue', catalogueOrigin(site.catalogue), 'token'],
      ['tracker', site.tracker ? trackerOrigin(site.tracker) : undefined, 'sign-off token'],
    ];
    return targets.flatMap(([slot, to, noun]) => {
      const move = current.form[slot === 'catalogue' ? 'token' : 'trackerToken'].trim() ? undefined : tokenMove(slot, moveState(current, slot), to);
      if (!move || move.confirmed) return [];
      return [`its ${noun} stays saved for ${move.from ?? 'no address'} and is not sent to ${move.to}: edit the site and confirm the new address, or enter the token again`];
    });
  }

  async function finishSave(granted: Promise<boolean>, current: SiteEditor, site: Site, warnings: string[]): Promise<void> {
    const refused = await accessProblem(granted, ACCESS_REFUSED_SAVE);
    if (refused) return patchEditor({ busy: false, error: refused });
    const hosts = await hostsRefused(deps.client, site.hosts);
    if (hosts) return patchEditor({ busy: false, errors: { hosts }, error: 'The browser refuses some of these hosts; nothing was saved' });
    const saved = await storeCall(() => deps.store.upsertSite(site));
    if (!saved.ok) return patchEditor({ busy: false, error: saved.error });
    try {
      await saveToken(site, current);
      await saveTrackerToken(deps.secrets, site, current);
      await saveTransportSecrets(deps.secrets, site, current.editing.mode, current.transportSecrets);
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
      const withheld = withheldTokens(site, current);
      shared.notice.value = (warnings.length === 0
        ? `Saved "${site.name}"`
        : `Saved "${site.name}". Its flags file has ${plural(warnings.length, 'problem')}: ${warnings.join('; ')}`)
        + (withheld.length ? `. Note: ${withheld.join('; ')}.` : '')
        + (current.editing.mode === 'add' ? `. ${nextStep(site)}` : '');
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
      ? `Flagtab needs access to ${new URL(origin).hostname} to reach ${providerMeta(site.catalogue.provider).label}`
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
    editor.value = { ...blank, editing: { mode: 'add' }, form: emptySiteForm(host), providerChosen: false };
  }

  return {
    editor,
    startAdd,
    ...transportSecretIntents(editor),

    /**
     * The question the form asks about a kept token the site's address moved away from, or
     * undefined (no token, not kept, same address, or the form is not valid yet).
     */
    tokenMove(slot: SecretSlot): TokenMove | undefined {
      const current = editor.value;
      if (!current || current.tokenLoading || current.editing.mode !== 'edit') return undefined;
      const result = validate(current);
      if (!result.ok) return undefined;
      const to = slot === 'catalogue' ? catalogueOrigin(result.site.catalogue) : result.site.tracker ? trackerOrigin(result.site.tracker) : undefined;
      return tokenMove(slot, moveState(current, slot), to);
    },

    /** The person confirmed: the kept token may be used at `to` (Save re-binds it there). */
    confirmTokenMove(slot: SecretSlot, to: string): void {
      const current = editor.value;
      if (current) editor.value = { ...current, tokenMoves: { ...current.tokenMoves, [slot]: to } };
    },

    startEdit(id: string): void {
      const site = shared.sites.value.find((s) => s.id === id);
      if (!site) return;
      editor.value = { ...blank, editing: { mode: 'edit', id }, form: siteToForm(site), providerChosen: true, tokenLoading: true };
      void loadStoredTokens(id);
    },

    cancelEdit(): void {
      editor.value = undefined;
    },

    /**
     * Changes fields; choosing another provider or tracker fills its defaults and drops the
     * tokens meant for the old one. A result of testing goes stale with the change.
     */
    updateForm(patch: Partial<SiteForm>): void {
      const current = editor.value;
      if (!current) return;
      const errors = { ...current.errors };
      for (const field of Object.keys(patch) as (keyof SiteForm)[]) delete errors[field];
      let { form, tokenAction, trackerToken } = current;
      if (patch.provider && patch.provider !== form.provider) {
        // A token is for one provider: never send it to another one's address.
        form = { ...switchProvider(form, patch.provider), token: '' };
        if (current.storedToken !== undefined) tokenAction = 'remove';
      }
      if (patch.trackerKind && patch.trackerKind !== form.trackerKind) {
        // Likewise a tracker's: a GitHub token must not go to Jira.
        form = { ...switchTracker(form, patch.trackerKind), trackerToken: '' };
        if (trackerToken.stored !== undefined) trackerToken = { ...trackerToken, action: 'remove' };
      }
      const providerChosen = current.providerChosen || patch.provider !== undefined;
      editor.value = { ...current, form: { ...form, ...patch }, providerChosen, errors, tokenAction, trackerToken, connection: undefined, trackerCheck: undefined };
    },

    /** Shows or hides a typed token. */
    toggleTokenVisible(slot: SecretSlot = 'catalogue'): void {
      const current = editor.value;
      if (!current) return;
      if (slot === 'catalogue') patchEditor({ showToken: !current.showToken });
      else patchEditor({ trackerToken: { ...current.trackerToken, show: !current.trackerToken.show } });
    },

    /** Replace / Remove / Keep for a stored token; Remove takes effect on Save. */
    setTokenAction(action: TokenAction, slot: SecretSlot = 'catalogue'): void {
      const current = editor.value;
      if (!current) return;
      if (slot === 'catalogue') editor.value = { ...current, tokenAction: action, form: { ...current.form, token: '' }, connection: undefined };
      else editor.value = { ...current, trackerToken: { ...current.trackerToken, action }, form: { ...current.form, trackerToken: '' }, trackerCheck: undefined };
    },

    /** Validates, asks for host access (in the click's gesture), saves the site, then its token. */
    saveSite(): Promise<void> {
      const current = editor.value;
      if (!current || current.busy) return Promise.resolve();
      const result = validate(current);
      if (!result.ok) {
        const error = current.providerChosen ? 'Fix the fields marked below; nothing was saved' : 'Choose your flag provider first; nothing was saved';
        editor.value = { ...current, errors: result.errors, error };
        return Promise.resolve();
      }
      const secretErrors = transportSecretErrors(current.transportSecrets);
      if (Object.keys(secretErrors).length > 0) {
        editor.value = { ...current, errors: secretErrors, error: 'Fix the fields marked below; nothing was saved' };
        return Promise.resolve();
      }
      // No await before this line: permissions.request needs the user gesture.
      const granted = requestAccess(deps.permissions, siteAccessPatterns(result.site));
      editor.value = { ...current, errors: {}, error: undefined, busy: true };
      return finishSave(granted, current, result.site, result.warnings);
    },

    /**
     * "Test sign-off connection": asks for the tracker's host (in the click's gesture), then
     * has the background sign in with the typed token, or the stored one, and say as whom.
     */
    testTracker(): Promise<void> {
      const current = editor.value;
      if (!current || current.trackerTesting) return Promise.resolve();
      const result = validate(current);
      if (!result.ok) {
        editor.value = { ...current, errors: result.errors, error: 'Fix the fields marked below to test the connection', trackerCheck: undefined };
        return Promise.resolve();
      }
      const token = trackerTokenToTest(current);
      const refusal = trackerTestRefusal(result.site, token);
      if (refusal) {
        editor.value = { ...current, errors: {}, error: undefined, trackerCheck: refusal };
        return Promise.resolve();
      }
      // No await before this line: permissions.request needs the user gesture.
      const granted = requestAccess(deps.permissions, trackerAccessPatterns(result.site.tracker));
      editor.value = { ...current, errors: {}, error: undefined, trackerTesting: true, trackerCheck: undefined };
      const run = ++trackerTestRun;
      return checkTracker(deps.client, granted, result.site, token).then((trackerCheck) => {
        if (run === trackerTestRun) patchEditor({ trackerTesting: false, trackerCheck });
      });
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
      const { required, help } = providerMeta(result.site.catalogue.provider).token;
      if (required && token === '') {
        const { label } = providerMeta(result.site.catalogue.provider);
        editor.value = { ...current, errors: {}, error: undefined, connection: { ok: false, message: `${label} needs a token. ${help}` } };
        return Promise.resolve();
      }
      // No await before this line: permissions.request needs the user gesture. Only what the
      // catalogue needs: the tracker's hosts are asked for by Save and "Test sign-off connection".
      const granted = requestAccess(deps.permissions, siteOrigins(result.site));
      editor.value = { ...current, errors: {}, error: undefined, testing: true, connection: undefined };
      return finishTest(granted, result.site, token);
    },
  };
}

export type SiteEditorModel = ReturnType<typeof createSiteEditor>;
