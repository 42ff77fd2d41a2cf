import { z } from '../../zod';

/**
 * The parts of PostHog's "List all feature flags" answer that Flagtab reads
 * (https://posthog.com/docs/api/feature-flags). Lenient on purpose: unknown fields pass and
 * optional fields may be missing or null, as PostHog adds fields often.
 */

/** A release condition: who matches (property filters) and what share of them gets the flag. */
const GroupSchema = z.object({
  properties: z.nullish(z.array(z.unknown())),
  /** Null means everyone who matches (100 %), as PostHog's flag matching treats it. */
  rollout_percentage: z.nullish(z.number()),
  /** A variant this condition forces, for multivariate flags. */
  variant: z.nullish(z.string()),
});

const VariantSchema = z.object({
  key: z.string().check(z.minLength(1)),
  name: z.nullish(z.string()),
  rollout_percentage: z.nullish(z.number()),
});

export const PostHogFlagSchema = z.object({
  id: z.nullish(z.number()),
  key: z.string().check(z.minLength(1)),
  /** PostHog calls the flag's description "name". */
  name: z.nullish(z.string()),
  filters: z.nullish(
    z.object({
      groups: z.nullish(z.array(GroupSchema)),
      multivariate: z.nullish(z.object({ variants: z.array(VariantSchema) })),
      // filters.payloads (JSON sent to the app with each variant) is not read: it is the app's
      // configuration, not the flag's value, and overriding a flag does not change it.
    }),
  ),
  active: z.boolean(),
  deleted: z.nullish(z.boolean()),
  tags: z.nullish(z.array(z.unknown())),
  created_at: z.nullish(z.string()),
  /** Not in every PostHog version; the stale hint falls back to created_at. */
  updated_at: z.nullish(z.string()),
});
export type PostHogFlag = z.infer<typeof PostHogFlagSchema>;

/** Django REST Framework's limit/offset page: `next` is an absolute URL or null. */
export const PostHogPageSchema = z.object({
  count: z.nullish(z.number()),
  next: z.nullish(z.string()),
  results: z.array(z.unknown()),
});

