import { TRACKER_TOKEN_HELP } from '../../lib/trackers/meta-registry';
import { providerMeta } from '../../lib/providers/meta-registry';
import type { SECRET_SLOTS } from '../../lib/secrets/store';
import { bindText } from './bind';
import { Field } from './Field';
import type { OptionsModel, SiteEditor } from './options-model';
import { tokenSlot } from './site-editor-model';
import { tokenMoveQuestion } from './token-move';

/** How each slot's token field is named; the tracker's names say "sign-off" so no two controls share a name. */
const SLOT = {
  catalogue: {
    field: 'token', noun: 'token', stored: 'A token is stored',
    removed: 'The stored token will be removed when you save. Enter a new one below if this provider needs one.',
  },
  tracker: {
    field: 'trackerToken', noun: 'sign-off token', stored: 'A sign-off token is stored',
    removed: 'The stored sign-off token will be removed when you save. Enter a new one below to keep posting sign-offs.',
  },
} as const;

/**
 * A token: a password field with Show, and, when a token is stored, only its last characters
 * with Replace and Remove. The stored token itself never reaches the page. `slot` says whose:
 * the flag provider's (the default) or the sign-off tracker's.
 */
export function TokenField({ model, editor, slot = 'catalogue' }: { model: OptionsModel; editor: SiteEditor; slot?: (typeof SECRET_SLOTS)[number] }) {
  const { form, tokenLoading } = editor;
  const { stored: storedToken, action, show } = tokenSlot(editor, slot);
  const words = SLOT[slot];
  const id = `site-${words.field}`;
  let label: string;
  let help: string;
  if (slot === 'catalogue') {
    // A pasted flags file is not fetched, so there is nothing to send a token with.
    if (form.provider === 'flags-file' && form.catalogueKind === 'inline') return null;
    const { token } = providerMeta(form.provider);
    help = token.help;
    label = token.label ?? (token.required ? 'API token' : 'API token (optional)');
  } else {
    if (form.trackerKind === 'none') return null;
    ({ label, help } = TRACKER_TOKEN_HELP[form.trackerKind]);
  }
  if (tokenLoading) return <p class="hint">Looking for a stored {words.noun}…</p>;

  const stored = storedToken !== undefined;
  const state = stored && (
    <div class="token-state" role="group" aria-label={`Stored ${words.noun}`}>
      <p id={`${id}-state`}>
        {action === 'keep' ? `${words.stored}${storedToken ? ` (…${storedToken})` : ''}.` : action === 'remove' ? words.removed : `The ${words.noun} you enter below replaces the stored one when you save.`}
      </p>
      <div class="actions">
        {action === 'keep' ? (
          <>
            <button type="button" onClick={() => model.setTokenAction('replace', slot)}>
              Replace {words.noun}
            </button>
            <button type="button" onClick={() => model.setTokenAction('remove', slot)}>
              Remove {words.noun}
            </button>
          </>
        ) : (
          <button type="button" onClick={() => model.setTokenAction('keep', slot)}>
            Keep the stored {words.noun}
          </button>
        )}
      </div>
    </div>
  );
  if (stored && action === 'keep') {
    // The address moved away from where the token was saved: ask, naming both (token-move.ts).
    const move = model.tokenMove(slot);
    return (
      <div class="field">
        <span class="label">{label}</span>
        {state}
        {move && !move.confirmed && (
          <div class="token-move" role="group" aria-label={`Use the stored ${words.noun} at the new address`}>
            <p role="alert">{tokenMoveQuestion(move, words.noun)} Until you confirm, it is not sent there.</p>
            <button type="button" onClick={() => model.confirmTokenMove(slot, move.to)}>
              Use the {words.noun} at {move.to}
            </button>
          </div>
        )}
        {move?.confirmed && <p class="hint">The stored {words.noun} will be used at {move.to} when you save.</p>}
        <p class="hint">{help}</p>
      </div>
    );
  }

  const input = { ...bindText(model, editor)(words.field, help), autoComplete: 'off', spellcheck: false };
  return (
    <>
      {state}
      <Field id={id} label={label} hint={help} error={editor.errors[words.field]}>
        <div class="token-input">
          {show ? <input type="text" {...input} /> : <input type="password" {...input} />}
          <button type="button" aria-label={`Show ${words.noun}`} aria-pressed={show} aria-controls={id} onClick={() => model.toggleTokenVisible(slot)}>
            Show
          </button>
        </div>
      </Field>
    </>
  );
}
