import { z } from 'zod';

/**
 * The parts of Flagsmith's Admin API (https://docs.flagsmith.com/integrating-with-flagsmith/flagsmith-api-overview/admin-api)
 * that Flagtab reads. Lenient on purpose: unknown fields pass, optional fields may be null,
 * because self-hosted versions differ. Each item is checked on its own, so one odd feature is
 * skipped with a warning instead of failing the catalogue.
 */

/** Django REST Framework's page-number pagination: `next` is an absolute URL or null. */
export const PageSchema = z.object({
  count: z.number().nullish(),
  next: z.string().nullish(),
  results: z.array(z.unknown()),
});

const Primitive = z.union([z.string(), z.number(), z.boolean()]);

/** A typed value as Flagsmith stores it: `type` is "unicode", "int" or "bool". */
export const TypedValueSchema = z.object({
  type: z.string().nullish(),
  string_value: z.string().nullish(),
  integer_value: z.number().nullish(),
  boolean_value: z.boolean().nullish(),
});
export type TypedValue = z.infer<typeof TypedValueSchema>;

export const FeatureSchema = z.object({
  id: z.number(),
  /** The flag key SDKs ask for. */
  name: z.string(),
  description: z.string().nullish(),
  /** "STANDARD" or "MULTIVARIATE". */
  type: z.string().nullish(),
  initial_value: Primitive.nullish(),
  default_enabled: z.boolean().nullish(),
  multivariate_options: z.array(TypedValueSchema).nullish(),
  /** Tag ids; their labels come from the project's tags. */
  tags: z.array(z.number()).nullish(),
  created_date: z.string().nullish(),
  is_archived: z.boolean().nullish(),
  /** Counted only when the list is asked for with `?environment=<id>`. */
  num_segment_overrides: z.number().nullish(),
  /** Null on Edge projects, where Flagsmith does not count them. */
  num_identity_overrides: z.number().nullish(),
});
export type Feature = z.infer<typeof FeatureSchema>;

/** One feature's state in the environment (the list endpoint returns the environment defaults). */
export const FeatureStateSchema = z.object({
  feature: z.number(),
  enabled: z.boolean(),
  /** A plain value in list answers; the nested typed form appears in some versions. */
  feature_state_value: z.union([Primitive, TypedValueSchema]).nullish(),
  /** The environment's numeric id, needed to ask for override counts. */
  environment: z.number().nullish(),
  identity: z.unknown().optional(),
  feature_segment: z.unknown().optional(),
  updated_at: z.string().nullish(),
});
export type FeatureState = z.infer<typeof FeatureStateSchema>;

export const TagSchema = z.object({ id: z.number(), label: z.string() });
