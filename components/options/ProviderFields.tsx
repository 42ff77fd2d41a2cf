import { PROVIDER_METAS, providerMeta, type ProviderId } from '../../lib/providers/meta-registry';
import type { SourceFieldSpec } from '../../lib/providers/meta-types';
import type { SiteForm } from '../../lib/config/site-form';
import { bindText } from './bind';
import { describedBy, Field } from './Field';
import type { OptionsModel, SiteEditor } from './options-model';

const PROVIDER_HINT = 'Where the site\'s flags are defined. Flagtab only reads them.';

/**
 * The "Flag provider" picker and the fields of the chosen provider's source. A new site has
 * no provider until the person picks one (no silent default), and shows no fields before.
 */
export function ProviderFields({ model, editor }: { model: OptionsModel; editor: SiteEditor }) {
  const { form, errors, providerChosen } = editor;
  return (
    <>
      <Field id="site-provider" label="Flag provider" hint={PROVIDER_HINT} error={errors.provider}>
        <select
          id="site-provider"
          value={providerChosen ? form.provider : ''}
          onChange={(event) => model.updateForm({ provider: event.currentTarget.value as ProviderId })}
          aria-invalid={errors.provider ? true : undefined}
          aria-describedby={describedBy('site-provider', errors.provider, PROVIDER_HINT)}
        >
          {!providerChosen && (
            <option value="" disabled>
              Choose your flag provider
            </option>
          )}
          {PROVIDER_METAS.map(({ id, label }) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      {!providerChosen ? null : form.provider === 'flags-file' ? (
        <FlagsFileFields model={model} editor={editor} />
      ) : (
        providerMeta(form.provider).fields.map((spec) => <SourceField key={spec.field} model={model} editor={editor} spec={spec} />)
      )}
    </>
  );
}

function SourceField({ model, editor, spec }: { model: OptionsModel; editor: SiteEditor; spec: SourceFieldSpec }) {
  const bind = bindText(model, editor)(spec.field, spec.hint);
  const common = { ...bind, placeholder: spec.placeholder, spellcheck: false, autoComplete: 'off' };
  return (
    <Field id={bind.id} label={spec.label} hint={spec.hint} error={editor.errors[spec.field]}>
      {spec.field === 'ofrepContext' ? (
        <textarea rows={3} class="code" {...common} />
      ) : spec.field === 'baseUrl' ? (
        <input type="url" {...common} />
      ) : (
        <input type="text" {...common} />
      )}
    </Field>
  );
}

function FlagsFileFields({ model, editor }: { model: OptionsModel; editor: SiteEditor }) {
  const { form, errors } = editor;
  const bind = bindText(model, editor);
  const kind = (value: SiteForm['catalogueKind']) => ({
    name: 'site-catalogue-kind',
    value,
    checked: form.catalogueKind === value,
    onChange: () => model.updateForm({ catalogueKind: value }),
  });
  return (
    <>
      <div role="radiogroup" aria-label="Flags file source">
        <label class="inline">
          <input type="radio" {...kind('url')} /> Fetch from a URL
        </label>
        <label class="inline">
          <input type="radio" {...kind('inline')} /> Paste the file
        </label>
      </div>
      {form.catalogueKind === 'url' ? (
        <Field id="site-catalogueUrl" label="Catalogue URL" error={errors.catalogueUrl}>
          <input type="url" placeholder="https://flags.example.com/flags.json" {...bind('catalogueUrl')} />
        </Field>
      ) : (
        <Field id="site-catalogueInline" label="Flags file" error={errors.catalogueInline}>
          <textarea rows={8} spellcheck={false} class="code" {...bind('catalogueInline')} />
        </Field>
      )}
    </>
  );
}
