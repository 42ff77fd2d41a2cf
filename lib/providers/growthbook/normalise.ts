import { makeFlag, FlagTypeSchema, type Flag, type FlagType, type Variant } from '../../flags/flag';
import { dictFrom } from '../../dict';
import type { JsonValue } from '../../json';
import { EnvironmentSchema, RuleSchema, VariationsSchema, type Feature, type Rule, type StoredValue } from './api-schema';
import { dedupeVariants, timeOf } from '../values';

const ON_OFF: Variant[] = [
  { name: 'on', value: true },
  { name: 'off', value: false },
];
/** A feature with no rules, unchanged for this long, serves one value to everyone: ready to remove. */
export const STALE_AFTER_MS = 30 * 24 * 60 * 60 * 1000;

/** A stored value that does not fit the feature's valueType: the flag is skipped, with where. */
class Unparsable extends Error {}

/**
 * One GrowthBook feature as it is in the configured environment, or why it was skipped.
 *
 * Values are parsed by valueType (GrowthBook stores them as strings). Variants are the
 * environment's default value and every value its enabled rules can serve (force, rollout,
 * experiment and experiment-ref variations), deduplicated by value.
 *
 * Off value: a feature switched off in an environment is left out of the SDK payload and
 * evaluates to null, so the app uses its own fallback. Only for a boolean is that known: the
 * SDK's isOn() is false. Other types get no offValue.
 *
 * @example toFlag({ id: 'new-checkout', valueType: 'boolean', defaultValue: 'false', environments: { production: { enabled: true, defaultValue: 'true', rules: [] } } }, ctx)
 */
export function toFlag(feature: Feature, ctx: { environment: string; now: number }): { flag: Flag } | { skipped: string } {
  const label = `Skipped GrowthBook feature ${JSON.stringify(feature.id.slice(0, 80))}`;
  const type = FlagTypeSchema.safeParse(feature.valueType);
  if (!type.success) return { skipped: `${label}: its valueType ${JSON.stringify(feature.valueType.slice(0, 40))} is not boolean, string, number or json.` };
  const rawEnv = feature.environments?.[ctx.environment];
  const env = rawEnv === undefined ? undefined : EnvironmentSchema.safeParse(rawEnv);
  if (env && !env.success) return { skipped: `${label}: its "${ctx.environment}" environment is not { enabled, defaultValue, rules }.` };
  const environment = env?.data;

  const rules: Rule[] = [];
  for (const raw of environment?.rules ?? []) {
    const rule = RuleSchema.safeParse(raw);
    if (!rule.success) return { skipped: `${label}: one of its rules in "${ctx.environment}" is malformed (${rule.error.issues[0]?.message ?? 'unreadable'}).` };
    if (rule.data.enabled !== false) rules.push(rule.data);
  }

  let defaultValue: JsonValue | undefined;
  let served: Variant[];
  try {
    const rawDefault = environment?.defaultValue ?? feature.defaultValue;
    defaultValue = rawDefault == null ? undefined : parseValue(rawDefault, type.data, 'its default value');
    served = [...(defaultValue === undefined ? [] : [{ name: 'default', value: defaultValue }]), ...rules.flatMap((r) => ruleVariants(r, type.data))];
  } catch (error) {
    if (error instanceof Unparsable) return { skipped: `${label}: ${error.message}` };
    throw error;
  }

  const enabled = environment?.enabled;
  const updatedAt = timeOf(feature.dateUpdated);
  const stale = enabled && rules.length === 0 && defaultValue !== undefined && updatedAt !== undefined && ctx.now - updatedAt >= STALE_AFTER_MS
    ? `${serves(defaultValue)} for everyone in ${ctx.environment} with no rules, unchanged since ${new Date(updatedAt).toISOString().slice(0, 10)}`
    : undefined;
  return {
    flag: makeFlag({
      key: feature.id,
      description: feature.description || undefined,
      type: type.data,
      variants: type.data === 'boolean' ? ON_OFF : dedupeVariants(served),
      defaultValue,
      offValue: type.data === 'boolean' ? false : undefined,
      enabled,
      environments: environmentsOf(feature.environments),
      tags: feature.tags ?? [],
      metadata: feature.owner ? { owner: feature.owner } : undefined,
      createdAt: timeOf(feature.dateCreated),
      updatedAt,
      stale,
    }),
  };
}

/** The values a rule can serve, with the names GrowthBook gives them. */
function ruleVariants(rule: Rule, type: FlagType): Variant[] {
  const where = `a ${rule.type} rule`;
  if (rule.type === 'force' || rule.type === 'rollout') {
    const value = storedValue(rule.value);
    return value === undefined ? [] : [{ name: rule.description || rule.type, value: parseValue(value, type, `the value of ${where}`) }];
  }
  if (rule.type === 'safe-rollout') {
    const pairs: [string, StoredValue | null | undefined][] = [['control', rule.controlValue], ['variation', rule.variationValue]];
    return pairs.flatMap(([name, v]) => (v == null ? [] : [{ name, value: parseValue(v, type, `the ${name} value of ${where}`) }]));
  }
  if (rule.type === 'experiment' || rule.type === 'experiment-ref') {
    const list = rule.values ?? rule.variations ?? VariationsSchema.safeParse(rule.value).data ?? [];
    return list.map((v, i) => ({ name: v.name || v.variationId || `variation ${i}`, value: parseValue(v.value, type, `variation ${i} of ${where}`) }));
  }
  return [];
}

function storedValue(value: unknown): StoredValue | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
}

/** A stored value as the type says: "true" → true, "42" → 42, "{\"a\":1}" → { a: 1 }. */
export function parseValue(raw: StoredValue, type: FlagType, where: string): JsonValue {
  const text = String(raw);
  if (type === 'string') return text;
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  if (type === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (type === 'json') {
    if (typeof raw !== 'string') return raw;
    try {
      return JSON.parse(raw) as JsonValue;
    } catch {
      // Falls through to the error below.
    }
  }
  throw new Unparsable(`${where} ${JSON.stringify(text.slice(0, 60))} is not a ${type === 'json' ? 'JSON value' : type}.`);
}

function serves(value: JsonValue): string {
  if (typeof value === 'boolean') return value ? 'On' : 'Off';
  const text = JSON.stringify(value);
  return `Serves ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`;
}

function environmentsOf(environments: Feature['environments']): Record<string, { enabled: boolean }> | undefined {
  const states = Object.entries(environments ?? {}).flatMap(([name, state]) => {
    const enabled = (state as { enabled?: unknown } | null)?.enabled;
    return typeof enabled === 'boolean' ? [[name, { enabled }] as const] : [];
  });
  return states.length ? dictFrom(states) : undefined;
}

