import type { JsonValue } from '../../json';
import { LIMITS } from './limits';

/** What `checkJson` found: the value when it is JSON and small enough, or why not. */
export type JsonCheck = { ok: true; value: JsonValue; length: number } | { ok: false; reason: 'too-large' | 'not-json' };

/**
 * Whether `value` is plain JSON data whose `JSON.stringify` is at most `limit` characters. It
 * walks the value with a budget and stops as soon as the budget runs out, so a cyclic, 10 MB or
 * 30,000-deep value from the page costs no more than `limit` steps (JSON.stringify would throw on
 * cycles and deep nesting, and read all of a huge value before we could refuse it).
 *
 * @example
 * checkJson({ a: [1, 'x'] }, 2048); // { ok: true, value: { a: [1, 'x'] }, length: 15 }
 * checkJson('x'.repeat(5000), 2048); // { ok: false, reason: 'too-large' }
 * checkJson(new Date(), 2048); // { ok: false, reason: 'not-json' }
 */
export function checkJson(value: unknown, limit: number): JsonCheck {
  const length = jsonLength(value, limit);
  if (length === NOT_JSON) return { ok: false, reason: 'not-json' };
  if (length === TOO_LARGE) return { ok: false, reason: 'too-large' };
  return { ok: true, value: value as JsonValue, length };
}

const TOO_LARGE = -1;
const NOT_JSON = -2;

/** JSON length of `value`, or TOO_LARGE once it passes `budget`, or NOT_JSON. */
function jsonLength(value: unknown, budget: number): number {
  switch (typeof value) {
    case 'boolean':
      return fit(value ? 4 : 5, budget);
    case 'number':
      return Number.isFinite(value) ? fit(String(value).length, budget) : NOT_JSON;
    case 'string':
      // Escaping only lengthens a string: one longer than the budget cannot fit.
      return value.length + 2 > budget ? TOO_LARGE : fit(JSON.stringify(value).length, budget);
    case 'object':
      if (value === null) return fit(4, budget);
      return Array.isArray(value) ? arrayLength(value, budget) : objectLength(value, budget);
    default:
      return NOT_JSON;
  }
}

function arrayLength(items: readonly unknown[], budget: number): number {
  let used = 2; // [ ]
  for (let i = 0; i < items.length; i++) {
    if (i > 0) used++;
    if (used > budget) return TOO_LARGE;
    // A hole serializes as null; refuse it rather than report a value the page never had.
    if (!(i in items)) return NOT_JSON;
    const n = jsonLength(items[i], budget - used);
    if (n < 0) return n;
    used += n;
  }
  return fit(used, budget);
}

function objectLength(object: object, budget: number): number {
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) return NOT_JSON;
  let used = 2; // { }
  let first = true;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    if (!first) used++;
    first = false;
    if (key.length + 3 + used > budget) return TOO_LARGE;
    used += JSON.stringify(key).length + 1;
    const n = jsonLength((object as Record<string, unknown>)[key], budget - used);
    if (n < 0) return n;
    used += n;
  }
  return fit(used, budget);
}

const fit = (length: number, budget: number) => (length > budget ? TOO_LARGE : length);

/**
 * Problems to tell the tester, capped at LIMITS.notesPerReport, each at most LIMITS.noteLength
 * characters; repeats are kept once.
 */
export function createNotes() {
  const list: string[] = [];
  return {
    list,
    add(text: string): void {
      const note = text.length > LIMITS.noteLength ? `${text.slice(0, LIMITS.noteLength - 1)}…` : text;
      if (list.length < LIMITS.notesPerReport && !list.includes(note)) list.push(note);
    },
  };
}
export type Notes = ReturnType<typeof createNotes>;

/**
 * A key or value quoted for a note or label: JSON escapes make newlines and quotes visible, and
 * long texts are cut so one hostile key cannot fill a note.
 *
 * @example quote('a\nb') === '"a\\nb"'
 */
export function quote(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** @example formatSize(2_200_000) === '2.1 MB'; formatSize(10_240) === '10 KB'; formatSize(12) === '12 characters' */
export function formatSize(chars: number): string {
  if (chars >= 1024 * 1024) return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
  if (chars >= 1024) return `${Math.round(chars / 1024)} KB`;
  return `${chars} characters`;
}

/** Cuts `text` to `max` characters, ending in "…" when it was longer. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
