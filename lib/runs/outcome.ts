import { describeStep, type Step } from './combinations';
import { dictFrom } from '../dict';
import type { StepResult } from './state';

/**
 * What a step came to, in words, for the gallery and its contact sheet: what the page reported
 * for the step's own flags first (the label's point), then how many others it named; or the failure.
 *
 * @example stepOutcome({ ok: false, index: 0, at: 0, reason: 'the tab was closed' }, {}) === 'Failed: the tab was closed'
 */
export function stepOutcome(result: StepResult | undefined, values: Step): string {
  if (!result) return 'Not taken yet';
  if (!result.ok) return `Failed: ${result.reason}`;
  const entries = Object.entries(result.reported);
  const mine = entries.filter(([key]) => Object.hasOwn(values, key));
  const shown = mine.map(([key, r]) => (r.value === undefined ? `${key} (no value)` : describeStep(dictFrom([[key, r.value]]))));
  const others = entries.length - mine.length;
  const said = shown.length ? `Page reported: ${shown.join(' · ')}` : 'The page reported none of these flags';
  const more = others > 0 ? ` (+${others} other flag${others === 1 ? '' : 's'})` : '';
  return `${said}${more}${result.settled ? '' : ' — the page had not settled after 10 s'}`;
}
