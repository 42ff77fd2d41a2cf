/**
 * Records keyed by strings someone else chose (a page, a provider, a tracker, an imported file,
 * storage). A plain `{}` is the wrong container for those: `obj['__proto__'] = x` replaces its
 * prototype, `obj['__proto__'][k] = x` writes onto `Object.prototype` for every object in the
 * realm, and a lookup of `'constructor'` or `'toString'` finds Object's own members. A
 * null-prototype object has none of that: every key, `__proto__` included, is an own data
 * property, and it still serialises, clones and stores as ordinary JSON.
 *
 * See https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/Object/proto
 * and STYLE.md §14.
 */
export type Dict<V> = Record<string, V>;

/** @example const flags = dict<number>(); flags['__proto__'] = 1; // an own property, nothing else changes */
export function dict<V>(): Dict<V> {
  return Object.create(null) as Dict<V>;
}

/** A null-prototype record of `entries` (a later entry wins, as in Object.fromEntries). */
export function dictFrom<V>(entries: Iterable<readonly [string, V]>): Dict<V> {
  const out = dict<V>();
  for (const [key, value] of entries) out[key] = value;
  return out;
}

/** A null-prototype shallow copy of a record's own enumerable entries (`{}` for undefined). */
export function toDict<V>(record: Readonly<Record<string, V>> | undefined): Dict<V> {
  return dictFrom(record ? Object.entries(record) : []);
}

/** The record's own value for `key`, never an inherited member such as `constructor`. */
export function own<V>(record: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * A deep copy of JSON-shaped data in which every object is a null-prototype record (arrays stay
 * arrays). Used on what comes back from storage: Chrome hands `__proto__` keys back as own
 * properties of plain objects, which the next `copy[key] = …` would turn into a prototype.
 */
export function deepDict<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => deepDict(v)) as T;
  if (value && typeof value === 'object') {
    const out = dict<unknown>();
    for (const [key, v] of Object.entries(value)) out[key] = deepDict(v);
    return out as T;
  }
  return value;
}
