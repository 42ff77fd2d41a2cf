import { makeFlag, type Flag, type FlagLink, type FlagType, type Variant } from '../../flags/flag';
import { dictFrom } from '../../dict';
import type { JsonValue } from '../../json';
import type { ExportedFeature, ListedFeature, UnleashVariant } from './api-schema';
import { timeOf } from '../values';

const ON_OFF: Variant[] = [
  { name: 'on', value: true },
  { name: 'off', value: false },
];
const DAY_MS = 24 * 60 * 60 * 1000;

/** Everything Unleash said about one flag, gathered from the three answers. */
export interface UnleashFlagParts {
  feature: ExportedFeature;
  /** From the project's flag list: dates and every environment's state. */
  listed?: ListedFeature | undefined;
  /** The flag's state in the configured environment, from the export. */
  enabled?: boolean | undefined;
  /** Strategy variants, then legacy environment-level variants, in the configured environment. */
  variants: UnleashVariant[];
  tags: { type: string; value: string }[];
  links: { url: string; title?: string | null | undefined }[];
}

export interface UnleashContext {
  environment: string;
  now: number;
  /** Feature type id → its name and expected lifetime in days (null: permanent). */
  lifetimes: Map<string, { name: string; days: number | null }>;
}

/**
 * One Unleash flag as a Flag.
 *
 * Type: an Unleash flag is on/off (boolean) unless its strategies hand out variants; then the
 * values are the variants' payloads, typed by the payload type (number, json; string and csv
 * stay strings), and a variant without a payload is worth its name, which is what
 * `getVariant()` gives the app.
 *
 * Off value: a boolean flag is false when off. A switched-off variant flag serves Unleash's
 * "disabled" variant, which has no payload: so the off value is "disabled" only when the
 * values are variant names, and unknown otherwise.
 *
 * @example toFlag({ feature: { name: 'hero-banner' }, variants: [{ name: 'a', payload: { type: 'string', value: 'Classic' } }], tags: [], links: [] }, ctx)
 * // { key: 'hero-banner', type: 'string', variants: [{ name: 'a', value: 'Classic' }], … }
 */
export function toFlag(parts: UnleashFlagParts, ctx: UnleashContext): Flag {
  const { feature, listed } = parts;
  const here = listed?.environments?.find((e) => e.name === ctx.environment);
  const enabled = parts.enabled ?? here?.enabled;
  const common = {
    key: feature.name,
    description: feature.description || undefined,
    enabled,
    environments: listed?.environments?.length ? dictFrom(listed.environments.map((e) => [e.name, { enabled: e.enabled }])) : undefined,
    // "simple" is Unleash's default tag type and says nothing; other types (e.g. "jira") do.
    tags: parts.tags.map((t) => (t.type === 'simple' ? t.value : `${t.type}:${t.value}`)),
    links: parts.links.flatMap(toLink),
    metadata: metadataOf(feature, here?.lastSeenAt),
    createdAt: timeOf(listed?.createdAt),
    stale: staleHint(parts, enabled, ctx),
  };
  if (parts.variants.length === 0) {
    return makeFlag({ ...common, type: 'boolean', variants: ON_OFF, defaultValue: enabled, offValue: false });
  }
  const { type, variants } = typedVariants(parts.variants);
  const values = new Set(variants.map((v) => JSON.stringify(v.value)));
  const byName = parts.variants.every((v) => !v.payload);
  return makeFlag({
    ...common,
    type,
    variants,
    // Several variants split users between them: no single value is "the" default.
    defaultValue: enabled && values.size === 1 ? variants[0]?.value : undefined,
    offValue: byName ? 'disabled' : undefined,
  });
}

function typedVariants(list: UnleashVariant[]): { type: FlagType; variants: Variant[] } {
  const kinds = new Set(list.map((v) => v.payload?.type ?? 'name'));
  const only = kinds.size === 1 ? [...kinds][0] : undefined;
  const parse = only === 'number' ? toNumber : only === 'json' ? toJson : undefined;
  const parsed = parse ? list.map((v) => parse(v.payload!.value)) : [];
  // One unreadable number or JSON payload makes the whole flag a string flag: still overridable.
  const type: FlagType = parse && parsed.every((v) => v !== undefined) ? (only as 'number' | 'json') : 'string';
  const seen = new Set<string>();
  const variants: Variant[] = [];
  list.forEach((v, i) => {
    const value: JsonValue = type === 'string' ? (v.payload?.value ?? v.name) : parsed[i]!;
    const id = `${v.name}\u0000${JSON.stringify(value)}`;
    if (!seen.has(id)) variants.push({ name: v.name, value });
    seen.add(id);
  });
  return { type, variants };
}

function toNumber(text: string): number | undefined {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

function toJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined; // the caller falls back to the raw text
  }
}

/**
 * A flag Unleash marks stale, or one older than its type's expected lifetime (which is how
 * Unleash decides "potentially stale": created_at + lifetime_days < now).
 */
function staleHint(parts: UnleashFlagParts, enabled: boolean | undefined, ctx: UnleashContext): string | undefined {
  const state = enabled === undefined ? '' : ` It is ${enabled ? 'on' : 'off'} in ${ctx.environment}.`;
  if (parts.feature.stale || parts.listed?.stale) return `Marked stale in Unleash.${state}`;
  const lifetime = parts.feature.type ? ctx.lifetimes.get(parts.feature.type) : undefined;
  const created = timeOf(parts.listed?.createdAt);
  if (!lifetime?.days || created === undefined || ctx.now - created <= lifetime.days * DAY_MS) return undefined;
  const since = new Date(created).toISOString().slice(0, 10);
  return `Potentially stale: created ${since}, past the ${lifetime.days}-day expected lifetime of Unleash's "${lifetime.name}" flags.${state}`;
}

function metadataOf(feature: ExportedFeature, lastSeenAt: string | null | undefined): Record<string, string> | undefined {
  const metadata: Record<string, string> = {};
  if (feature.type) metadata.type = feature.type;
  if (lastSeenAt) metadata.lastSeenAt = lastSeenAt;
  return Object.keys(metadata).length ? metadata : undefined;
}

/** Web addresses only: a javascript: or data: link never reaches the popup. */
function toLink(link: UnleashFlagParts['links'][number]): FlagLink[] {
  try {
    const url = new URL(link.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return [];
    return [link.title ? { url: url.href, title: link.title } : { url: url.href }];
  } catch {
    return []; // not a URL at all
  }
}

