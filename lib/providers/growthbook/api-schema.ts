import { z } from 'zod';
import { DictSchema } from '../../dict-schema';

/**
 * The parts of GrowthBook's REST API (https://docs.growthbook.io/api, GET /api/v1/features)
 * that Flagtab reads. Lenient on purpose: unknown fields pass and optional fields may be
 * missing, since self-hosted versions differ. Each feature is checked on its own, so one odd
 * feature is skipped with a warning instead of failing the catalogue.
 */

/** GrowthBook's offset pagination; `nextOffset` is null on the last page. */
export const PageSchema = z.object({
  features: z.array(z.unknown()),
  total: z.number().nullish(),
  hasMore: z.boolean().nullish(),
  nextOffset: z.number().nullish(),
});

/** GrowthBook stores every value as a string ("true", "42", "{\"a\":1}"); accept plain ones too. */
export const StoredValue = z.union([z.string(), z.number(), z.boolean()]);
export type StoredValue = z.infer<typeof StoredValue>;

/** A variation of an experiment rule (`value`/`values`) or an experiment-ref rule (`variations`). */
export const VariationSchema = z.object({
  value: StoredValue,
  name: z.string().nullish(),
  variationId: z.string().nullish(),
});

/** One rule; which fields matter depends on `type` (force, rollout, experiment, experiment-ref, safe-rollout). */
export const RuleSchema = z.object({
  type: z.string(),
  enabled: z.boolean().nullish(),
  description: z.string().nullish(),
  /** A string for force and rollout rules; the list of variations for experiment rules. */
  value: z.unknown().optional(),
  values: z.array(VariationSchema).nullish(),
  variations: z.array(VariationSchema).nullish(),
  controlValue: StoredValue.nullish(),
  variationValue: StoredValue.nullish(),
});
export type Rule = z.infer<typeof RuleSchema>;

export const EnvironmentSchema = z.object({
  enabled: z.boolean(),
  defaultValue: StoredValue.nullish(),
  rules: z.array(z.unknown()).nullish(),
});

export const FeatureSchema = z.object({
  id: z.string(),
  description: z.string().nullish(),
  owner: z.string().nullish(),
  archived: z.boolean().nullish(),
  /** "boolean", "string", "number" or "json"; checked when the flag is built. */
  valueType: z.string(),
  defaultValue: StoredValue.nullish(),
  tags: z.array(z.string()).nullish(),
  /** Environment id → its state; only the configured one is read in full. */
  environments: DictSchema(z.unknown()).nullish(),
  dateCreated: z.string().nullish(),
  dateUpdated: z.string().nullish(),
});
export type Feature = z.infer<typeof FeatureSchema>;
