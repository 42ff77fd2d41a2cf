import { parseFlagsFile } from '../flags/flags-file';
import { providerMeta, type ProviderId } from './meta-registry';
import type { SourceField, SourceFieldSpec } from './meta-types';
import type { CatalogueSource } from './sources';

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

/** The form field → the key in the provider's source schema. */
export const SOURCE_KEY: Record<SourceField, string> = {
  baseUrl: 'baseUrl',
  project: 'project',
  environment: 'environment',
  ofrepContext: 'context',
  authHeader: 'authHeader',
};

function specOf(provider: ProviderId, field: SourceField): SourceFieldSpec | undefined {
  return providerMeta(provider).fields.find((spec) => spec.field === field);
}

/**
 * The text a field starts with: the source schema's default when it is text (the SaaS address,
 * the "default" project, the Authorization header), else empty. Read from the family's meta.ts,
 * which the architecture test holds to its source schema.
 *
 * @example fieldDefault('launchdarkly', 'baseUrl') // 'https://app.launchdarkly.com'
 */
export function fieldDefault(provider: ProviderId, field: SourceField): string {
  return specOf(provider, field)?.default ?? '';
}

/** Whether the field may be left out (it is optional or has a default, or the provider has no such field). */
export function fieldMayBeEmpty(provider: ProviderId, field: SourceField): boolean {
  const spec = specOf(provider, field);
  return !spec || spec.optional === true || spec.default !== undefined;
}

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
  // The source's own keys, read as the form shows them (keys from the family's meta, never the source's).
  const values = source as unknown as Record<string, unknown>;
  for (const { field } of providerMeta(source.provider).fields) {
    const value = values[SOURCE_KEY[field]];
    if (field === 'ofrepContext') {
      const context = (value ?? {}) as Record<string, unknown>;
      form[field] = Object.keys(context).length > 0 ? JSON.stringify(context, null, 2) : '';
    } else form[field] = typeof value === 'string' ? value : '';
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
  for (const { field } of providerMeta(form.provider).fields) {
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
