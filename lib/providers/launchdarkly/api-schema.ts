import { z } from 'zod';
import { DictSchema } from '../../dict-schema';
import { JsonValueSchema } from '../../json';

/**
 * The parts of LaunchDarkly's REST API v2 "List feature flags" answer that Flagtab reads
 * (https://launchdarkly.com/docs/api/feature-flags/list-feature-flags). Lenient on purpose:
 * unknown fields pass, optional fields may be missing or null, so a new API field never
 * breaks a catalogue. Field names follow the API's JSON (`_site`, `_links`, `creationDate`).
 */

const Link = z.object({ href: z.string() });
const Count = z.array(z.unknown()).nullish();

/** One environment's configuration of a flag; targets and rules come only with `summary=0`. */
export const EnvironmentConfigSchema = z.object({
  on: z.boolean(),
  archived: z.boolean().nullish(),
  lastModified: z.number().nullish(),
  offVariation: z.number().int().nullish(),
  /** Either one variation index, or a percentage rollout across several. */
  fallthrough: z.object({ variation: z.number().int().nullish(), rollout: z.unknown().optional() }).nullish(),
  rules: Count,
  targets: Count,
  contextTargets: Count,
  prerequisites: Count,
  _site: Link.nullish(),
  _environmentName: z.string().nullish(),
});
export type LaunchDarklyEnvironment = z.infer<typeof EnvironmentConfigSchema>;

export const VariationSchema = z.object({
  value: JsonValueSchema,
  name: z.string().nullish(),
  description: z.string().nullish(),
});

export const FeatureFlagSchema = z.object({
  key: z.string().min(1),
  name: z.string().nullish(),
  description: z.string().nullish(),
  /** "boolean" or "multivariate". */
  kind: z.string().nullish(),
  creationDate: z.number().nullish(),
  variations: z.array(VariationSchema),
  temporary: z.boolean().nullish(),
  tags: z.array(z.string()).nullish(),
  archived: z.boolean().nullish(),
  /** The variations new environments start with; `offVariation` is the flag-wide fallback. */
  defaults: z.object({ onVariation: z.number().int().nullish(), offVariation: z.number().int().nullish() }).nullish(),
  /** Integration data, e.g. { "jira.issues": { name: "Jira issues", value: ["SHOP-142"] } }. */
  customProperties: DictSchema(z.object({ name: z.string().nullish(), value: z.array(z.string()).nullish() })).nullish(),
  /** Only the environments the request asked for (`env=`) are listed. */
  environments: DictSchema(EnvironmentConfigSchema).nullish(),
});
export type LaunchDarklyFlag = z.infer<typeof FeatureFlagSchema>;

/** One page of the list; items are checked one by one so one odd flag does not fail the page. */
export const FlagPageSchema = z.object({
  items: z.array(z.unknown()),
  totalCount: z.number().nullish(),
  /** `next.href` is relative to the API host, e.g. "/api/v2/flags/shop?offset=100&…". */
  _links: z.object({ next: Link.nullish() }).nullish(),
});

