import { TRANSPORT_METAS, type TransportId } from '../../lib/transports/meta-registry';
import { transportErrorKey } from '../../lib/transports/form';
import { describedBy, Field } from './Field';
import type { OptionsModel, SiteEditor } from './options-model';
import { TransportSecretField } from './TransportSecretField';
import { secretOf } from './transport-secrets';

/** Each transport's switch and settings, drawn from its meta (lib/transports/<id>/meta.ts). */
export function TransportFields({ model, editor }: { model: OptionsModel; editor: SiteEditor }) {
  const { form, errors } = editor;
  const change = (id: TransportId, key: string, value: string | boolean) =>
    model.updateForm({ transports: { ...form.transports, [id]: { ...form.transports[id], [key]: value } } });
  return (
    <fieldset>
      <legend>Transports</legend>
      {TRANSPORT_METAS.map((meta) => {
        const own = form.transports[meta.id];
        const base = `site-transport-${meta.id}`;
        // A switched-off transport shows its switch and what it is for; its settings open with
        // it, or stay open while one of them is wrong or a secret of it is stored (to remove it).
        const open = own.enabled || Object.keys(errors).some((key) => key.startsWith(`transports.${meta.id}.`))
          || secretOf(editor.transportSecrets, meta.id).stored !== undefined;
        const text = (key: string, hint?: string) => {
          const error = errors[transportErrorKey(meta.id, key)];
          return {
            id: `${base}-${key}`,
            value: String(own[key] ?? ''),
            'aria-invalid': error ? true : undefined,
            'aria-describedby': describedBy(`${base}-${key}`, error, hint),
          };
        };
        return (
          <div class="transport" key={meta.id}>
            <label class="inline">
              <input type="checkbox" id={`${base}-enabled`} checked={own.enabled} aria-describedby={meta.hint ? `${base}-enabled-hint` : undefined}
                onChange={(event) => change(meta.id, 'enabled', event.currentTarget.checked)} /> {meta.label}
            </label>
            {meta.hint && <p class="hint" id={`${base}-enabled-hint`}>{meta.hint}</p>}
            {open && (
              <div class="transport-settings">
                <Field id={`${base}-name`} label={meta.nameLabel} error={errors[transportErrorKey(meta.id, 'name')]}>
                  <input type="text" spellcheck={false} {...text('name')} onInput={(event) => change(meta.id, 'name', event.currentTarget.value)} />
                </Field>
                {meta.fields?.map((field) => (
                  <Field key={field.key} id={`${base}-${field.key}`} label={field.label} hint={field.hint} error={errors[transportErrorKey(meta.id, field.key)]}>
                    {field.kind === 'select' ? (
                      <select {...text(field.key, field.hint)} onChange={(event) => change(meta.id, field.key, event.currentTarget.value)}>
                        {field.options?.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
                      </select>
                    ) : (
                      <input type="text" spellcheck={false} {...text(field.key, field.hint)} onInput={(event) => change(meta.id, field.key, event.currentTarget.value)} />
                    )}
                  </Field>
                ))}
                <TransportSecretField model={model} editor={editor} meta={meta} />
              </div>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
