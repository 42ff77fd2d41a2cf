import type { JsonValue } from '../json';
import { VERDICT_LABELS, signOffMarker, type SignOff } from './signoff';

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
  /** The line that lets a retry find this comment: keep it in every format. */
  marker: string;
}

/** The evidence row of a page controlled by its own service worker. */
export const SERVICE_WORKER_WORDS = 'the page was controlled by its own service worker; requests the worker made itself carried no overrides';

const show = (value: JsonValue | undefined) => (value === undefined ? '(value not reported)' : JSON.stringify(value));

/**
 * @example commentParts(signOff).title === 'QA sign-off: Passed'
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
  return {
    title: `QA sign-off: ${VERDICT_LABELS[signOff.verdict]}`,
    notes: signOff.notes.trim(),
    evidence,
    overrides: Object.entries(e.overrides).map(([key, value]) => `${key} = ${show(value)}`),
    activeFlags: [
      ...e.activeFlags.map((f) => `${f.key} = ${show(f.value)} (${f.source})`),
      ...(e.moreActiveFlags ? [`… and ${e.moreActiveFlags} more flags the page reported`] : []),
    ],
    marker: signOffMarker(signOff.id),
  };
}
