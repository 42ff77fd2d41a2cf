import { parseFlagsFile } from '../flags/flags-file';
import type { CatalogueSource, ProviderId } from './catalogue-source';
import { SOURCE_FIELDS, SOURCE_KEY, fieldDefault, fieldMayBeEmpty, type SourceField } from './provider-fields';

/**
 * The catalogue part of the site form, as typed: the provider, and the fields of its source.
 * Every provider's fields live side by side so that switching back and forth keeps what was
 * typed; only the chosen provider's fields become the site's catalogue.
 */
export interface CatalogueForm {
  provider: ProviderId;
  /** Flags file only: fetched from a URL, or pasted. */
  catalogueKind: 'url' | 'inline';
  catalogueUrl: string;
  catalogueInline: string;
  baseUrl: string;
  project: string;
  environment: string;
  /** OFREP's evaluation context, as JSON text. */
  ofrepContext: string;
  authHeader: string;
}
export type CatalogueFormField = keyof CatalogueForm;

export interface CatalogueFormResult {
  /** What to validate as the site's `catalogue`. */
  input: Record<string, unknown>;
  /** Problems found before the schema sees it (an unreadable pasted file, broken JSON). */
  errors: Partial<Record<CatalogueFormField, string>>;
  /** Problems in a pasted flags file that still leave it usable. */
  warnings: string[];
}

const SWITCHED: SourceField[] = ['baseUrl', 'project', 'authHeader'];

export function emptyCatalogueForm(): CatalogueForm {
  return {
    provider: 'flags-file',
    catalogueKind: 'url',
    catalogueUrl: '',
    catalogueInline: '',
    baseUrl: '',
    project: '',
    environment: '',
    ofrepContext: '',
    authHeader: '',
  };
}

export function catalogueToForm(source: CatalogueSource): CatalogueForm {
  const form = { ...emptyCatalogueForm(), provider: source.provider };
  if (source.provider === 'flags-file') {
    return { ...form, catalogueKind: source.url ? 'url' : 'inline', catalogueUrl: source.url ?? '', catalogueInline: source.inline ?? '' };
  }
  form.baseUrl = source.baseUrl;
  if ('project' in source) form.project = source.project ?? '';
  if ('environment' in source) form.environment = source.environment;
  if (source.provider === 'ofrep') {
    form.ofrepContext = Object.keys(source.context).length > 0 ? JSON.stringify(source.context, null, 2) : '';
    form.authHeader = source.authHeader;
  }
  return form;
}

/**
 * The form with another provider chosen: a field still empty or still holding the old
 * provider's default gets the new provider's default (its cloud address, say).
 *
 * @example switchProvider(form, 'launchdarkly').baseUrl // 'https://app.launchdarkly.com'
 */
export function switchProvider<F extends CatalogueForm>(form: F, provider: ProviderId): F {
  if (form.provider === provider) return form;
  const next = { ...form, provider };
  for (const field of SWITCHED) {
    const typed = form[field].trim();
    if (typed === '' || typed === fieldDefault(form.provider, field)) next[field] = fieldDefault(provider, field);
  }
  return next;
}

/** The site's `catalogue` as the form describes it, ready for the schema. */
export function formToCatalogue(form: CatalogueForm): CatalogueFormResult {
  const errors: CatalogueFormResult['errors'] = {};
  const warnings: string[] = [];
  if (form.provider === 'flags-file') {
    if (form.catalogueKind === 'url') {
      if (form.catalogueUrl.trim() === '') errors.catalogueUrl = 'enter the URL of the flags file, or choose "Paste the file"';
      return { input: { provider: 'flags-file', url: form.catalogueUrl.trim() }, errors, warnings };
    }
    if (form.catalogueInline.trim() === '') errors.catalogueInline = 'paste the flags file here, or choose "Fetch from a URL"';
    else {
      const parsed = parseFlagsFile(form.catalogueInline);
      if (!parsed.ok) errors.catalogueInline = parsed.error;
      else warnings.push(...parsed.warnings);
    }
    return { input: { provider: 'flags-file', inline: form.catalogueInline }, errors, warnings };
  }

  const input: Record<string, unknown> = { provider: form.provider };
  for (const { field } of SOURCE_FIELDS[form.provider]) {
    const text = form[field].trim();
    // Left empty: the schema's default applies, or its own "must name the …" message shows.
    if (text === '' && fieldMayBeEmpty(form.provider, field)) continue;
    if (field !== 'ofrepContext') input[SOURCE_KEY[field]] = text;
    else {
      const context = parseContext(text);
      if (typeof context === 'string') errors.ofrepContext = context;
      else input[SOURCE_KEY[field]] = context;
    }
  }
  return { input, errors, warnings };
}

/** The form field a schema issue under `catalogue` belongs to. */
export function catalogueFieldFor(path: readonly PropertyKey[], form: CatalogueForm): CatalogueFormField {
  if (form.provider === 'flags-file') return form.catalogueKind === 'url' ? 'catalogueUrl' : 'catalogueInline';
  const key = path[0];
  const field = (Object.keys(SOURCE_KEY) as SourceField[]).find((f) => SOURCE_KEY[f] === key);
  return field ?? 'provider';
}

/** The evaluation context object, or why the text is not one. */
function parseContext(text: string): Record<string, unknown> | string {
  const example = 'must be a JSON object, like { "targetingKey": "qa-user" }';
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : example;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return `${example} (${error.message})`;
  }
}
