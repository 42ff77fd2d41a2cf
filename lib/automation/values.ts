import { dict } from '../dict';
import type { Flag } from '../flags/flag';
import type { JsonValue } from '../json';
import { validateOverrides } from '../wire';
import { nearest, UsageError } from './errors';

/**
 * Override values as people type them on a command line (`new-checkout=true`,
 * `hero-banner=b`, `theme='{"accent":"red"}'`) and as tests pass them (`set('max-items', 5)`),
 * checked against the site's catalogue when there is one: the same questions the popup's
 * controls answer by construction (is it a flag here, is it one of its values).
 */

/** Flag key → value: null-prototype (keys come from people and providers: lib/dict.ts). */
export type Values = Record<string, JsonValue>;

/**
 * `key=value` split at the first `=`. A key that itself holds `=`, `,`, `;` or a newline cannot
 * be typed this way: pass such values as JSON (`--json`, or `set()` in tests).
 *
 * @example splitAssignment('hero-banner=b') // ['hero-banner', 'b']
 */
export function splitAssignment(arg: string): [string, string] {
  const at = arg.indexOf('=');
  if (at <= 0) throw new UsageError(`"${arg}" is not a flag assignment: write key=value, e.g. new-checkout=true (a key holding "=" goes in --json '{"a=b": true}').`);
  return [arg.slice(0, at), arg.slice(at + 1)];
}

/**
 * A typed value without a catalogue to say its type: JSON when it reads as JSON (true, 5,
 * null, "quoted", {…}, […]), otherwise the text itself.
 *
 * @example looseValue('true') // true
 * @example looseValue('b') // 'b'
 */
export function looseValue(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

const same = (a: JsonValue, b: JsonValue) => JSON.stringify(a) === JSON.stringify(b);
const show = (value: JsonValue) => JSON.stringify(value);

/** The flag, or a `UsageError` naming the nearest keys the site has. */
export function flagOf(flags: readonly Flag[], key: string, siteId: string): Flag {
  const flag = flags.find((f) => f.key === key);
  if (flag) return flag;
  const keys = flags.map((f) => f.key);
  throw new UsageError(`site "${siteId}" has no flag "${key}"${keys.length ? `; did you mean ${nearest(key, keys).map((k) => `"${k}"`).join(', ')}?` : ' (its catalogue is empty)'}`);
}

/**
 * What a typed text means for this flag: a variant by value or by name, a boolean, a number, or
 * the text (string flags). Values the flag cannot take throw `UsageError` listing what it can.
 *
 * @example typedValue(heroBanner, 'b') // 'b'
 * @example typedValue(maxItems, 'five') // 5 (the variant named "five")
 */
export function typedValue(flag: Flag, text: string): JsonValue {
  if (flag.variants.length > 0) {
    const parsed = looseValue(text);
    const byValue = flag.variants.find((v) => same(v.value, parsed) || (typeof v.value === 'string' && v.value === text));
    const byName = flag.variants.find((v) => v.name === text);
    const variant = byValue ?? byName;
    if (variant) return variant.value;
    throw new UsageError(`"${text}" is not a value of ${flag.key}: use one of ${variantList(flag)}`);
  }
  if (flag.type === 'string') return text;
  return checkedValue(flag, looseValue(text));
}

/** A value given as JSON (a test's `set`, a scenario, --json), checked against the flag. */
export function checkedValue(flag: Flag, value: JsonValue): JsonValue {
  if (flag.variants.length > 0) {
    if (flag.variants.some((v) => same(v.value, value))) return value;
    throw new UsageError(`${show(value)} is not a value of ${flag.key}: use one of ${variantList(flag)}`);
  }
  const ok = flag.type === 'boolean' ? typeof value === 'boolean'
    : flag.type === 'number' ? typeof value === 'number'
    : flag.type === 'string' ? typeof value === 'string'
    : true;
  if (!ok) throw new UsageError(`${flag.key} is a ${flag.type} flag; ${show(value)} is not a ${flag.type}${flag.type === 'boolean' ? ': use true or false' : ''}`);
  return value;
}

function variantList(flag: Flag): string {
  return flag.variants.map((v) => (typeof v.value === 'string' && v.value === v.name ? show(v.value) : `${v.name} (${show(v.value)})`)).join(', ');
}

/**
 * Values from JSON objects (a scenario, --json), then `key=value` arguments, checked against
 * `flags` when given (a later one wins: an argument over a scenario's value), then against the
 * wire format's own rules.
 */
export function valuesFrom(input: { assignments?: readonly string[]; json?: readonly string[]; flags?: readonly Flag[]; siteId: string }): Values {
  const values = dict<JsonValue>();
  const { flags, siteId } = input;
  for (const text of input.json ?? []) {
    const parsed = looseValue(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`--json takes an object of flag key → value, e.g. '{"new-checkout": true}'; got ${text.slice(0, 60)}`);
    for (const [key, value] of Object.entries(parsed)) values[key] = flags ? checkedValue(flagOf(flags, key, siteId), value) : value;
  }
  for (const arg of input.assignments ?? []) {
    const [key, text] = splitAssignment(arg);
    values[key] = flags ? typedValue(flagOf(flags, key, siteId), text) : looseValue(text);
  }
  return checkedForWire(values);
}

/** The values, or a `UsageError` when the wire format cannot carry them (a key with a newline, a value too long). */
export function checkedForWire(values: Values): Values {
  const valid = validateOverrides(values);
  if (!valid.ok) throw new UsageError(`${JSON.stringify(valid.key)}: ${valid.error}`);
  return values;
}
