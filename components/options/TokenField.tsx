import { TOKEN_HELP } from '../../lib/config/token-help';
import { bindText } from './bind';
import { Field } from './Field';
import type { OptionsModel, SiteEditor } from './options-model';

const STATE_TEXT = {
  remove: 'The stored token will be removed when you save. Enter a new one below if this provider needs one.',
  replace: 'The token you enter below replaces the stored one when you save.',
} as const;

/**
 * The provider's token: a password field with Show, and, when a token is stored, only its
 * last characters with Replace and Remove. The stored token itself never reaches the page.
 */
export function TokenField({ model, editor }: { model: OptionsModel; editor: SiteEditor }) {
  const { form, storedToken, tokenAction, showToken, tokenLoading } = editor;
  // A pasted flags file is not fetched, so there is nothing to send a token with.
  if (form.provider === 'flags-file' && form.catalogueKind === 'inline') return null;
  const { help, required } = TOKEN_HELP[form.provider];
  const label = required ? 'API token' : 'API token (optional)';
  if (tokenLoading) return <p class="hint">Looking for a stored token…</p>;

  const stored = storedToken !== undefined;
  const state = stored && (
    <div class="token-state" role="group" aria-label="Stored token">
      <p id="site-token-state">{tokenAction === 'keep' ? `A token is stored${storedToken ? ` (…${storedToken})` : ''}.` : STATE_TEXT[tokenAction]}</p>
      <div class="actions">
        {tokenAction === 'keep' ? (
          <>
            <button type="button" onClick={() => model.setTokenAction('replace')}>
              Replace token
            </button>
            <button type="button" onClick={() => model.setTokenAction('remove')}>
              Remove token
            </button>
          </>
        ) : (
          <button type="button" onClick={() => model.setTokenAction('keep')}>
            Keep the stored token
          </button>
        )}
      </div>
    </div>
  );
  if (stored && tokenAction === 'keep') {
    return (
      <div class="field">
        <span class="label">{label}</span>
        {state}
        <p class="hint">{help}</p>
      </div>
    );
  }

  const input = { ...bindText(model, editor)('token', help), autoComplete: 'off', spellcheck: false };
  return (
    <>
      {state}
      <Field id="site-token" label={label} hint={help} error={editor.errors.token}>
        <div class="token-input">
          {showToken ? <input type="text" {...input} /> : <input type="password" {...input} />}
          <button type="button" aria-label="Show token" aria-pressed={showToken} aria-controls="site-token" onClick={() => model.toggleTokenVisible()}>
            Show
          </button>
        </div>
      </Field>
    </>
  );
}
