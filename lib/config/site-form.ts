import { catalogueFieldFor, catalogueToForm, emptyCatalogueForm, formToCatalogue, type CatalogueForm } from '../providers/source-form';
import { findSiteConflicts } from './conflicts';
import { providerMeta } from '../providers/meta-registry';
import { DEFAULT_DETECTION, DEFAULT_EXPIRY_MINUTES, MAX_EXPIRY_MINUTES, SiteSchema, type Site, type SiteInput } from './schema';
import { emptyTrackerForm, formToTracker, trackerFieldFor, trackerToForm, type TrackerForm } from '../trackers/form';
import { emptyTransportsForm, formToTransports, headerClash, transportErrorKey, transportFieldFor, transportsToForm, type TransportErrorKey, type TransportsForm } from '../transports/form';

/**
 * The form stores whole minutes (hours × 60, rounded), so its shortest expiry is one minute;
 * the schema's own limits are "more than 0" and 7 days (lib/config/schema.ts). The field's
 * hint says both, in the hours the field is in.
 */
export const MIN_FORM_EXPIRY_MINUTES = 1;
export const EXPIRY_HINT = 'In hours: from 1 minute (0.02) to 7 days (168). Overrides switch themselves off after this.';

/**
 * The "Add site" / "Edit site" form as the user types it (strings and checkboxes), and its
 * conversion to a `Site`, with errors keyed by the field to show them next to. The catalogue
 * fields (provider, base URL, project…) are in lib/providers/source-form.ts, the sign-off tracker's in
 * lib/trackers/form.ts.
 */
export interface SiteForm extends CatalogueForm, TrackerForm {
  name: string;
  /** One host per line. */
  hosts: string;
  /** A token typed into the form. It goes to the secrets store when saved, never into the site. */
  token: string;
  /** Each transport's switch, name and other settings (lib/transports/form.ts). */
  transports: TransportsForm;
  expiryHours: string;
  /** A regular expression for ticket keys; empty for the defaults. */
  ticketPattern: string;
  /** Read the app's echo header, named `echoName`, for the flags a response used. */
  echoEnabled: boolean;
  echoName: string;
  /** Read `<meta name="feature-flags">`, `<script data-flag-values>` and `data-feature-flag` elements. */
  markers: boolean;
  /** Watch the page's client-side SDKs. */
  sdks: boolean;
  /** Also apply overrides inside those SDKs. Kept as set while `sdks` is off, so turning SDKs back on restores it. */
  forceInSdks: boolean;
  /** Keep the page URL's query and fragment in sign-off evidence. */
  evidenceFullUrl: boolean;
}
export type SiteFormField = keyof SiteForm;
export type SiteFormErrors = Partial<Record<SiteFormField | TransportErrorKey, string>>;

export type SiteFormResult = { ok: true; site: Site; warnings: string[] } | { ok: false; errors: SiteFormErrors };

/** A blank form, with the defaults a new site gets; `host` prefills the hosts. */
export function emptySiteForm(host = ''): SiteForm {
  return {
    ...emptyCatalogueForm(),
    ...emptyTrackerForm(),
    name: '',
    hosts: host.trim().toLowerCase(),
    token: '',
    transports: emptyTransportsForm(),
    expiryHours: String(DEFAULT_EXPIRY_MINUTES / 60),
    ticketPattern: '',
    evidenceFullUrl: false,
    ...detectionToForm(DEFAULT_DETECTION),
  };
}

export function siteToForm(site: Site): SiteForm {
  return {
    ...catalogueToForm(site.catalogue),
    ...trackerToForm(site.tracker),
    name: site.name,
    hosts: site.hosts.join('\n'),
    token: '',
    transports: transportsToForm(site.transports),
    expiryHours: String(Math.round((site.expiryMinutes / 60) * 100) / 100),
    ticketPattern: site.ticketPattern ?? '',
    evidenceFullUrl: site.evidenceFullUrl ?? false,
    ...detectionToForm(site.detection),
  };
}

function detectionToForm(detection: Site['detection']): Pick<SiteForm, 'echoEnabled' | 'echoName' | 'markers' | 'sdks' | 'forceInSdks'> {
  return {
    echoEnabled: detection.echoHeader.enabled,
    echoName: detection.echoHeader.name,
    markers: detection.markers,
    sdks: detection.sdks,
    forceInSdks: detection.forceInSdks,
  };
}

/**
 * A site id from its name: lowercase letters, digits and dashes, at most 64 characters.
 *
 * @example slugify('Shop (staging) — EU') // 'shop-staging-eu'
 */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/, '');
  return slug || 'site';
}

