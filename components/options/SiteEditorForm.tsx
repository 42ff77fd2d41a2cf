import { EXPIRY_HINT, MIN_FORM_EXPIRY_MINUTES } from '../../lib/config/site-form';
import { MAX_EXPIRY_MINUTES } from '../../lib/config/schema';
import { bindText } from './bind';
import { ConnectionTest } from './ConnectionTest';
import { DetectionFields } from './DetectionFields';
import { Field } from './Field';
import type { OptionsModel, SiteEditor } from './options-model';
import { ProviderFields } from './ProviderFields';
import { TokenField } from './TokenField';
import { TrackerFields } from './TrackerFields';
import { TransportFields } from './TransportFields';

/** The Add site / Edit site form. Errors show next to their field. */
const TICKET_HINT = 'A regular expression, like SHOP-\\d+ or (SHOP|PAY)-\\d+, without a repeated group that repeats or branches inside. Empty finds Jira keys (ABC-123) and GitHub issues (#123).';

export function SiteEditorForm({ model, editor }: { model: OptionsModel; editor: SiteEditor }) {
  const { form, errors, busy } = editor;
  const adding = editor.editing.mode === 'add';
  const title = adding ? 'Add site' : `Edit ${form.name || 'site'}`;
  const bind = bindText(model, editor);
  const check = (field: 'evidenceFullUrl') => ({
    id: `site-${field}`,
    checked: form[field],
    onChange: (event: { currentTarget: { checked: boolean } }) => model.updateForm({ [field]: event.currentTarget.checked }),
  });

  const hostsHint = 'One per line, like shop.example.com, or *.example.com for all its subdomains.';
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
      <Field id="site-hosts" label="Hosts" hint={hostsHint} error={errors.hosts}>
        <textarea rows={3} spellcheck={false} {...bind('hosts', hostsHint)} />
      </Field>

      <fieldset>
        <legend>Flag catalogue</legend>
        <ProviderFields model={model} editor={editor} />
        <TokenField model={model} editor={editor} />
        <ConnectionTest model={model} editor={editor} />
      </fieldset>

      <TrackerFields model={model} editor={editor} />

      <TransportFields model={model} editor={editor} />

      <DetectionFields model={model} editor={editor} />

      <Field id="site-expiryHours" label="Expiry (hours)" error={errors.expiryHours} hint={EXPIRY_HINT}>
        {/* min and max as the form checks them (lib/config/site-form.ts); any step, like 0.02 for a minute. */}
        <input type="number" min={String(MIN_FORM_EXPIRY_MINUTES / 60)} max={String(MAX_EXPIRY_MINUTES / 60)} step="any" inputMode="decimal" {...bind('expiryHours', EXPIRY_HINT)} />
      </Field>
      <Field id="site-ticketPattern" label="Ticket key pattern (optional)" error={errors.ticketPattern} hint={TICKET_HINT}>
        <input type="text" spellcheck={false} {...bind('ticketPattern', TICKET_HINT)} />
      </Field>
      <div class="field">
        <label class="inline">
          <input type="checkbox" {...check('evidenceFullUrl')} aria-describedby="site-evidenceFullUrl-hint" /> Keep the URL's query and #fragment in sign-off evidence
        </label>
        <p class="hint" id="site-evidenceFullUrl-hint">
          Off: evidence shows the page's address without them, as they often carry tokens.
        </p>
      </div>

      <div class="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save site'}
        </button>
        <button type="button" onClick={() => model.cancelEdit()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
