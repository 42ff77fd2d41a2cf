import type { z } from 'zod';
import { TRACKER_IDS, type TrackerId } from '../signoff/tracker';
import { TrackerTargetSchema, type TrackerTarget } from './tracker-target';

/**
 * The "QA sign-offs" part of the site form, as typed: which tracker, and its fields. Like the
 * catalogue's fields (catalogue-form.ts), every tracker's fields live side by side, so
 * switching back and forth keeps what was typed; only the chosen tracker's become the site's
 * `tracker`. Labels are written here; hints, defaults and which fields may stay empty come
 * from the schema (tracker-target.ts), so the form cannot drift from what the file accepts.
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
type TrackerTextField = Exclude<TrackerFormField, 'trackerKind' | 'trackerToken' | 'trackerUrls'>;

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

/** The schema of one key of a tracker's target. */
function schemaOf(kind: TrackerId, key: string): z.ZodType | undefined {
  const option = TrackerTargetSchema.options.find((o) => o.shape.tracker.value === kind);
  return (option?.shape as Record<string, z.ZodType> | undefined)?.[key];
}

function spec(kind: TrackerId, field: TrackerTextField, key: string, label: string, extra: { placeholder?: string } = {}): TrackerFieldSpec {
  const type = field === 'trackerUrl' ? 'url' : field === 'trackerEmail' ? 'email' : 'text';
  return { field, key, label, type, hint: schemaOf(kind, key)?.description ?? '', ...(extra.placeholder ? { placeholder: extra.placeholder } : {}) };
}

export const TRACKER_FIELDS: Record<TrackerId, TrackerFieldSpec[]> = {
  'jira-cloud': [
    spec('jira-cloud', 'trackerUrl', 'baseUrl', 'Jira site URL', { placeholder: 'https://acme.atlassian.net' }),
    spec('jira-cloud', 'trackerEmail', 'email', 'Atlassian account e-mail', { placeholder: 'you@example.com' }),
  ],
  'jira-dc': [spec('jira-dc', 'trackerUrl', 'baseUrl', 'Jira URL', { placeholder: 'https://jira.example.com' })],
  github: [
    spec('github', 'trackerUrl', 'apiUrl', 'GitHub API URL'),
    spec('github', 'trackerRepo', 'repo', 'Default repository (optional)', { placeholder: 'acme/shop' }),
  ],
  gitlab: [
    spec('gitlab', 'trackerUrl', 'baseUrl', 'GitLab URL'),
    spec('gitlab', 'trackerProject', 'project', 'Default project (optional)', { placeholder: 'group/project' }),
  ],
  linear: [spec('linear', 'trackerUrl', 'apiUrl', 'Linear API URL')],
  'azure-devops': [
    spec('azure-devops', 'trackerUrl', 'baseUrl', 'Azure DevOps URL'),
    spec('azure-devops', 'trackerOrganization', 'organization', 'Organization'),
    spec('azure-devops', 'trackerProject', 'project', 'Project'),
  ],
};

/**
 * The text a tracker's field starts with: the schema's default (GitHub's API, gitlab.com…), else empty.
 *
 * @example trackerFieldDefault('github', 'trackerUrl') // 'https://api.github.com'
 */
export function trackerFieldDefault(kind: TrackerId | 'none', field: TrackerTextField): string {
  if (kind === 'none') return '';
  const key = TRACKER_FIELDS[kind].find((s) => s.field === field)?.key;
  const parsed = key ? schemaOf(kind, key)?.safeParse(undefined) : undefined;
  return parsed?.success && typeof parsed.data === 'string' ? parsed.data : '';
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
    if (text === '' && schemaOf(form.trackerKind, key)?.safeParse(undefined).success) continue;
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
