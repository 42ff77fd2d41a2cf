import type { Signal } from '@preact/signals';
import type { Site } from '../../lib/config/schema';
import { hostsBinding, transportSecretSlot, type SecretsStore } from '../../lib/secrets/store';
import { transportErrorKey, type TransportErrorKey } from '../../lib/transports/form';
import { TRANSPORT_METAS, type TransportId } from '../../lib/transports/meta-registry';
import { secretRefusal } from '../../lib/transports/registry';

/**
 * The site form's transport secrets (the Vercel cookie's FLAGS_SECRET): any transport whose meta
 * declares `secret` gets a password field under it. They follow the catalogue token's rules
 * (site-editor-model.ts) — typed replaces, Remove deletes, kept stays — but are bound to the
 * site's hosts (`hostsBinding`), where the transport sends what it makes: Save binds a kept
 * secret to the hosts as saved, so one the hosts moved away from is used again once the person
 * saves the site with it. A typed secret the transport refuses (`secretRefusal`) stops Save.
 */

export type SecretAction = 'keep' | 'replace' | 'remove';

/** One transport's secret as the form holds it. `stored` is the last 4 characters ('' when short), never the secret. */
export interface TransportSecretForm {
  stored?: string | undefined;
  action: SecretAction;
  show: boolean;
  typed: string;
}

export type TransportSecretsForm = Partial<Record<TransportId, TransportSecretForm>>;

/** The transports that take a secret, in the form's order. */
export const SECRET_TRANSPORTS = TRANSPORT_METAS.filter((meta) => meta.secret !== undefined).map((meta) => meta.id);

/** Where a transport secret's error shows. */
export const secretErrorKey = (id: TransportId): TransportErrorKey => transportErrorKey(id, 'secret');

const blank = (): TransportSecretForm => ({ action: 'keep', show: false, typed: '' });

/** The form's secrets' state for a transport, blank when it has none yet. */
export const secretOf = (secrets: TransportSecretsForm | undefined, id: TransportId): TransportSecretForm => secrets?.[id] ?? blank();

/** Shows the end of a secret so a person recognises it; a short one shows nothing of itself. */
const ending = (secret: string) => (secret.length >= 12 ? secret.slice(-4) : '');

/**
 * What is stored for a site being edited: the end of each transport's secret.
 *
 * @example const form = await loadTransportSecrets(secrets, 'shop') // { vercel: { stored: 'x9Qk', action: 'keep', … } }
 */
export async function loadTransportSecrets(secrets: Pick<SecretsStore, 'get'>, siteId: string): Promise<TransportSecretsForm> {
  const form: TransportSecretsForm = {};
  for (const id of SECRET_TRANSPORTS) {
    const stored = await secrets.get(siteId, transportSecretSlot(id));
    form[id] = { ...blank(), ...(stored === undefined ? {} : { stored: ending(stored) }) };
  }
  return form;
}

/** Why a typed secret cannot be saved, by error key; empty when every one is fine. */
export function transportSecretErrors(form: TransportSecretsForm | undefined): Partial<Record<TransportErrorKey, string>> {
  const errors: Partial<Record<TransportErrorKey, string>> = {};
  for (const id of SECRET_TRANSPORTS) {
    const typed = secretOf(form, id).typed.trim();
    const why = typed ? secretRefusal(id, typed) : undefined;
    if (why) errors[secretErrorKey(id)] = why;
  }
  return errors;
}

/**
 * Stores, removes or re-binds each transport secret after the site was saved. A new site
 * starts with none, whatever an earlier site of the same id left behind.
 *
 * @example await saveTransportSecrets(secrets, site, 'edit', editor.transportSecrets)
 */
export async function saveTransportSecrets(
  secrets: Pick<SecretsStore, 'set' | 'bind'>, site: Site, mode: 'add' | 'edit', form: TransportSecretsForm | undefined,
): Promise<void> {
  const binding = hostsBinding(site.hosts);
  for (const id of SECRET_TRANSPORTS) {
    const own = secretOf(form, id);
    const slot = transportSecretSlot(id);
    const typed = own.typed.trim();
    if (typed) await secrets.set(site.id, slot, typed, binding);
    else if (mode === 'add' || own.action === 'remove') await secrets.set(site.id, slot, undefined);
    // Kept: saved again with the site, so it belongs to the hosts the person saved it with.
    else await secrets.bind(site.id, slot, binding);
  }
}

/** The site editor's intents for transport secrets, over the editor's signal. */
export function transportSecretIntents<E extends { transportSecrets?: TransportSecretsForm; errors: Partial<Record<string, string>> }>(editor: Signal<E | undefined>) {
  function change(id: TransportId, patch: Partial<TransportSecretForm>, clearError = false): void {
    const current = editor.value;
    if (!current) return;
    const transportSecrets = { ...current.transportSecrets, [id]: { ...secretOf(current.transportSecrets, id), ...patch } };
    const errors = { ...current.errors };
    if (clearError) delete errors[secretErrorKey(id)];
    editor.value = { ...current, transportSecrets, errors };
  }
  return {
    /** The person types a transport's secret. */
    typeTransportSecret: (id: TransportId, typed: string) => change(id, { typed }, true),
    /** Shows or hides a typed transport secret. */
    toggleTransportSecretVisible: (id: TransportId) => change(id, { show: !secretOf(editor.value?.transportSecrets, id).show }),
    /** Replace / Remove / Keep for a stored transport secret; Remove takes effect on Save. */
    setTransportSecretAction: (id: TransportId, action: SecretAction) => change(id, { action, typed: '' }, true),
  };
}
