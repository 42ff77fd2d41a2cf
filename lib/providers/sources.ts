import { z } from '../zod';
import { FlagsFileSource } from './flags-file/source';
import { FlagsmithSource } from './flagsmith/source';
import { GrowthBookSource } from './growthbook/source';
import { LaunchDarklySource } from './launchdarkly/source';
import { PROVIDER_IDS, type ProviderId } from './meta-registry';
import { OfrepSource } from './ofrep/source';
import { PostHogSource } from './posthog/source';
import { UnleashSource } from './unleash/source';
import { VercelSource } from './vercel/source';
import { deferred } from '../lazy-schema';

/**
 * Where a site's flag catalogue comes from: a flags file, or one of the provider APIs. Each
 * family's source schema lives in its folder (lib/providers/<name>/source.ts); this is the
 * registry of them. Tokens are not part of this: they live in the secrets store (lib/secrets),
 * so that a configuration can be exported and shared without them.
 */
export const CatalogueSourceSchema = deferred(() => z.discriminatedUnion(
  'provider',
  // In the picker's order (PROVIDER_IDS): the config file's JSON Schema lists them so.
  [FlagsFileSource, UnleashSource, LaunchDarklySource, FlagsmithSource, GrowthBookSource, PostHogSource, OfrepSource, VercelSource],
  { error: `must be one of ${PROVIDER_IDS.map((p) => `"${p}"`).join(', ')}` },
));
export type CatalogueSource = z.infer<typeof CatalogueSourceSchema>;
export type CatalogueSourceOf<P extends ProviderId> = Extract<CatalogueSource, { provider: P }>;

/** Fails to compile when a provider in meta-registry.ts has no source schema here, or the reverse. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const everyProviderHasASource: Same<CatalogueSource['provider'], ProviderId> = true;
void everyProviderHasASource;

export { catalogueOrigin } from './origin';
