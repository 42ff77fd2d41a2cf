import { useState } from 'preact/hooks';
import { EXPIRY_HINT, MIN_FORM_EXPIRY_MINUTES, type SiteFormErrors } from '../../lib/config/site-form';
import { MAX_EXPIRY_MINUTES } from '../../lib/config/schema';
import { bindText } from './bind';
import { DetectionFields } from './DetectionFields';
import { Field } from './Field';
import type { OptionsModel, SiteEditor } from './options-model';
import { TransportFields } from './TransportFields';

const TICKET_HINT = 'A regular expression, like SHOP-\\d+ or (SHOP|PAY)-\\d+, without a repeated group that repeats or branches inside. Empty finds Jira keys (ABC-123) and GitHub issues (#123).';

/** The error keys the Advanced section holds; one of them set opens it. */
const ADVANCED_FIELDS = new Set(['expiryHours', 'ticketPattern', 'echoName', 'markers', 'sdks', 'forceInSdks', 'evidenceFullUrl']);
export function advancedHasError(errors: SiteFormErrors): boolean {
  return Object.keys(errors).some((key) => ADVANCED_FIELDS.has(key) || key.startsWith('transports.'));
}

/**
 * Transports, detection, expiry, ticket pattern and evidence detail: settings whose defaults
 * suit most sites, behind a disclosure. It opens by itself while one of its fields is wrong
 * (or a transport secret is being typed), and stays as the person left it otherwise.
 */
export function AdvancedSettings({ model, editor }: { model: OptionsModel; editor: SiteEditor }) {
  const [opened, setOpened] = useState(false);
  const { form, errors } = editor;
  const bind = bindText(model, editor);
  const forced = advancedHasError(errors);
  return (
    <details class="advanced" open={opened || forced} onToggle={(event) => setOpened(event.currentTarget.open)}>
      <summary>
        Advanced <span class="summary-hint">transports, what the page used, expiry, ticket keys</span>
      </summary>
      <div class="advanced-body">
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
            <input
              type="checkbox"
              id="site-evidenceFullUrl"
              checked={form.evidenceFullUrl}
              aria-describedby="site-evidenceFullUrl-hint"
              onChange={(event) => model.updateForm({ evidenceFullUrl: event.currentTarget.checked })}
            />{' '}
            Keep the URL's query and #fragment in sign-off evidence
          </label>
          <p class="hint" id="site-evidenceFullUrl-hint">
            Off: evidence shows the page's address without them, as they often carry tokens.
          </p>
        </div>
      </div>
    </details>
  );
}
