import type { FlagRowData, PopupModel } from './popup-model';
import { FlagControl } from './FlagControl';

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** One flag: its name and default, what this tab gets, and a way back to the default. */
export function FlagRow({ row, model }: { row: FlagRowData; model: PopupModel }) {
  const { flag, overridden, override } = row;
  const effective = overridden ? override : flag.defaultValue;
  const error = model.actionError.value?.key === flag.key ? model.actionError.value.message : undefined;
  return (
    <li class={overridden ? 'flag overridden' : 'flag'} data-flag-key={flag.key}>
      <div class="flag-text">
        <span class="flag-key" title={flag.key}>{flag.name && flag.name !== flag.key ? `${flag.name} ` : ''}<code>{flag.key}</code></span>
        <span class="flag-meta">
          {overridden ? <strong class="badge-overridden">Overridden</strong> : <span>Default</span>}
          {flag.defaultValue !== undefined && <span> · default {show(flag.defaultValue)}</span>}
          {!row.inCatalogue && <span> · not in the catalogue</span>}
          {flag.description && <span class="flag-description" title={flag.description}> · {flag.description}</span>}
        </span>
        {error && <span class="field-error" role="alert">{error}</span>}
      </div>
      <div class="flag-control">
        <FlagControl flag={flag} effective={effective} overridden={overridden}
          onSet={(v) => model.setOverride(flag.key, v)} onClear={() => model.clearOverride(flag.key)} />
        {overridden && (
          <button type="button" class="reset-one" aria-label={`Reset ${flag.key}`} title="Back to the default"
            onClick={() => model.clearOverride(flag.key)}>↺</button>
        )}
      </div>
    </li>
  );
}
