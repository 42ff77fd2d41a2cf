import type { z } from '../../zod';
import { ProviderError } from '../errors';
import { describeZodIssue } from '../pages';
import {
  ExportedEnvironmentSchema,
  ExportedFeatureSchema,
  ExportedLinksSchema,
  ExportedStrategySchema,
  ExportedTagSchema,
  ExportSchema,
  FeatureListSchema,
  FeatureTypesSchema,
  ListedFeatureSchema,
  UnleashVariantSchema,
  type ListedFeature,
  type UnleashVariant,
} from './api-schema';
import type { UnleashContext, UnleashFlagParts } from './normalise';

const MAX_WARNINGS = 20;

/**
 * Joins the export (flags, strategies, tags, links in one environment) with the project's flag
 * list (dates, every environment's state) into one bundle per live flag. Items that are not in
 * the documented shape are skipped, each with a warning; an answer that is not the documented
 * shape at all is a ProviderError.
 */
export function readFlags(exportBody: unknown, listBody: unknown, warnings: string[]): UnleashFlagParts[] {
  const exported = parse(ExportSchema, exportBody, 'export (POST /api/admin/features-batch/export)');
  const list = parse(FeatureListSchema, listBody, 'flag list (GET /api/admin/projects/…/features)');
  const skip = (what: string) => (issue: string) => {
    // A server that sends thousands of odd items gets a few examples, not a wall of text.
    if (warnings.length < MAX_WARNINGS) warnings.push(`Skipped ${what} from Unleash: ${issue}.`);
  };

  const listed = new Map<string, ListedFeature>();
  for (const item of items(list.features, ListedFeatureSchema, skip('a listed flag'))) listed.set(item.name, item);

  const parts = new Map<string, UnleashFlagParts>();
  for (const feature of items(exported.features, ExportedFeatureSchema, skip('a flag'))) {
    if (feature.archived || parts.has(feature.name)) continue;
    parts.set(feature.name, { feature, listed: listed.get(feature.name), variants: [], tags: [], links: [] });
  }
  const legacy = new Map<string, UnleashVariant[]>();
  const variantsOf = (name: string, list: unknown[] | null | undefined) =>
    items(list ?? [], UnleashVariantSchema, skip(`a variant of flag ${JSON.stringify(name.slice(0, 80))}`));

  for (const strategy of items(exported.featureStrategies ?? [], ExportedStrategySchema, skip('a strategy'))) {
    parts.get(strategy.featureName)?.variants.push(...variantsOf(strategy.featureName, strategy.variants));
  }
  for (const env of items(exported.featureEnvironments ?? [], ExportedEnvironmentSchema, skip('an environment state'))) {
    const flag = parts.get(env.featureName);
    if (!flag) continue;
    flag.enabled = env.enabled;
    legacy.set(env.featureName, variantsOf(env.featureName, env.variants));
  }
  // Environment-level variants predate strategy variants; older flags may still carry them.
  for (const [name, variants] of legacy) parts.get(name)?.variants.push(...variants);
  for (const tag of items(exported.featureTags ?? [], ExportedTagSchema, skip('a tag'))) {
    parts.get(tag.featureName)?.tags.push({ type: tag.tagType, value: tag.tagValue });
  }
  for (const group of items(exported.links ?? [], ExportedLinksSchema, skip('a flag\'s links'))) {
    parts.get(group.feature)?.links.push(...group.links);
  }
  return [...parts.values()];
}

/** Feature type id → name and expected lifetime, for the "potentially stale" hint. */
export function readLifetimes(body: unknown): UnleashContext['lifetimes'] {
  const types = parse(FeatureTypesSchema, body, 'feature types (GET /api/admin/feature-types)');
  return new Map(types.types.map((t) => [t.id, { name: t.name || t.id, days: t.lifetimeDays ?? null }]));
}

export function parse<T>(schema: z.ZodMiniType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ProviderError('bad-response', `Unleash's ${what} is not in the documented shape (${describeZodIssue(parsed.error)}).`);
  return parsed.data;
}

function items<T>(list: unknown[], schema: z.ZodMiniType<T>, onSkip: (issue: string) => void): T[] {
  const good: T[] = [];
  for (const item of list) {
    const parsed = schema.safeParse(item);
    if (parsed.success) good.push(parsed.data);
    else onSkip(describeZodIssue(parsed.error));
  }
  return good;
}
