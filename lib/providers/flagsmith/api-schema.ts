import { z } from '../../zod';

/**
 * The parts of Flagsmith's Admin API (https://docs.flagsmith.com/integrating-with-flagsmith/flagsmith-api-overview/admin-api)
 * that Flagtab reads. Lenient on purpose: unknown fields pass, optional fields may be null,
 * because self-hosted versions differ. Each item is checked on its own, so one odd feature is
 * skipped with a warning instead of failing the catalogue.
 */

/** Django REST Framework's page-number pagination: `next` is an absolute URL or null. */
export const PageSchema = z.object({
  count: z.nullish(z.number()),
  next: z.nullish(z.string()),
  results: z.array(z.unknown()),
});

const Primitive = z.union([z.string(), z.number(), z.boolean()]);

/** A typed value as Flagsmith stores it: `type` is "unicode", "int" or "bool". */
export const TypedValueSchema = z.object({
  type: z.nullish(z.string()),
  string_value: z.nullish(z.string()),
  integer_value: z.nullish(z.number()),
  boolean_value: z.nullish(z.boolean()),
});
export type TypedValue = z.infer<typeof TypedValueSchema>;

export const FeatureSchema = z.object({
  id: z.number(),
  /** The flag key SDKs ask for. */
  name: z.string(),
  description: z.nullish(z.string()),
  /** "STANDARD" or "MULTIVARIATE". */
  type: z.nullish(z.string()),
  initial_value: z.nullish(Primitive),
  default_enabled: z.nullish(z.boolean()),
  multivariate_options: z.nullish(z.array(TypedValueSchema)),
  /** Tag ids; their labels come from the project's tags. */
  tags: z.nullish(z.array(z.number())),
  created_date: z.nullish(z.string()),
  is_archived: z.nullish(z.boolean()),
  /** Counted only when the list is asked for with `?environment=<id>`. */
  num_segment_overrides: z.nullish(z.number()),
  /** Null on Edge projects, where Flagsmith does not count them. */
  num_identity_overrides: z.nullish(z.number()),
});
export type Feature = z.infer<typeof FeatureSchema>;

/** One feature's state in the environment (the list endpoint returns the environment defaults). */
export const FeatureStateSchema = z.object({
  feature: z.number(),
  enabled: z.boolean(),
  /** A plain value in list answers; the nested typed form appears in some versions. */
  feature_state_value: z.nullish(z.union([Primitive, TypedValueSchema])),
  /** The environment's numeric id, needed to ask for override counts. */
  environment: z.nullish(z.number()),
  identity: z.optional(z.unknown()),
  feature_segment: z.optional(z.unknown()),
  updated_at: z.nullish(z.string()),
});
export type FeatureState = z.infer<typeof FeatureStateSchema>;

export const TagSchema = z.object({ id: z.number(), label: z.string() });
