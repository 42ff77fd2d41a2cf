import type { SiteForm } from '../../lib/config/site-form';
import { bindText } from './bind';
import { Field } from './Field';
import type { OptionsModel, SiteEditor } from './options-model';

type DetectionToggle = 'echoEnabled' | 'markers' | 'sdks' | 'forceInSdks';

const HINTS: Record<DetectionToggle, string> = {
  echoEnabled: 'Your app answers with the flags it used, in the same format Flagtab sends them.',
  markers: 'Flag values or flag keys written into the page\'s HTML.',
  sdks: 'Flags the page evaluates in the browser with one of these SDKs.',
  forceInSdks: 'So flags evaluated in the browser follow this tab\'s overrides as well.',
};

/**
 * The "What the page used" fieldset: where Flagtab learns which flags the page really used.
 * A control that depends on another is disabled, not hidden, and keeps its value while off.
 */
export function DetectionFields({ model, editor }: { model: OptionsModel; editor: SiteEditor }) {
  const { form, errors } = editor;
  const bind = bindText(model, editor);
  const toggle = (field: DetectionToggle, label: string, disabled = false) => (
    <div class="field">
      <label class="inline">
        <input
          type="checkbox"
          id={`site-${field}`}
          checked={form[field]}
          disabled={disabled}
          aria-describedby={`site-${field}-hint`}
          onChange={(event) => model.updateForm({ [field]: event.currentTarget.checked } satisfies Partial<SiteForm>)}
        />{' '}
        {label}
      </label>
      <p class="hint" id={`site-${field}-hint`}>
        {HINTS[field]}
      </p>
    </div>
  );

  return (
    <fieldset>
      <legend>What the page used</legend>
      {toggle('echoEnabled', 'Read the echo header')}
      <Field id="site-echoName" label="Echo header name" error={errors.echoName}>
        <input type="text" autoComplete="off" spellcheck={false} disabled={!form.echoEnabled} {...bind('echoName')} />
      </Field>
      {toggle('markers', 'Read page markers (meta, data-flag-values, data-feature-flag)')}
      {toggle('sdks', 'Watch client-side SDKs (OpenFeature, GrowthBook, Unleash, LaunchDarkly, PostHog, Flagsmith, Statsig, ConfigCat)')}
      {toggle('forceInSdks', 'Apply overrides inside those SDKs too', !form.sdks)}
    </fieldset>
  );
}
