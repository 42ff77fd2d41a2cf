import type { JsonValue } from '../../json';
import { LIMITS } from '../limits';

/**
 * Values as the page bridge sees them: whatever an SDK returned, turned into plain JSON the
 * content script can check, or a note saying why it could not be.
 */
export const BRIDGE_LIMITS = {
  keyLength: LIMITS.keyLength,
  valueJsonLength: LIMITS.valueJsonLength,
  detailLength: LIMITS.detailLength,
  reportObservations: LIMITS.reportObservations,
  /** Distinct flags waiting for the next post; a page evaluating more new keys than this loses them. */
  pendingEvaluations: LIMITS.flagsPerTab,
  /** Overrides read from one message. */
  overrides: 2000,
} as const;

// Taken when the bridge starts, before page scripts run: a page replacing JSON later does not reach us.
const stringify = JSON.stringify;
const parse = JSON.parse;

export type Reportable = { value: JsonValue; note?: undefined } | { value?: undefined; note: string };

/**
 * A copy of `value` as plain JSON, or a note when it has none (undefined, a function, NaN, a
 * cycle, a getter that throws) or its JSON is longer than the cap.
 *
 * @example toReportable({ a: 1 }) // { value: { a: 1 } }
 * @example toReportable(() => 1) // { note: 'the SDK returned a function, which JSON cannot carry' }
 */
export function toReportable(value: unknown): Reportable {
  const kind = typeof value;
  if (value === undefined || kind === 'function' || kind === 'symbol' || kind === 'bigint') {
    return { note: `the SDK returned ${value === undefined ? 'undefined' : `a ${kind}`}, which JSON cannot carry` };
  }
  if (kind === 'number' && !Number.isFinite(value)) return { note: `the SDK returned ${String(value)}, which JSON cannot carry` };
  let json: string | undefined;
  try {
    json = stringify(value);
  } catch (error) {
    // A cycle, a BigInt inside, a throwing getter or toJSON: the value exists but cannot travel.
    return { note: `the value cannot be read as JSON (${error instanceof Error ? error.name : 'error'})` };
  }
  if (json === undefined) return { note: 'the value cannot be read as JSON' };
  if (json.length > BRIDGE_LIMITS.valueJsonLength) return { note: 'value too large' };
  return { value: parse(json) as JsonValue };
}

/** The JSON kind of a value, as the SDKs' typed evaluations name them. */
export type JsonKind = 'boolean' | 'string' | 'number' | 'object' | 'array' | 'null';

export function jsonKind(value: JsonValue): JsonKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as 'boolean' | 'string' | 'number' | 'object';
}

/** What an SDK asked for: a typed evaluation, or an Unleash variant. */
export type AskedKind = 'boolean' | 'string' | 'number' | 'object' | 'variant';

/**
 * Whether an override can stand in for a value of the `asked` kind. Object evaluations
 * (OpenFeature's getObjectValue, an LD JSON flag) take any structured value.
 *
 * @example fits('boolean', true) === true; fits('boolean', 'on') === false; fits('object', [1]) === true
 */
export function fits(asked: AskedKind, value: JsonValue): boolean {
  const kind = jsonKind(value);
  if (asked === 'object') return kind === 'object' || kind === 'array' || kind === 'null';
  return kind === asked;
}

/** The JSON kind of any value, or undefined when it has none (see toReportable). */
export function kindOf(value: unknown): JsonKind | undefined {
  const reportable = toReportable(value);
  return reportable.value === undefined ? undefined : jsonKind(reportable.value);
}

/**
 * Whether `value` could replace `known`, a value the SDK already has for the flag: the same
 * kind, any structured value for a structured one, anything when nothing is known.
 *
 * @example sameKind(false, true) === true; sameKind('a', 1) === false; sameKind(undefined, 'x') === true
 */
export function sameKind(known: unknown, value: JsonValue): boolean {
  const a = kindOf(known);
  if (a === undefined) return true;
  const b = jsonKind(value);
  const structured = (k: JsonKind) => k === 'object' || k === 'array' || k === 'null';
  return a === b || (structured(a) && structured(b));
}

const NAMES: Record<JsonKind | AskedKind, string> = {
  boolean: 'a boolean',
  string: 'a string',
  number: 'a number',
  object: 'an object',
  array: 'an array',
  null: 'null',
  variant: 'a variant',
};

/** @example mismatch('on', 'boolean') === 'override is a string; the SDK asked for a boolean' */
export function mismatch(value: JsonValue, asked: AskedKind | JsonKind): string {
  return `override is ${NAMES[jsonKind(value)]}; the SDK asked for ${NAMES[asked]}`;
}

/** The parts of a detail that exist, joined and cut to the cap. */
export function detailOf(...parts: (string | false | null | undefined)[]): string | undefined {
  const text = parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' · ');
  if (text === '') return undefined;
  return text.length > BRIDGE_LIMITS.detailLength ? `${text.slice(0, BRIDGE_LIMITS.detailLength - 1)}…` : text;
}

/** A flag key the report can carry, else undefined (not a string, empty, or too long). */
export function keyOf(key: unknown): string | undefined {
  return typeof key === 'string' && key.length > 0 && key.length <= BRIDGE_LIMITS.keyLength ? key : undefined;
}
