import { z } from '../../zod';

/**
 * The parts of Unleash's Admin API answers that Flagtab reads, as Unleash 8.2 sends them
 * (checked against a real server; see tests/unleash). Lenient on purpose: unknown fields pass
 * and optional fields may be missing or null, so a new Unleash field never breaks a catalogue.
 */

/** GET /api/admin/projects/{project}/overview: the project's enabled environments. */
export const ProjectOverviewSchema = z.object({
  environments: z.array(z.object({ environment: z.string() })),
});

/**
 * GET /api/admin/projects/{project}/features: every live flag of the project with its state in
 * each of the project's environments, its creation date and when an SDK last reported it.
 */
export const ListedFeatureSchema = z.object({
  name: z.string().check(z.minLength(1)),
  createdAt: z.nullish(z.string()),
  stale: z.nullish(z.boolean()),
  environments: z.nullish(z.array(z.object({ name: z.string(), enabled: z.boolean(), lastSeenAt: z.nullish(z.string()) }))),
});
export type ListedFeature = z.infer<typeof ListedFeatureSchema>;
export const FeatureListSchema = z.object({ features: z.array(z.unknown()) });

/** A variant's payload: Unleash stores every payload value as a string. */
const PayloadSchema = z.object({ type: z.string(), value: z.string() });
export const UnleashVariantSchema = z.object({ name: z.string().check(z.minLength(1)), payload: z.nullish(PayloadSchema) });
export type UnleashVariant = z.infer<typeof UnleashVariantSchema>;

export const ExportedFeatureSchema = z.object({
  name: z.string().check(z.minLength(1)),
  description: z.nullish(z.string()),
  /** Unleash's flag type: release, experiment, operational, kill-switch, permission… */
  type: z.nullish(z.string()),
  stale: z.nullish(z.boolean()),
  archived: z.nullish(z.boolean()),
});
export type ExportedFeature = z.infer<typeof ExportedFeatureSchema>;

/**
 * POST /api/admin/features-batch/export with { environment, project }: the flags, and their
 * strategies, state and (legacy, environment-level) variants in that one environment, tags
 * and feature links (Unleash 7+). Lists are checked item by item (the schemas below), so one
 * odd entry is skipped with a warning instead of failing the catalogue.
 */
export const ExportSchema = z.object({
  features: z.array(z.unknown()),
  featureStrategies: z.nullish(z.array(z.unknown())),
  featureEnvironments: z.nullish(z.array(z.unknown())),
  featureTags: z.nullish(z.array(z.unknown())),
  links: z.nullish(z.array(z.unknown())),
});
export type UnleashExport = z.infer<typeof ExportSchema>;

export const ExportedStrategySchema = z.object({ featureName: z.string(), variants: z.nullish(z.array(z.unknown())) });
export const ExportedEnvironmentSchema = z.object({ featureName: z.string(), enabled: z.boolean(), variants: z.nullish(z.array(z.unknown())) });
export const ExportedTagSchema = z.object({ featureName: z.string(), tagType: z.string(), tagValue: z.string() });
export const ExportedLinksSchema = z.object({
  feature: z.string(),
  links: z.array(z.object({ url: z.string(), title: z.nullish(z.string()) })),
});

/** GET /api/admin/feature-types: how long each type of flag is expected to live. */
export const FeatureTypesSchema = z.object({
  types: z.array(z.object({ id: z.string(), name: z.nullish(z.string()), lifetimeDays: z.nullish(z.number()) })),
});
