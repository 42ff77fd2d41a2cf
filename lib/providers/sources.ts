import { z } from 'zod';
import { BaseUrl, HttpUrl } from '../url-schema';

/**
 * Where a site's flag catalogue comes from: a flags file, or one of the provider APIs.
 * Tokens are not part of this: they live in the secrets store (lib/secrets), so that a
 * configuration can be exported and shared without them.
 */

const Name = (what: string) => z.string().trim().min(1, `must name the ${what}`).max(200);

const FlagsFileSource = z
  .object({
    provider: z.literal('flags-file'),
    /** URL of a flagd flag-definition file or a plain list; fetched by the background. */
    url: HttpUrl('https://flags.example.com/flags.json').optional().describe('URL of a flagd flag-definition file or a JSON list of flags.'),
    /** The file's text, pasted, when there is no URL. */
    inline: z.string().optional().describe('The flags file itself, pasted, when there is no URL.'),
  })
  .refine((s) => Boolean(s.url) !== Boolean(s.inline), {
    message: 'give either "url" or "inline" (the pasted file), not both and not neither',
  });

const UnleashSource = z.object({
  provider: z.literal('unleash'),
  baseUrl: BaseUrl('https://unleash.example.com').describe('Where Unleash runs, without /api.'),
  project: Name('project').default('default').describe('The Unleash project id.'),
  environment: Name('environment').describe('The environment testers test, e.g. "production".'),
});

const LaunchDarklySource = z.object({
  provider: z.literal('launchdarkly'),
  baseUrl: BaseUrl('https://app.launchdarkly.com').default('https://app.launchdarkly.com').describe('LaunchDarkly\'s API host; change it for the EU or federal instances.'),
  project: Name('project').describe('The project key.'),
  environment: Name('environment').describe('The environment key, e.g. "production".'),
});

const FlagsmithSource = z.object({
  provider: z.literal('flagsmith'),
  baseUrl: BaseUrl('https://api.flagsmith.com').default('https://api.flagsmith.com').describe('Flagsmith\'s API host, without /api/v1.'),
  project: z.string().trim().regex(/^\d+$/, 'must be the numeric project id (in the project\'s URL)').describe('The numeric project id.'),
  environment: Name('environment key').describe('The environment\'s client-side key, e.g. "ser.abc…" or "Kq3…".'),
});

const GrowthBookSource = z.object({
  provider: z.literal('growthbook'),
  baseUrl: BaseUrl('https://api.growthbook.io').default('https://api.growthbook.io').describe('GrowthBook\'s API host, without /api/v1.'),
  project: z.string().trim().max(200).optional().describe('A project id to list only its features; empty for all.'),
  environment: Name('environment').describe('The environment id, e.g. "production".'),
});

const PostHogSource = z.object({
  provider: z.literal('posthog'),
  baseUrl: BaseUrl('https://us.posthog.com').default('https://us.posthog.com').describe('PostHog\'s host: https://us.posthog.com, https://eu.posthog.com or your own.'),
  project: z.string().trim().regex(/^\d+$/, 'must be the numeric project id (Settings → Project)').describe('The numeric project id.'),
});

const OfrepSource = z.object({
  provider: z.literal('ofrep'),
  baseUrl: BaseUrl('https://flags.example.com').describe('Where the OFREP service runs, without /ofrep/v1.'),
  /** The evaluation context sent with the bulk evaluation, e.g. { "targetingKey": "qa-user" }. */
  context: z.record(z.string(), z.json()).default({}).describe('Evaluation context sent with the bulk evaluation.'),
  /** The header that carries the token; sent as "Bearer <token>" for Authorization. */
  authHeader: z
    .string()
    .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name')
    .default('Authorization')
    .describe('The header that carries the token ("Authorization" sends "Bearer <token>").'),
});

export const PROVIDER_IDS = ['flags-file', 'unleash', 'launchdarkly', 'flagsmith', 'growthbook', 'posthog', 'ofrep'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export const CatalogueSourceSchema = z.discriminatedUnion(
  'provider',
  [FlagsFileSource, UnleashSource, LaunchDarklySource, FlagsmithSource, GrowthBookSource, PostHogSource, OfrepSource],
  { error: `must be one of ${PROVIDER_IDS.map((p) => `"${p}"`).join(', ')}` },
);
export type CatalogueSource = z.infer<typeof CatalogueSourceSchema>;
export type CatalogueSourceOf<P extends ProviderId> = Extract<CatalogueSource, { provider: P }>;

/** The origin a catalogue is fetched from, which needs host access (and receives the token). */
export function catalogueOrigin(source: CatalogueSource): string | undefined {
  const url = source.provider === 'flags-file' ? source.url : source.baseUrl;
  return url ? new URL(url).origin : undefined;
}
