import { TRACKER_CHOICES, TRACKER_FIELDS, type TrackerFieldSpec, type TrackerForm } from '../../lib/trackers/form';
import { TRACKER_LABELS } from '../../lib/trackers/meta-registry';
import { bindText } from './bind';
import { TestButton } from './ConnectionTest';
import { describedBy, Field } from './Field';
import type { OptionsModel, SiteEditor } from './options-model';
import { TokenField } from './TokenField';

const KIND_HINT = 'Where "QA sign-off" posts the verdict, notes, screenshot and evidence: a comment on the ticket.';

/**
 * The "QA sign-offs" fieldset: the tracker a site's sign-offs are posted to, its fields, its
 * token, and "Test sign-off connection", which says whom the token signs in as.
 */
export function TrackerFields({ model, editor }: { model: OptionsModel; editor: SiteEditor }) {
  const { form, errors } = editor;
  const kind = form.trackerKind;
  return (
    <fieldset>
      <legend>QA sign-offs</legend>
      <Field id="site-trackerKind" label="Post sign-offs to" hint={KIND_HINT} error={errors.trackerKind}>
        <select
          id="site-trackerKind"
          value={kind}
          onChange={(event) => model.updateForm({ trackerKind: event.currentTarget.value as TrackerForm['trackerKind'] })}
          aria-describedby={describedBy('site-trackerKind', errors.trackerKind, KIND_HINT)}
        >
          {TRACKER_CHOICES.map((id) => (
            <option key={id} value={id}>
              {id === 'none' ? 'None' : TRACKER_LABELS[id]}
            </option>
          ))}
        </select>
      </Field>
      {kind !== 'none' && (
        <>
          {TRACKER_FIELDS[kind].map((spec) => (
            <TrackerField key={`${kind}-${spec.field}`} model={model} editor={editor} spec={spec} />
          ))}
          <TokenField model={model} editor={editor} slot="tracker" />
          <TestButton
            id="site-tracker-connection"
            label="Test sign-off connection"
            testing={editor.trackerTesting}
            result={editor.trackerCheck}
            onTest={() => void model.testTracker()}
          />
        </>
      )}
    </fieldset>
  );
}

function TrackerField({ model, editor, spec }: { model: OptionsModel; editor: SiteEditor; spec: TrackerFieldSpec }) {
  const bind = bindText(model, editor)(spec.field, spec.hint || undefined);
  const common = { ...bind, placeholder: spec.placeholder, spellcheck: false, autoComplete: 'off' };
  return (
    <Field id={bind.id} label={spec.label} hint={spec.hint || undefined} error={editor.errors[spec.field]}>
      {spec.type === 'url' ? <input type="url" {...common} /> : spec.type === 'email' ? <input type="email" {...common} /> : <input type="text" {...common} />}
    </Field>
  );
}
