import { makeFlag, type Flag, type FlagType, type Variant } from '../../flags/flag';
import type { Feature, FeatureState, TypedValue } from './api-schema';
import { dedupeVariants, timeOf } from '../values';

type Scalar = string | number | boolean;

const ON_OFF: Variant[] = [
  { name: 'on', value: true },
  { name: 'off', value: false },
];
/** A flag unchanged for this long while on for everyone is probably ready to remove. */
export const STALE_AFTER_MS = 30 * 24 * 60 * 60 * 1000;

export interface FlagsmithContext {
  /** The environment key the site names, used as the environment's name. */
  environment: string;
  tagLabels: Map<number, string>;
  /** Whether the features were listed with the environment's id, so override counts are real. */
  overridesCounted: boolean;
  now: number;
}

/**
 * One Flagsmith feature and its state in the configured environment, as a Flag.
 *
 * A feature without a value is an on/off flag: a boolean whose value is `enabled`. A feature
 * with a value (remote config) or multivariate options takes its type from those values.
 *
 * Off value: Flagsmith has none. A disabled feature still reports its value to the SDK, with
 * `enabled: false`, and the app decides what "off" means. So a valued flag gets no offValue
 * (and no defaultValue while disabled: the value is not what users get); only an on/off flag
 * has a known off value, false.
 *
 * @example toFlag({ id: 1, name: 'new-checkout' }, { feature: 1, enabled: true }, ctx) // boolean, defaultValue true
 */
export function toFlag(feature: Feature, state: FeatureState | undefined, ctx: FlagsmithContext): Flag {
  const enabled = state?.enabled;
  const value = state ? stateValue(state) : noEmpty(feature.initial_value ?? null);
  const options = (feature.multivariate_options ?? []).map(typedValue).filter(isPresent);
  const common = {
    key: feature.name,
    description: feature.description || undefined,
    tags: (feature.tags ?? []).map((id) => ctx.tagLabels.get(id)).filter(isPresent),
    enabled,
    environments: enabled === undefined ? undefined : { [ctx.environment]: { enabled } },
    createdAt: timeOf(feature.created_date),
    updatedAt: timeOf(state?.updated_at),
    stale: ctx.overridesCounted ? staleHint(feature, state, ctx.now) : undefined,
  };
  if (value === null && options.length === 0) {
    return makeFlag({ ...common, type: 'boolean', variants: ON_OFF, defaultValue: enabled, offValue: false });
  }
  const type = typeOf([...(value === null ? [] : [value]), ...options]);
  const cast = (v: Scalar) => (type === 'string' ? String(v) : v);
  const variants =
    feature.type === 'MULTIVARIATE' && options.length > 0
      ? dedupeVariants([
          ...(value === null ? [] : [{ name: 'control', value: cast(value) }]),
          ...options.map((o) => ({ name: String(o).slice(0, 80), value: cast(o) })),
        ])
      : type === 'boolean' ? ON_OFF : [];
  return makeFlag({ ...common, type, variants, defaultValue: enabled === false || value === null ? undefined : cast(value) });
}

/** The value of a multivariate option or a nested feature state value, by its declared type. */
export function typedValue(v: TypedValue): Scalar | null {
  if (v.type === 'int') return v.integer_value ?? null;
  if (v.type === 'bool') return v.boolean_value ?? null;
  if (v.type === 'unicode') return noEmpty(v.string_value ?? null);
  return noEmpty(v.string_value ?? null) ?? v.integer_value ?? v.boolean_value ?? null;
}

function stateValue(state: FeatureState): Scalar | null {
  const v = state.feature_state_value;
  if (v === null || v === undefined) return null;
  return typeof v === 'object' ? typedValue(v) : noEmpty(v);
}

/** Flagsmith's dashboard saves a cleared value as "": that is "no value", not an empty string. */
function noEmpty(v: Scalar | null): Scalar | null {
  return v === '' ? null : v;
}

function typeOf(values: Scalar[]): FlagType {
  if (values.every((v) => typeof v === 'boolean')) return 'boolean';
  if (values.every((v) => typeof v === 'number')) return 'number';
  return 'string';
}

/**
 * "On for everyone" needs: on, one value for all (not multivariate), no segment overrides
 * (Flagsmith counts them only when the list is asked with the environment id, else says 0), no
 * identity overrides (Edge projects report null: those are per-user exceptions, so they do
 * not stop the hint), and no change to the environment's state for 30 days.
 */
function staleHint(feature: Feature, state: FeatureState | undefined, now: number): string | undefined {
  if (!state?.enabled || feature.type === 'MULTIVARIATE' || feature.num_segment_overrides !== 0) return undefined;
  if ((feature.num_identity_overrides ?? 0) > 0) return undefined;
  const since = timeOf(state.updated_at);
  if (since === undefined || now - since < STALE_AFTER_MS) return undefined;
  return `On for everyone in this environment, unchanged since ${new Date(since).toISOString().slice(0, 10)}`;
}

function isPresent<T>(v: T | null | undefined): v is T {
  return v !== null && v !== undefined;
}
