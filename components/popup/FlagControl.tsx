import { useState } from 'preact/hooks';
import type { Flag } from '../../lib/flags/flag';
import type { JsonValue } from '../../lib/json';

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

/** The control for one flag; its accessible name is the flag key. */
export function FlagControl({ flag, effective, overridden, onSet, onClear }: Props) {
  if (flag.type === 'boolean') {
    return (
      <input type="checkbox" role="switch" class="switch" aria-label={flag.key}
        checked={effective === true} onChange={() => onSet(effective !== true)} />
    );
  }
  if (flag.variants.length > 0) {
    const index = overridden ? flag.variants.findIndex((v) => JSON.stringify(v.value) === JSON.stringify(effective)) : -1;
    const selected = !overridden ? 'default' : index >= 0 ? String(index) : 'custom';
    const defaultVariant = flag.variants.find((v) => JSON.stringify(v.value) === JSON.stringify(flag.defaultValue));
    return (
      <select aria-label={flag.key} value={selected} onChange={(e) => {
        const choice = e.currentTarget.value;
        if (choice === 'default') onClear();
        else if (choice !== 'custom') onSet(flag.variants[Number(choice)]!.value);
      }}>
        <option value="default">Default{defaultVariant ? ` (${defaultVariant.name})` : ''}</option>
        {flag.variants.map((v, i) => <option key={v.name} value={String(i)}>{variantLabel(v)}</option>)}
        {selected === 'custom' && <option value="custom">Custom: {show(effective)}</option>}
      </select>
    );
  }
  return <FreeValueField flag={flag} effective={effective} overridden={overridden} onSet={onSet} />;
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

/** "b — Bold" when a variant's value says more than its name; just "b" when they agree. */
function variantLabel(variant: { name: string; value: unknown }): string {
  const value = typeof variant.value === 'string' ? variant.value : JSON.stringify(variant.value);
  return value === variant.name ? variant.name : `${variant.name} — ${value.length > 40 ? `${value.slice(0, 40)}…` : value}`;
}
