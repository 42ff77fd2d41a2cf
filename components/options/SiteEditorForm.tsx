import { bindText } from './bind';
import { AdvancedSettings } from './AdvancedSettings';
import { ConnectionTest } from './ConnectionTest';
import { Field } from './Field';
import type { OptionsModel, SiteEditor } from './options-model';
import { ProviderFields } from './ProviderFields';
import { TokenField } from './TokenField';
import { TrackerFields } from './TrackerFields';

const HOSTS_HINT = 'One per line, like shop.example.com, or *.example.com for all its subdomains.';

/**
 * The Add site / Edit site form, in the order a person answers it: name and hosts, the flag
 * provider (then only its fields, with Test connection beside them), where sign-offs go, and
 * the rest under "Advanced". Errors show next to their field.
 */
export function SiteEditorForm({ model, editor }: { model: OptionsModel; editor: SiteEditor }) {
  const { form, errors, busy, providerChosen } = editor;
  const adding = editor.editing.mode === 'add';
  const title = adding ? 'Add site' : `Edit ${form.name || 'site'}`;
  const bind = bindText(model, editor);

  return (
    <form
      class="site-editor"
      aria-label={title}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        // Called synchronously in the submit event: saveSite asks for host access first thing.
        void model.saveSite();
      }}
    >
      <h3>{title}</h3>
      {editor.error && (
        <p class="message error" role="alert">
          {editor.error}
        </p>
      )}
      <Field id="site-name" label="Site name" error={errors.name}>
        <input type="text" autoComplete="off" {...bind('name')} />
      </Field>
      <Field id="site-hosts" label="Hosts" hint={HOSTS_HINT} error={errors.hosts}>
        <textarea rows={3} spellcheck={false} {...bind('hosts', HOSTS_HINT)} />
      </Field>

      <fieldset class="catalogue-fields">
        <legend>Flag catalogue</legend>
        <ProviderFields model={model} editor={editor} />
        {providerChosen && (
          <>
            <TokenField model={model} editor={editor} />
            <ConnectionTest model={model} editor={editor} />
          </>
        )}
      </fieldset>

      {providerChosen && <TrackerFields model={model} editor={editor} />}
      {providerChosen && <AdvancedSettings model={model} editor={editor} />}

      <div class="actions form-actions">
        <button type="submit" class="primary" disabled={busy} aria-describedby={providerChosen ? undefined : 'site-save-hint'}>
          {busy ? 'Saving…' : 'Save site'}
        </button>
        <button type="button" onClick={() => model.cancelEdit()}>
          Cancel
        </button>
        {!providerChosen && (
          <p class="hint" id="site-save-hint">
            Choose your flag provider before saving.
          </p>
        )}
      </div>
    </form>
  );
}
