import { z } from '../../zod';
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
  total: z.nullish(z.number()),
  hasMore: z.nullish(z.boolean()),
  nextOffset: z.nullish(z.number()),
});

/** GrowthBook stores every value as a string ("true", "42", "{\"a\":1}"); accept plain ones too. */
export const StoredValue = z.union([z.string(), z.number(), z.boolean()]);
export type StoredValue = z.infer<typeof StoredValue>;

/** A variation of an experiment rule (`value`/`values`) or an experiment-ref rule (`variations`). */
export const VariationSchema = z.object({
  value: StoredValue,
  name: z.nullish(z.string()),
  variationId: z.nullish(z.string()),
});

/** The list of variations an experiment rule may give in `value` (see RuleSchema). */
export const VariationsSchema = z.array(VariationSchema);

/** One rule; which fields matter depends on `type` (force, rollout, experiment, experiment-ref, safe-rollout). */
export const RuleSchema = z.object({
  type: z.string(),
  enabled: z.nullish(z.boolean()),
  description: z.nullish(z.string()),
  /** A string for force and rollout rules; the list of variations for experiment rules. */
  value: z.optional(z.unknown()),
  values: z.nullish(z.array(VariationSchema)),
  variations: z.nullish(z.array(VariationSchema)),
  controlValue: z.nullish(StoredValue),
  variationValue: z.nullish(StoredValue),
});
export type Rule = z.infer<typeof RuleSchema>;

export const EnvironmentSchema = z.object({
  enabled: z.boolean(),
  defaultValue: z.nullish(StoredValue),
  rules: z.nullish(z.array(z.unknown())),
});

export const FeatureSchema = z.object({
  id: z.string(),
  description: z.nullish(z.string()),
  owner: z.nullish(z.string()),
  archived: z.nullish(z.boolean()),
  /** "boolean", "string", "number" or "json"; checked when the flag is built. */
  valueType: z.string(),
  defaultValue: z.nullish(StoredValue),
  tags: z.nullish(z.array(z.string())),
  /** Environment id → its state; only the configured one is read in full. */
  environments: z.nullish(DictSchema(z.unknown())),
  dateCreated: z.nullish(z.string()),
  dateUpdated: z.nullish(z.string()),
});
export type Feature = z.infer<typeof FeatureSchema>;