/**
 * A slug of `name` that no other site has, numbered when needed.
 *
 * @example uniqueSiteId('Shop', ['shop', 'shop-2']) // 'shop-3'
 */
export function uniqueSiteId(name: string, takenIds: Iterable<string>): string {
  const taken = new Set(takenIds);
  const base = slugify(name);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Hosts as typed: one per line (commas and spaces work too); a pasted URL keeps its host. */
export function parseHostLines(text: string): string[] {
  const hosts = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry) => (/^https?:\/\//i.test(entry) && URL.canParse(entry) ? new URL(entry).hostname : entry).toLowerCase());
  return [...new Set(hosts)];
}

/**
 * Validates the form into a site with the given id, against the other configured sites
 * (a host can belong to one site only).
 *
 * @example formToSite(form, { id: 'shop', otherSites: config.sites.filter((s) => s.id !== 'shop') })
 */
export function formToSite(form: SiteForm, context: { id: string; otherSites: readonly Site[] }): SiteFormResult {
  const errors: SiteFormErrors = {};
  const warnings: string[] = [];
  const hosts = parseHostLines(form.hosts);

  const hours = form.expiryHours.trim() === '' ? Number.NaN : Number(form.expiryHours);
  if (!Number.isFinite(hours)) errors.expiryHours = 'must be a number of hours, like 8 or 0.5';
  else if (Math.round(hours * 60) < MIN_FORM_EXPIRY_MINUTES) errors.expiryHours = 'must be at least 1 minute (0.02 hours)';
  else if (hours * 60 > MAX_EXPIRY_MINUTES) errors.expiryHours = 'must be at most 7 days (168 hours)';

  const catalogue = formToCatalogue(form);
  Object.assign(errors, catalogue.errors);
  // A typed token in a format the provider defines (a FLAGS_SECRET is 32 bytes) is checked before it is stored.
  const typedToken = form.token.trim();
  const tokenProblem = typedToken ? providerMeta(form.provider).token.check?.(typedToken) : undefined;
  if (tokenProblem) errors.token = tokenProblem;
  warnings.push(...catalogue.warnings);
  const tracker = formToTracker(form);

  const input: SiteInput = {
    id: context.id,
    name: form.name,
    hosts,
    catalogue: catalogue.input as SiteInput['catalogue'],
    transports: formToTransports(form.transports) as SiteInput['transports'],
    expiryMinutes: Number.isFinite(hours) ? Math.round(hours * 60) : DEFAULT_EXPIRY_MINUTES,
    detection: {
      echoHeader: { enabled: form.echoEnabled, name: form.echoName.trim() },
      markers: form.markers,
      sdks: form.sdks,
      forceInSdks: form.forceInSdks,
    },
    ...(form.ticketPattern.trim() ? { ticketPattern: form.ticketPattern.trim() } : {}),
    ...(form.evidenceFullUrl ? { evidenceFullUrl: true } : {}),
    ...(tracker ? { tracker: tracker as SiteInput['tracker'] } : {}),
  };

  const parsed = SiteSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [first, index] = issue.path;
      // The field says where; for a host, say which one.
      const message = first === 'hosts' && typeof index === 'number' ? `${JSON.stringify(hosts[index])} ${issue.message}` : issue.message;
      errors[fieldFor(issue.path, form)] ??= message;
    }
  }
  if (hosts.length === 0) errors.hosts = 'add at least one host, like shop.example.com';
  const clash = headerClash(form.transports);
  if (clash) errors[transportErrorKey(clash.id, 'name')] ??= clash.message;
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };

  const others = context.otherSites;
  for (const conflict of findSiteConflicts([...others, parsed.data])) {
    if (conflict.path[1] !== others.length) continue;
    if (conflict.path[2] === 'hosts') errors.hosts ??= conflict.message;
    else errors.name ??= conflict.message;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, site: parsed.data, warnings };
}

function fieldFor(path: readonly PropertyKey[], form: SiteForm): SiteFormField | TransportErrorKey {
  const [first, second] = path;
  if (first === 'hosts') return 'hosts';
  if (first === 'catalogue') return catalogueFieldFor(path.slice(1), form);
  if (first === 'tracker') return trackerFieldFor(path.slice(1), form);
  if (first === 'transports') return transportFieldFor(path.slice(1));
  if (first === 'expiryMinutes') return 'expiryHours';
  if (first === 'ticketPattern') return 'ticketPattern';
  if (first === 'detection') return second === 'markers' || second === 'sdks' || second === 'forceInSdks' ? second : 'echoName';
  return 'name';
}
