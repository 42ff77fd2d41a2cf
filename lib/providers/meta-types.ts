import type { z } from 'zod';
import { CatalogueSourceSchema, type ProviderId } from './catalogue-source';

/**
 * The fields the site form shows for each provider API, in plain words. Which fields exist,
 * their defaults and whether they may stay empty come from the source schemas in
 * catalogue-source.ts, so the form cannot drift from what the configuration accepts.
 */
export type ApiProviderId = Exclude<ProviderId, 'flags-file'>;
export type SourceField = 'baseUrl' | 'project' | 'environment' | 'ofrepContext' | 'authHeader';

export interface SourceFieldSpec {
  field: SourceField;
  label: string;
  /** Where to find the value, in a sentence. */
  hint: string;
  placeholder?: string;
}

/** The form field → the key in the provider's source schema. */
export const SOURCE_KEY: Record<SourceField, string> = {
  baseUrl: 'baseUrl',
  project: 'project',
  environment: 'environment',
  ofrepContext: 'context',
  authHeader: 'authHeader',
};

const keepDefault = (elsewhere: string) => `Leave it as it is for the cloud service; ${elsewhere}.`;

export const SOURCE_FIELDS: Record<ApiProviderId, SourceFieldSpec[]> = {
  unleash: [
    { field: 'baseUrl', label: 'Unleash URL', placeholder: 'https://unleash.example.com', hint: 'The address you open Unleash at, without /api.' },
    { field: 'project', label: 'Project id', hint: 'In the project\'s address (…/projects/<id>); "default" unless your team made others.' },
    { field: 'environment', label: 'Environment', placeholder: 'production', hint: 'The environment testers test, as Unleash names it, like production.' },
  ],
  launchdarkly: [
    { field: 'baseUrl', label: 'API URL', hint: keepDefault('https://app.eu.launchdarkly.com for the EU instance, https://app.launchdarkly.us for the federal one') },
    { field: 'project', label: 'Project key', placeholder: 'default', hint: 'Account settings → Projects lists each project\'s key (not its name).' },
    { field: 'environment', label: 'Environment key', placeholder: 'production', hint: 'Listed under the project in Account settings → Projects, like production.' },
  ],
  flagsmith: [
    { field: 'baseUrl', label: 'API URL', hint: keepDefault('for your own Flagsmith, its API address without /api/v1') },
    { field: 'project', label: 'Project id', placeholder: '12345', hint: 'The number in the project\'s address in Flagsmith (…/project/<id>/…).' },
    { field: 'environment', label: 'Environment key', hint: 'The project\'s Environments page shows each environment\'s client-side key.' },
  ],
  growthbook: [
    { field: 'baseUrl', label: 'API URL', hint: keepDefault('for your own GrowthBook, its API address (often port 3100) without /api/v1') },
    { field: 'project', label: 'Project id (optional)', placeholder: 'prj_…', hint: 'Settings → Projects shows ids like prj_abc123. Leave it empty for every feature.' },
    { field: 'environment', label: 'Environment', placeholder: 'production', hint: 'The environment id from Settings → Environments, like production.' },
  ],
  posthog: [
    { field: 'baseUrl', label: 'PostHog URL', hint: 'https://us.posthog.com or https://eu.posthog.com, or the address of your own PostHog.' },
    { field: 'project', label: 'Project id', placeholder: '12345', hint: 'The number shown in Settings → Project (also in the address: …/project/<id>).' },
  ],
  ofrep: [
    { field: 'baseUrl', label: 'Service URL', placeholder: 'https://flags.example.com', hint: 'Where the OFREP service runs (flagd, or your flag service), without /ofrep/v1.' },
    { field: 'ofrepContext', label: 'Evaluation context (JSON)', placeholder: '{ "targetingKey": "qa-user" }', hint: 'Who the flags are evaluated for, as a JSON object. Empty sends no context.' },
    { field: 'authHeader', label: 'Token header', hint: 'The request header that carries the token. With Authorization, Flagtab sends "Bearer <token>".' },
  ],
};

/** The schema of one form field of a provider's source, if the provider has that field. */
function schemaOf(provider: ProviderId, field: SourceField): z.ZodType | undefined {
  const option = CatalogueSourceSchema.options.find((o) => o.shape.provider.value === provider);
  return (option?.shape as Record<string, z.ZodType> | undefined)?.[SOURCE_KEY[field]];
}

/**
 * The text a field starts with: the schema's default when it is text (the SaaS address, the
 * "default" project, the Authorization header), else empty.
 *
 * @example fieldDefault('launchdarkly', 'baseUrl') // 'https://app.launchdarkly.com'
 */
export function fieldDefault(provider: ProviderId, field: SourceField): string {
  const parsed = schemaOf(provider, field)?.safeParse(undefined);
  return parsed?.success && typeof parsed.data === 'string' ? parsed.data : '';
}

/** Whether the field may be left out (it is optional or has a default). */
export function fieldMayBeEmpty(provider: ProviderId, field: SourceField): boolean {
  return schemaOf(provider, field)?.safeParse(undefined).success ?? true;
}
