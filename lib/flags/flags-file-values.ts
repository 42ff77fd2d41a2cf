import type { JsonValue } from '../json';
import type { Flag, FlagType, Variant } from './flag';

/** Shared helpers for the two flags-file shapes (flagd and the plain list). */

export const MAX_FLAG_KEY_LENGTH = 256;

/**
 * A flag's definition was unusable: where, and why. Returned (not thrown); the flag is
 * skipped with a warning. A class, so no JSON value from the file can pass for one.
 */
export class Skip {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {}
}

export function skip(path: string, reason: string): Skip {
  return new Skip(path, reason);
}

/** The warning for a skipped flag: where, why, and that the rest of the file still loads. */
export function skipWarning({ path, reason }: Skip): string {
  return `${path}: ${reason}; skipped this flag (the other flags are loaded)`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own properties only: a variant named "toString" or "__proto__" is just a name. */
export function hasOwn(record: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

/** A key or name quoted for a message, shortened so a hostile 1 MB key cannot flood the UI. */
export function quote(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** A value for a message, e.g. `"z"`, `42`, `an object`. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'an object';
  if (typeof value === 'string') return quote(value);
  return String(value);
}

/** Empty keys and keys over 256 characters are unusable; every other string is fine. */
export function checkKey(key: string, path: string): Skip | undefined {
  if (key.length === 0) return skip(path, 'the flag key is empty');
  if (key.length > MAX_FLAG_KEY_LENGTH) {
    return skip(path, `the flag key is ${key.length} characters long; keys can be at most ${MAX_FLAG_KEY_LENGTH}`);
  }
  return undefined;
}

/** Deeper values are refused: JSON.stringify, storage and messaging all recurse. */
export const MAX_VALUE_DEPTH = 64;

/**
 * Checks a parsed JSON value is one a flag can carry. JSON.parse turns `1e999` into
 * Infinity, which JSON cannot write back, and parses nesting far deeper than
 * JSON.stringify can write. Iterative, so the check itself cannot overflow the stack.
 */
export function checkJsonValue(value: unknown, path: string): JsonValue | Skip {
  const stack: { item: unknown; depth: number }[] = [{ item: value, depth: 0 }];
  while (stack.length > 0) {
    const { item, depth } = stack.pop()!;
    if (typeof item === 'number' && !Number.isFinite(item)) return skip(path, 'holds a number too large for JSON');
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= MAX_VALUE_DEPTH) return skip(path, `nests lists or objects more than ${MAX_VALUE_DEPTH} levels deep`);
    for (const child of Object.values(item)) stack.push({ item: child, depth: depth + 1 });
  }
  return value as JsonValue;
}

/** The type all the values share: boolean, number or string, else json. */
export function inferType(values: readonly JsonValue[]): FlagType | undefined {
  if (values.length === 0) return undefined;
  if (values.every((v) => typeof v === 'boolean')) return 'boolean';
  if (values.every((v) => typeof v === 'number')) return 'number';
  if (values.every((v) => typeof v === 'string')) return 'string';
  return 'json';
}

export function matchesType(value: JsonValue, type: FlagType): boolean {
  return type === 'json' || typeof value === type;
}

/** What a boolean flag with no listed variants offers (flagd's schema default). */
export function booleanVariants(): Variant[] {
  return [
    { name: 'true', value: true },
    { name: 'false', value: false },
  ];
}

/** The names of variants for a message: `a, b, c`, shortened when there are many. */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 10).map((n) => (n.length > 40 ? `${n.slice(0, 40)}…` : n));
  return names.length > 10 ? `${shown.join(', ')}, … ${names.length - 10} more` : shown.join(', ');
}

/** Tags from a list of strings or a comma-separated string (flagd metadata holds only scalars). */
export function readTags(value: unknown): string[] {
  if (typeof value === 'string') return value.split(',').map((t) => t.trim()).filter(Boolean);
  if (Array.isArray(value) && value.every((t) => typeof t === 'string')) return [...value];
  return [];
}

export { makeFlag } from './flag';

/** Path of a flag in a keyed map: `flags["hero-banner"]`. */
export function keyPath(parent: string, key: string): string {
  return `${parent}[${quote(key)}]`;
}
