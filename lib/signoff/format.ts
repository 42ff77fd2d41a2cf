import type { JsonValue } from '../json';
import { VERDICT_LABELS, signOffMarker, type GalleryStepEvidence, type SignOff } from './signoff';

/**
 * The words of a sign-off comment, the same in every tracker; each tracker lays them out in
 * its own format (ADF for Jira Cloud, wiki markup for Jira Data Center, Markdown elsewhere).
 */
export interface CommentParts {
  /** "QA sign-off: Passed" */
  title: string;
  /** The tester's notes, Markdown as typed (may be empty). */
  notes: string;
  /** Label → value rows of the evidence block, in order. */
  evidence: [string, string][];
  /** "key = value" per override; empty when none. */
  overrides: string[];
  /** "key = value (source)" per flag the page reported; empty when none. */
  activeFlags: string[];
  /**
   * One line per step of the attached gallery's run: its values, then what the page reported
   * for it or why the step failed. Empty without a gallery.
   */
  combinations: string[];
  /** The line that lets a retry find this comment: keep it in every format. */
  marker: string;
}

/** The evidence row of a page controlled by its own service worker. */
export const SERVICE_WORKER_WORDS = 'the page was controlled by its own service worker; requests the worker made itself carried no overrides';

const show = (value: JsonValue | undefined) => (value === undefined ? '(value not reported)' : JSON.stringify(value));

const pairs = (entries: [string, string][]) => entries.map(([key, value]) => `${key} = ${value}`).join(', ');

/**
 * A step as one line. Only what was observed: the page's own report of the step's flags (with
 * who said it), or the failure; a step the page reported none of them for says so.
 *
 * @example combinationLine({ values: { banner: 'b' }, reported: { banner: { value: 'b', source: 'OpenFeature SDK' } } }, 0)
 *   === '1. banner = "b" — page reported: banner = "b" (OpenFeature SDK)'
 */
export function combinationLine(step: GalleryStepEvidence, index: number): string {
  const values = pairs(Object.entries(step.values).map(([k, v]) => [k, show(v)])) || '(no values)';
  if (step.failed !== undefined) return `${index + 1}. ${values} — failed: ${step.failed}`;
  // The step's own flags are the point; the others the page named are counted, not listed.
  const reported = Object.entries(step.reported ?? {});
  const mine = reported.filter(([key]) => Object.hasOwn(step.values, key));
  const others = reported.length - mine.length;
  const said = mine.length
    ? `page reported: ${mine.map(([k, r]) => `${k} = ${show(r.value)} (${r.source})`).join(', ')}`
    : 'the page reported none of these flags';
  const more = others > 0 ? ` (+${others} other flag${others === 1 ? '' : 's'})` : '';
  return `${index + 1}. ${values} — ${said}${more}`;
}

/**
 * @example commentParts(signOff).title === 'QA sign-off: Passed'
 * @example commentParts({ ...signOff, gallery }).title === 'QA sign-off: Passed under 3 combinations'
 */
export function commentParts(signOff: SignOff): CommentParts {
  const e = signOff.evidence;
  const evidence: [string, string][] = [
    ['URL', e.url],
    ...(e.pageLoad ? [['Page load', e.pageLoad] as [string, string]] : []),
    ['Site', e.site.name],
    ...(e.scenario ? [['Scenario', e.scenario] as [string, string]] : []),
    ...(e.environment ? [['Environment', e.environment] as [string, string]] : []),
    ...(e.serviceWorker ? [['Service worker', SERVICE_WORKER_WORDS] as [string, string]] : []),
    ...(e.server ? [['Signed overrides', e.server] as [string, string]] : []),
    ['Browser', e.browser],
    ['Flagtab', e.flagtabVersion],
    ...(e.who ? [['Signed off by', e.who] as [string, string]] : []),
    ['When', new Date(e.at).toISOString()],
  ];
  const steps = signOff.gallery?.steps ?? [];
  if (signOff.gallery) evidence.splice(evidence.length - 1, 0, ['Run', signOff.gallery.label]);
  const under = steps.length ? ` under ${steps.length} combination${steps.length === 1 ? '' : 's'}` : '';
  return {
    title: `QA sign-off: ${VERDICT_LABELS[signOff.verdict]}${under}`,
    notes: signOff.notes.trim(),
    evidence,
    overrides: Object.entries(e.overrides).map(([key, value]) => `${key} = ${show(value)}`),
    activeFlags: [
      ...e.activeFlags.map((f) => `${f.key} = ${show(f.value)} (${f.source})`),
      ...(e.moreActiveFlags ? [`… and ${e.moreActiveFlags} more flags the page reported`] : []),
    ],
    combinations: steps.map(combinationLine),
    marker: signOffMarker(signOff.id),
  };
}
