import { makeFlag, type Flag, type FlagLink, type FlagType, type Variant } from '../../flags/flag';
import { dict, dictFrom } from '../../dict';
import type { JsonValue } from '../../json';
import type { LaunchDarklyEnvironment, LaunchDarklyFlag } from './api-schema';

/** A temporary flag unchanged this long while serving one variation to everyone looks finished. */
export const STALE_AFTER_MS = 30 * 24 * 60 * 60 * 1000;

interface Where {
  baseUrl: string;
  environment: string;
  now: number;
}

/**
 * Turns one LaunchDarkly flag into Flagtab's shape, as it is in the configured environment.
 *
 * @example toFlag(item, { baseUrl: 'https://app.launchdarkly.com', environment: 'production', now: Date.now() })
 */
export function toFlag(flag: LaunchDarklyFlag, where: Where): Flag {
  const env = flag.environments?.[where.environment] ?? undefined;
  const valueAt = (index: number | null | undefined) => (index == null ? undefined : flag.variations[index]?.value);
  const offValue = valueAt(env?.offVariation ?? flag.defaults?.offVariation);
  // Only the environment says what is served; `defaults` are for environments created later.
  const defaultValue = env ? (env.on ? valueAt(env.fallthrough?.variation) : offValue) : undefined;
  const variants = flag.variations.map((v): Variant => {
    const variant: Variant = { name: variationName(v), value: v.value };
    if (v.description) variant.description = v.description;
    return variant;
  });
  const { metadata, links } = fromCustomProperties(flag.customProperties);
  const site = env?._site?.href ? httpUrl(env._site.href, where.baseUrl) : undefined;
  if (site) links.unshift({ url: site, title: `Open in LaunchDarkly (${where.environment})` });
  return makeFlag({
    key: flag.key,
    name: flag.name || undefined,
    description: flag.description || undefined,
    type: typeOf(flag.kind, flag.variations.map((v) => v.value)),
    variants,
    defaultValue,
    offValue,
    enabled: env?.on,
    environments: flag.environments ? dictFrom(Object.entries(flag.environments).map(([key, e]) => [key, { enabled: e.on }])) : undefined,
    tags: flag.tags ?? [],
    links,
    metadata: Object.keys(metadata).length ? metadata : undefined,
    createdAt: flag.creationDate ?? undefined,
    updatedAt: env?.lastModified ?? undefined,
    stale: staleHint(flag, env, where),
  });
}

/** LaunchDarkly says "boolean" or "multivariate"; the values say which kind of multivariate. */
function typeOf(kind: string | null | undefined, values: JsonValue[]): FlagType {
  if (values.length === 0) return kind === 'boolean' ? 'boolean' : 'json';
  if (values.every((v) => typeof v === 'boolean')) return 'boolean';
  if (values.every((v) => typeof v === 'string')) return 'string';
  if (values.every((v) => typeof v === 'number')) return 'number';
  return 'json';
}

/** An unnamed variation is called by its value, kept short enough for a menu. */
function nameOf(value: JsonValue): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * Custom properties (Jira issues, owners…) become metadata, where lib/tickets finds ticket
 * keys; values that are web addresses also become links.
 */
function fromCustomProperties(properties: LaunchDarklyFlag['customProperties']) {
  const metadata = dict<string>();
  const links: FlagLink[] = [];
  for (const [key, property] of Object.entries(properties ?? {})) {
    const values = property.value ?? [];
    if (values.length) metadata[key] = values.join(', ');
    for (const value of values) {
      const url = /^https?:\/\//i.test(value) ? httpUrl(value) : undefined;
      if (url) links.push({ url, title: property.name || key });
    }
  }
  return { metadata, links };
}

/** The URL when it is a web address (resolved on `base`); never javascript: or data:. */
function httpUrl(href: string, base?: string): string | undefined {
  try {
    const url = new URL(href, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A temporary flag that is on, serves one variation to everyone (no targets, rules or
 * prerequisites) and has not changed for 30 days is probably ready to remove.
 */
function staleHint(flag: LaunchDarklyFlag, env: LaunchDarklyEnvironment | undefined, where: Where): string | undefined {
  if (!flag.temporary || !env?.on || env.lastModified == null) return undefined;
  // Without rules and targets (a summary answer) nobody can say the flag serves everyone.
  if (env.rules == null || env.targets == null) return undefined;
  if ([env.rules, env.targets, env.contextTargets ?? [], env.prerequisites ?? []].some((list) => list.length > 0)) return undefined;
  const served = env.fallthrough?.variation;
  const variation = served == null ? undefined : flag.variations[served];
  const lastChange = new Date(env.lastModified);
  // An absurd timestamp is an Invalid Date, whose toISOString would throw.
  if (!variation || Number.isNaN(lastChange.getTime()) || where.now - env.lastModified < STALE_AFTER_MS) return undefined;
  const since = lastChange.toISOString().slice(0, 10);
  return `On for everyone in ${where.environment} since ${since}, serving "${variationName(variation)}"; a temporary flag with no targeting left.`;
}

function variationName(variation: LaunchDarklyFlag['variations'][number]): string {
  return variation.name?.trim() || nameOf(variation.value);
}
