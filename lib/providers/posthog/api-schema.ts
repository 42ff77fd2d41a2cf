import { z } from 'zod';

/**
 * The parts of PostHog's "List all feature flags" answer that Flagtab reads
 * (https://posthog.com/docs/api/feature-flags). Lenient on purpose: unknown fields pass and
 * optional fields may be missing or null, as PostHog adds fields often.
 */

/** A release condition: who matches (property filters) and what share of them gets the flag. */
const GroupSchema = z.object({
  properties: z.array(z.unknown()).nullish(),
  /** Null means everyone who matches (100 %), as PostHog's flag matching treats it. */
  rollout_percentage: z.number().nullish(),
  /** A variant this condition forces, for multivariate flags. */
  variant: z.string().nullish(),
});

const VariantSchema = z.object({
  key: z.string().min(1),
  name: z.string().nullish(),
  rollout_percentage: z.number().nullish(),
});

export const PostHogFlagSchema = z.object({
  id: z.number().nullish(),
  key: z.string().min(1),
  /** PostHog calls the flag's description "name". */
  name: z.string().nullish(),
  filters: z
    .object({
      groups: z.array(GroupSchema).nullish(),
      multivariate: z.object({ variants: z.array(VariantSchema) }).nullish(),
      // filters.payloads (JSON sent to the app with each variant) is not read: it is the app's
      // configuration, not the flag's value, and overriding a flag does not change it.
    })
    .nullish(),
  active: z.boolean(),
  deleted: z.boolean().nullish(),
  tags: z.array(z.unknown()).nullish(),
  created_at: z.string().nullish(),
  /** Not in every PostHog version; the stale hint falls back to created_at. */
  updated_at: z.string().nullish(),
});
export type PostHogFlag = z.infer<typeof PostHogFlagSchema>;

/** Django REST Framework's limit/offset page: `next` is an absolute URL or null. */
export const PostHogPageSchema = z.object({
  count: z.number().nullish(),
  next: z.string().nullish(),
  results: z.array(z.unknown()),
});

