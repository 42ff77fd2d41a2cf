import { VERDICTS, type Verdict } from '../../lib/signoff/signoff';
import { VERDICT_LABELS } from '../../lib/signoff/signoff';
import { describedBy } from '../options/Field';
import { VERDICT_SYMBOLS } from './words';

/**
 * Passed / Failed / Blocked as native radios: the browser gives one tab stop and arrow keys.
 * The symbol is hidden from the accessible name ("Passed"), and says the verdict without colour.
 */
export function VerdictGroup(props: { name: string; value: Verdict | undefined; error?: string | undefined; onChange(verdict: Verdict): void; idPrefix: string }) {
  const { idPrefix, error } = props;
  return (
    <fieldset class={`verdicts${error ? ' invalid' : ''}`} role="radiogroup" aria-required="true" aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(idPrefix, error)}>
      <legend>Verdict</legend>
      {VERDICTS.map((verdict, index) => (
        <label key={verdict} class={`verdict verdict-${verdict}`}>
          <input type="radio" name={props.name} value={verdict} id={index === 0 ? idPrefix : undefined}
            checked={props.value === verdict} onChange={() => props.onChange(verdict)} />
          <span aria-hidden="true" class="verdict-symbol">{VERDICT_SYMBOLS[verdict]}</span> {VERDICT_LABELS[verdict]}
        </label>
      ))}
      {error && <p class="field-error" id={`${idPrefix}-error`} role="alert">{error}</p>}
    </fieldset>
  );
}
