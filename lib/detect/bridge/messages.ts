import type { JsonValue } from '../../json';
import { CONTENT_CHANNEL } from '../channel';
import { BRIDGE_LIMITS, keyOf } from './values';

const stringify = JSON.stringify;
const parse = JSON.parse;

export interface OverridesUpdate {
  overrides: Map<string, JsonValue>;
  force: boolean;
}

/**
 * The content script's `overrides` message, or undefined for anything else on the window.
 * The page can post the same message; it then changes only what its own SDKs return, which it
 * could do anyway. Keys the report could not carry and values JSON cannot carry are dropped.
 *
 * @example readOverridesMessage({ channel: 'flagtab:content', type: 'overrides', overrides: { a: true }, force: true })
 * // { overrides: Map { 'a' => true }, force: true }
 */
export function readOverridesMessage(data: unknown): OverridesUpdate | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Record<string, unknown>;
  if (message.channel !== CONTENT_CHANNEL || message.type !== 'overrides' || typeof message.force !== 'boolean') return undefined;
  const raw = message.overrides;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const overrides = new Map<string, JsonValue>();
  for (const name of Object.keys(raw).slice(0, BRIDGE_LIMITS.overrides)) {
    const key = keyOf(name);
    const value = key === undefined ? undefined : plainJson((raw as Record<string, unknown>)[name]);
    if (key !== undefined && value !== undefined) overrides.set(key, value);
  }
  return { overrides, force: message.force };
}

/** A fresh JSON copy of `value`, so no caller can change the bridge's overrides through a value it was given. */
export function plainJson(value: unknown): JsonValue | undefined {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  try {
    const json = stringify(value);
    return json === undefined ? undefined : (parse(json) as JsonValue);
  } catch {
    return undefined; // a cycle or a BigInt: not an override anyone can mean
  }
}

/**
 * Keys whose forced value differs between two sets of forced overrides (added, removed or changed).
 *
 * @example changedKeys(new Map([['a', 1]]), new Map([['a', 2], ['b', true]])) // ['a', 'b']
 */
export function changedKeys(before: Map<string, JsonValue>, after: Map<string, JsonValue>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((key) => !before.has(key) || !after.has(key) || stringify(before.get(key)) !== stringify(after.get(key)));
}
