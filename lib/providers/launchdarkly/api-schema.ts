import { z } from '../../zod';
import { DictSchema } from '../../dict-schema';
import { JsonValueSchema } from '../../json';

/**
 * The parts of LaunchDarkly's REST API v2 "List feature flags" answer that Flagtab reads
 * (https://launchdarkly.com/docs/api/feature-flags/list-feature-flags). Lenient on purpose:
 * unknown fields pass, optional fields may be missing or null, so a new API field never
 * breaks a catalogue. Field names follow the API's JSON (`_site`, `_links`, `creationDate`).
 */

const Link = z.object({ href: z.string() });
const Count = z.nullish(z.array(z.unknown()));

/** One environment's configuration of a flag; targets and rules come only with `summary=0`. */
export const EnvironmentConfigSchema = z.object({
  on: z.boolean(),
  archived: z.nullish(z.boolean()),
  lastModified: z.nullish(z.number()),
  offVariation: z.nullish(z.int()),
  /** Either one variation index, or a percentage rollout across several. */
  fallthrough: z.nullish(z.object({ variation: z.nullish(z.int()), rollout: z.optional(z.unknown()) })),
  rules: Count,
  targets: Count,
  contextTargets: Count,
  prerequisites: Count,
  _site: z.nullish(Link),
  _environmentName: z.nullish(z.string()),
});
export type LaunchDarklyEnvironment = z.infer<typeof EnvironmentConfigSchema>;

export const VariationSchema = z.object({
  value: JsonValueSchema,
  name: z.nullish(z.string()),
  description: z.nullish(z.string()),
});

export const FeatureFlagSchema = z.object({
  key: z.string().check(z.minLength(1)),
  name: z.nullish(z.string()),
  description: z.nullish(z.string()),
  /** "boolean" or "multivariate". */
  kind: z.nullish(z.string()),
  creationDate: z.nullish(z.number()),
  variations: z.array(VariationSchema),
  temporary: z.nullish(z.boolean()),
  tags: z.nullish(z.array(z.string())),
  archived: z.nullish(z.boolean()),
  /** The variations new environments start with; `offVariation` is the flag-wide fallback. */
  defaults: z.nullish(z.object({ onVariation: z.nullish(z.int()), offVariation: z.nullish(z.int()) })),
  /** Integration data, e.g. { "jira.issues": { name: "Jira issues", value: ["SHOP-142"] } }. */
  customProperties: z.nullish(DictSchema(z.object({ name: z.nullish(z.string()), value: z.nullish(z.array(z.string())) }))),
  /** Only the environments the request asked for (`env=`) are listed. */
  environments: z.nullish(DictSchema(EnvironmentConfigSchema)),
});
export type LaunchDarklyFlag = z.infer<typeof FeatureFlagSchema>;

/** One page of the list; items are checked one by one so one odd flag does not fail the page. */
export const FlagPageSchema = z.object({
  items: z.array(z.unknown()),
  totalCount: z.nullish(z.number()),
  /** `next.href` is relative to the API host, e.g. "/api/v2/flags/shop?offset=100&…". */
  _links: z.nullish(z.object({ next: z.nullish(Link) })),
});

