import type { TransportMeta } from '../../lib/transports/types';
import type { TransportId } from '../../lib/transports/meta-registry';
import { describedBy, Field } from './Field';
import type { OptionsModel, SiteEditor } from './options-model';
import { secretErrorKey, secretOf } from './transport-secrets';

/**
 * A transport's secret (its meta's `secret`): a password field with Show, and, when one is
 * stored, only its last characters with Replace and Remove. The stored secret never reaches the
 * page. Rules in transport-secrets.ts.
 */
export function TransportSecretField({ model, editor, meta }: { model: OptionsModel; editor: SiteEditor; meta: TransportMeta<TransportId> }) {
  const secret = meta.secret;
  if (!secret) return null;
  const id = `site-transport-${meta.id}-secret`;
  if (editor.tokenLoading) return <p class="hint">Looking for a stored {secret.label}…</p>;
  const own = secretOf(editor.transportSecrets, meta.id);
  const error = editor.errors[secretErrorKey(meta.id)];
  const stored = own.stored !== undefined;
  const state = stored && (
    <div class="token-state" role="group" aria-label={`Stored ${secret.label}`}>
      <p id={`${id}-state`}>
        {own.action === 'keep'
          ? `${secret.label} stored${own.stored ? ` (…${own.stored})` : ''}.`
          : own.action === 'remove'
            ? `The stored ${secret.label} will be removed when you save; nothing is sent over this transport without it.`
            : `The ${secret.label} you enter below replaces the stored one when you save.`}
      </p>
      <div class="actions">
        {own.action === 'keep' ? (
          <>
            <button type="button" onClick={() => model.setTransportSecretAction(meta.id, 'replace')}>Replace {secret.label}</button>
            <button type="button" onClick={() => model.setTransportSecretAction(meta.id, 'remove')}>Remove {secret.label}</button>
          </>
        ) : (
          <button type="button" onClick={() => model.setTransportSecretAction(meta.id, 'keep')}>Keep the stored {secret.label}</button>
        )}
      </div>
    </div>
  );
  if (stored && own.action === 'keep') {
    return (
      <div class="field">
        <span class="label">{secret.label}</span>
        {state}
        <p class="hint">{secret.hint}</p>
      </div>
    );
  }
  const input = {
    id,
    value: own.typed,
    autoComplete: 'off',
    spellcheck: false,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, error, secret.hint),
    onInput: (event: { currentTarget: { value: string } }) => model.typeTransportSecret(meta.id, event.currentTarget.value),
  };
  return (
    <>
      {state}
      <Field id={id} label={secret.label} hint={secret.hint} error={error}>
        <div class="token-input">
          {own.show ? <input type="text" {...input} /> : <input type="password" {...input} />}
          <button type="button" aria-label={`Show ${secret.label}`} aria-pressed={own.show} aria-controls={id} onClick={() => model.toggleTransportSecretVisible(meta.id)}>
            Show
          </button>
        </div>
      </Field>
    </>
  );
}
