import { TRACKER_IDS, type TrackerId } from '../signoff/tracker';
import { TRACKER_META } from './meta-registry';
import type { TrackerTarget } from './targets';
import type { TrackerFieldMeta, TrackerTextField } from './types';

/**
 * The "QA sign-offs" part of the site form, as typed: which tracker, and its fields. Like the
 * catalogue's fields (catalogue-form.ts), every tracker's fields live side by side, so
 * switching back and forth keeps what was typed; only the chosen tracker's become the site's
 * `tracker`. Labels, hints, defaults and which fields may stay empty come from each family's
 * meta.ts, which its target.ts (the schema) takes them from too, so the form cannot drift from
 * what the file accepts. Zod-free: the options page's form does not bundle the schemas for it.
 */
export interface TrackerForm {
  /** 'none': the site has no sign-off tracker. */
  trackerKind: TrackerId | 'none';
  /** The tracker's address: `baseUrl`, or `apiUrl` for GitHub and Linear. */
  trackerUrl: string;
  /** Jira Cloud: the account's e-mail address. */
  trackerEmail: string;
  /** GitHub: the default repository, owner/repo. */
  trackerRepo: string;
  /** GitLab: the default project path; Azure DevOps: the project. */
  trackerProject: string;
  /** Azure DevOps: the organization. */
  trackerOrganization: string;
  /** A token typed into the form; it goes to the secrets store's "tracker" slot, never into the site. */
  trackerToken: string;
  /** The address each other tracker had in this form, so switching back restores it. Never saved. */
  trackerUrls: Partial<Record<TrackerId, string>>;
}
export type TrackerFormField = keyof TrackerForm;
// Every meta field must be a text field of the form; this line stops compiling when one is not.
const _textFields: Exclude<TrackerTextField, Exclude<TrackerFormField, 'trackerKind' | 'trackerToken' | 'trackerUrls'>> extends never ? true : never = true;
void _textFields;

export interface TrackerFieldSpec {
  field: TrackerTextField;
  /** The key in the tracker's schema. */
  key: string;
  label: string;
  /** The schema's description: the same words as in docs/config.schema.json. */
  hint: string;
  placeholder?: string;
  type: 'url' | 'email' | 'text';
}

/** A tracker's settings, key → the form's field, in the order the form shows them. */
function metaFields(kind: TrackerId): [string, TrackerFieldMeta][] {
  return Object.entries(TRACKER_META[kind].fields);
}

function spec(key: string, meta: TrackerFieldMeta): TrackerFieldSpec {
  const { field, label, hint, placeholder } = meta;
  const type = field === 'trackerUrl' ? 'url' : field === 'trackerEmail' ? 'email' : 'text';
  return { field, key, label, type, hint, ...(placeholder ? { placeholder } : {}) };
}

export const TRACKER_FIELDS: Record<TrackerId, TrackerFieldSpec[]> = Object.fromEntries(
  TRACKER_IDS.map((kind) => [kind, metaFields(kind).map(([key, meta]) => spec(key, meta))]),
) as Record<TrackerId, TrackerFieldSpec[]>;

/** Whether the schema lets a setting be left out: it has a default, or it is optional. */
function mayBeEmpty(kind: TrackerId, key: string): boolean {
  const meta = metaFields(kind).find(([k]) => k === key)?.[1];
  return meta !== undefined && (meta.default !== undefined || meta.optional === true);
}

/**
 * The text a tracker's field starts with: the schema's default (GitHub's API, gitlab.com…), else empty.
 *
 * @example trackerFieldDefault('github', 'trackerUrl') // 'https://api.github.com'
 */
export function trackerFieldDefault(kind: TrackerId | 'none', field: TrackerTextField): string {
  if (kind === 'none') return '';
  return metaFields(kind).find(([, meta]) => meta.field === field)?.[1].default ?? '';
}

export function emptyTrackerForm(): TrackerForm {
  return { trackerKind: 'none', trackerUrl: '', trackerEmail: '', trackerRepo: '', trackerProject: '', trackerOrganization: '', trackerToken: '', trackerUrls: {} };
}

/** The form for a site's tracker (or for none). */
export function trackerToForm(target: TrackerTarget | undefined): TrackerForm {
  const form = emptyTrackerForm();
  if (!target) return form;
  form.trackerKind = target.tracker;
  const values = target as Record<string, unknown>;
  for (const { field, key } of TRACKER_FIELDS[target.tracker]) {
    if (typeof values[key] === 'string') form[field] = values[key];
  }
  return form;
}

/**
 * The form with another tracker chosen. An address is one tracker's (a Jira site is never a
 * GitHub API), so the new tracker gets the address it had earlier in this form, else its
 * default; the old one's is kept aside for switching back. The other fields stay as typed.
 *
 * @example switchTracker(form, 'gitlab').trackerUrl // 'https://gitlab.com'
 */
export function switchTracker<F extends TrackerForm>(form: F, kind: TrackerForm['trackerKind']): F {
  if (form.trackerKind === kind) return form;
  const trackerUrls = form.trackerKind === 'none' ? form.trackerUrls : { ...form.trackerUrls, [form.trackerKind]: form.trackerUrl };
  const trackerUrl = kind === 'none' ? '' : (trackerUrls[kind] ?? trackerFieldDefault(kind, 'trackerUrl'));
  return { ...form, trackerKind: kind, trackerUrl, trackerUrls };
}

/**
 * The site's `tracker` as the form describes it, ready for the schema; undefined for none.
 * A field left empty is left out when the schema has a default or it is optional, so the
 * default applies; otherwise the schema's own "must…" message shows next to it.
 */
export function formToTracker(form: TrackerForm): Record<string, unknown> | undefined {
  if (form.trackerKind === 'none') return undefined;
  const input: Record<string, unknown> = { tracker: form.trackerKind };
  for (const { field, key } of TRACKER_FIELDS[form.trackerKind]) {
    const text = form[field].trim();
    if (text === '' && mayBeEmpty(form.trackerKind, key)) continue;
    input[key] = text;
  }
  return input;
}

/** The form field a schema issue under `tracker` belongs to. */
export function trackerFieldFor(path: readonly PropertyKey[], form: TrackerForm): TrackerFormField {
  if (form.trackerKind === 'none') return 'trackerKind';
  return TRACKER_FIELDS[form.trackerKind].find((s) => s.key === path[0])?.field ?? 'trackerKind';
}

/** Every tracker the form offers, None first. */
export const TRACKER_CHOICES: readonly TrackerForm['trackerKind'][] = ['none', ...TRACKER_IDS];
