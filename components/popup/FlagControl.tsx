import { useState } from 'preact/hooks';
import type { Flag } from '../../lib/flags/flag';
import type { JsonValue } from '../../lib/json';
import { usesChips, variantLabel } from './flag-list';

interface Props {
  flag: Flag;
  /** What the page gets now: the override if any, else the flag's default. */
  effective: JsonValue | undefined;
  overridden: boolean;
  onSet(value: JsonValue): void;
  onClear(): void;
}

/** Parses what a person typed for a flag of `type`; the error says what is expected. */
export function parseTypedValue(type: Flag['type'], text: string): { ok: true; value: JsonValue } | { ok: false; error: string } {
  if (type === 'string') return { ok: true, value: text };
  if (type === 'number') {
    const n = Number(text);
    return text.trim() !== '' && Number.isFinite(n) ? { ok: true, value: n } : { ok: false, error: 'Enter a number, e.g. 3 or 2.5' };
  }
  if (type === 'boolean') {
    return text === 'true' || text === 'false' ? { ok: true, value: text === 'true' } : { ok: false, error: 'Enter true or false' };
  }
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch {
    return { ok: false, error: 'Enter valid JSON, e.g. {"accent":"red"}' };
  }
}

const show = (v: JsonValue | undefined) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

const sameValue = (a: JsonValue | undefined, b: JsonValue | undefined) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The control for one flag; its accessible name is the flag key. A boolean is a switch; a few
 * short variants are chips (a radio group) with "Default" first; more is a compact select.
 */
export function FlagControl({ flag, effective, overridden, onSet, onClear }: Props) {
  if (flag.type === 'boolean') {
    return (
      <input type="checkbox" role="switch" class="switch" aria-label={flag.key}
        checked={effective === true} onChange={() => onSet(effective !== true)}
        // Space toggles a checkbox natively; Enter too, as the popup's keyboard help says.
        onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); onSet(effective !== true); } }} />
    );
  }
  if (flag.variants.length > 0) {
    const index = overridden ? flag.variants.findIndex((v) => sameValue(v.value, effective)) : -1;
    const selected = !overridden ? 'default' : index >= 0 ? String(index) : 'custom';
    const choose = (choice: string) => {
      if (choice === 'default') onClear();
      else if (choice !== 'custom') onSet(flag.variants[Number(choice)]!.value);
    };
    const defaultVariant = flag.variants.find((v) => sameValue(v.value, flag.defaultValue));
    if (usesChips(flag)) return <VariantChips flag={flag} selected={selected} effective={effective} defaultName={defaultVariant?.name} onChoose={choose} />;
    return (
      <select class="picker" aria-label={flag.key} value={selected} onChange={(e) => choose(e.currentTarget.value)}>
        <option value="default">Default{defaultVariant ? ` (${defaultVariant.name})` : ''}</option>
        {flag.variants.map((v, i) => <option key={v.name} value={String(i)}>{variantLabel(v)}</option>)}
        {selected === 'custom' && <option value="custom">Custom: {show(effective)}</option>}
      </select>
    );
  }
  return <FreeValueField flag={flag} effective={effective} overridden={overridden} onSet={onSet} />;
}

interface ChipsProps {
  flag: Flag;
  selected: string;
  effective: JsonValue | undefined;
  defaultName: string | undefined;
  onChoose(choice: string): void;
}

/** "Default", then one chip per variant (the default one marked), and the custom value when set. */
function VariantChips({ flag, selected, effective, defaultName, onChoose }: ChipsProps) {
  const group = `variant-${flag.key}`;
  const chip = (value: string, text: string, title?: string, isDefault = false) => (
    <label key={value} class={isDefault ? 'chip is-default' : 'chip'} title={title}>
      <input type="radio" name={group} value={value} checked={selected === value} onChange={() => onChoose(value)} />
      {text}
    </label>
  );
  return (
    <div role="radiogroup" aria-label={flag.key} class="flag-control chips">
      {chip('default', 'Default', defaultName ? `The catalogue's default: ${defaultName}` : 'No override: what the catalogue serves')}
      {flag.variants.map((v, i) => chip(String(i), variantLabel(v), v.description, v.name === defaultName))}
      {selected === 'custom' && chip('custom', `Custom: ${show(effective)}`)}
    </div>
  );
}

function FreeValueField({ flag, effective, overridden, onSet }: Pick<Props, 'flag' | 'effective' | 'overridden' | 'onSet'>) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const apply = () => {
    if (draft === undefined) return;
    const parsed = parseTypedValue(flag.type, draft);
    if (!parsed.ok) return setError(parsed.error);
    setError(undefined);
    setDraft(undefined);
    onSet(parsed.value);
  };
  const errorId = `error-${flag.key}`;
  return (
    <span class="free-value">
      <input type="text" aria-label={flag.key} aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? errorId : undefined}
        placeholder={show(flag.defaultValue)} value={draft ?? (overridden ? show(effective) : '')}
        onInput={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={(e) => { if (e.key === 'Enter') apply(); if (e.key === 'Escape') { setDraft(undefined); setError(undefined); } }}
        onBlur={apply} />
      {error && <span id={errorId} class="field-error" role="alert">{error}</span>}
    </span>
  );
}
