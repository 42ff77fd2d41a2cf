import type { SiteForm } from '../../lib/config/site-form';
import { describedBy } from './Field';
import type { OptionsModel, SiteEditor } from './options-model';

/** The form fields edited as text. */
export type TextField = { [K in keyof SiteForm]-?: SiteForm[K] extends string ? K : never }[keyof SiteForm];

/**
 * Props for a text control bound to a form field: its id, value, input handler and the ARIA
 * that ties it to its hint and error.
 *
 * @example <input type="text" {...bindText(model, editor)('name')} />
 */
export function bindText(model: OptionsModel, editor: SiteEditor) {
  return (field: Exclude<TextField, 'provider' | 'catalogueKind' | 'trackerKind'>, hint?: string) => ({
    id: `site-${field}`,
    value: editor.form[field],
    onInput: (event: { currentTarget: { value: string } }) => model.updateForm({ [field]: event.currentTarget.value }),
    'aria-invalid': editor.errors[field] ? true : undefined,
    'aria-describedby': describedBy(`site-${field}`, editor.errors[field], hint),
  });
}
