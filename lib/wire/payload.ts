/**
 * The wire format's payload, the "query form": `key=value&key=value`, each key the
 * percent-encoded flag key and each value the percent-encoded JSON of the flag's value.
 * The spec is docs/wire-format.md; this file and that one change together.
 */
import type { JsonValue } from '../json-value';

/** Longest header value or cookie value we send, in characters. See docs/wire-format.md#limits. */
export const MAX_ENCODED_LENGTH = 4096;

/**
 * Longest text the decoders read. Larger than what we send, so a server still reads payloads
 * from other encoders that escape more than we do, yet small enough that a hostile request
 * cannot make a server parse megabytes.
 */
export const MAX_DECODE_LENGTH = 4 * MAX_ENCODED_LENGTH;

/** Overrides as they travel: flag key → the value the flag is forced to. */
export type Overrides = Record<string, JsonValue>;

/** What a decoder returns. It never throws: a malformed payload is an expected input on a server. */
export type DecodeResult = { ok: true; values: Overrides } | { ok: false; error: string };

/** Whether overrides can be encoded; `key` names the first flag (in key order) that cannot. */
export type ValidationResult = { ok: true } | { ok: false; key: string; error: string };

/**
 * Thrown by `encodeOverrides` when a key or value cannot go on the wire. Callers that take
 * values from a person should run `validateOverrides` first and show its error instead.
 */
export class WireError extends Error {
  override name = 'WireError';
  constructor(
    message: string,
    /** The flag key whose key or value is the problem. */
    readonly key: string,
  ) {
    super(message);
  }
}

/**
 * Checks that every key and value survives encoding and decoding unchanged, in any language:
 * keys non-empty, strings well-formed Unicode (no lone surrogate halves: encodeURIComponent
 * throws on them in keys, and strict JSON parsers such as Rust's serde_json refuse them in
 * values), numbers finite (JSON.stringify would silently turn NaN into null), no cycles.
 *
 * @example
 * validateOverrides({ 'new-checkout': true }); // { ok: true }
 * validateOverrides({ '': 1 }); // { ok: false, key: '', error: 'flag key "" is empty; ...' }
 */
export function validateOverrides(values: Overrides): ValidationResult {
  for (const key of sortedKeys(values)) {
    const keyProblem = key === '' ? 'is empty; a flag key needs at least one character' : stringProblem(key);
    if (keyProblem) return { ok: false, key, error: `flag key ${quote(key)} ${keyProblem}` };
    const valueProblem = jsonProblem(values[key], new Set(), '');
    if (valueProblem) return { ok: false, key, error: `flag ${quote(key)}: value${valueProblem}` };
  }
  return { ok: true };
}

/**
 * Encodes overrides as the v1 payload, entries sorted so equal overrides give equal text.
 * Pure and unlimited: check the result's length with `fitsOnTheWire` before sending it.
 * Throws `WireError` when `validateOverrides` would fail.
 *
 * @example
 * encodeOverrides({ 'new-checkout': true, 'hero-banner': 'b' });
 * // 'hero-banner=%22b%22&new-checkout=true'
 */
export function encodeOverrides(values: Overrides): string {
  const valid = validateOverrides(values);
  if (!valid.ok) throw new WireError(valid.error, valid.key);
  return Object.keys(values)
    .map((key) => [encodeURIComponent(key), encodeURIComponent(JSON.stringify(values[key]))] as const)
    // Sort by encoded key: it is ASCII, so comparing code units gives one order in every language.
    // (Sorting whole entries would not: "a-b=1" sorts before "a=1" because "-" < "=".)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

/** The characters a v1 payload may hold: what encodeURIComponent leaves alone, plus `%`, `=`, `&`. */
const FOREIGN_CHARACTER = /[^A-Za-z0-9\-_.!~*'()%=&]/;

/**
 * Decodes a v1 payload (a header value). Strict: anything our encoder would not produce, other
 * than entry order and which characters are percent-escaped, is an error naming the entry.
 * The result has a null prototype, so keys such as `__proto__` or `constructor` are ordinary
 * entries and a lookup of an absent flag gives `undefined`, never an inherited method.
 *
 * @example
 * decodeOverrides('hero-banner=%22b%22&new-checkout=true');
 * // { ok: true, values: { 'hero-banner': 'b', 'new-checkout': true } }
 * decodeOverrides('a=1&b');
 * // { ok: false, error: 'entry 2 ("b"): has no "="; every entry is key=value' }
 */
export function decodeOverrides(text: string): DecodeResult {
  if (typeof text !== 'string') return { ok: false, error: `expected text, got ${typeof text}` };
  if (text.length > MAX_DECODE_LENGTH) {
    return { ok: false, error: `is ${text.length} characters long; the limit is ${MAX_DECODE_LENGTH}` };
  }
  const values: Overrides = Object.create(null);
  if (text === '') return { ok: true, values };

  const foreign = FOREIGN_CHARACTER.exec(text);
  if (foreign) return { ok: false, error: foreignCharacterError(foreign[0], foreign.index) };

  const seen = new Map<string, number>();
  const entries = text.split('&');
  for (let i = 0; i < entries.length; i++) {
    const n = i + 1;
    const entry = entries[i] ?? '';
    const at = (name: string) => `entry ${n} (${quote(name)})`;
    if (entry === '') return { ok: false, error: `entry ${n} is empty; remove the extra "&"` };
    const eq = entry.indexOf('=');
    if (eq === -1) return { ok: false, error: `${at(entry)}: has no "="; every entry is key=value` };
    if (entry.includes('=', eq + 1)) {
      return { ok: false, error: `${at(entry)}: has more than one "="; an "=" inside a key or value is sent as %3D` };
    }
    if (eq === 0) return { ok: false, error: `entry ${n}: the key is empty` };

    const key = percentDecode(entry.slice(0, eq));
    if (!key.ok) return { ok: false, error: `${at(entry.slice(0, eq))}: key ${key.error}` };
    const first = seen.get(key.text);
    if (first !== undefined) return { ok: false, error: `${at(key.text)}: duplicate key; entry ${first} has it too` };
    seen.set(key.text, n);

    const json = percentDecode(entry.slice(eq + 1));
    if (!json.ok) return { ok: false, error: `${at(key.text)}: value ${json.error}` };
    const value = parseJson(json.text);
    if (!value.ok) return { ok: false, error: `${at(key.text)}: value${value.error}` };
    // A null-prototype object: assigning "__proto__" creates an own property, it sets no prototype.
    values[key.text] = value.value;
  }
  return { ok: true, values };
}

function foreignCharacterError(char: string, index: number): string {
  const code = char.codePointAt(0) ?? 0;
  const shown = code >= 0x21 && code <= 0x7e ? `"${char}"` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const hint =
    char === ',' || char === ' '
      ? ' (", " usually means the header was sent twice and joined; send it once)'
      : char === '+'
        ? ' (v1 never uses "+"; a space is %20)'
        : ' (characters other than A-Z a-z 0-9 - _ . ! ~ * \' ( ) must be percent-encoded)';
  return `character ${index + 1} is ${shown}, which v1 does not allow${hint}`;
}

type Decoded = { ok: true; text: string } | { ok: false; error: string };

function percentDecode(raw: string): Decoded {
  const bad = /%(?![0-9A-Fa-f]{2})/.exec(raw);
  if (bad) return { ok: false, error: `has a malformed percent-escape ${quote(raw.slice(bad.index, bad.index + 3))}; "%" must be followed by two hex digits` };
  try {
    return { ok: true, text: decodeURIComponent(raw) };
  } catch (error) {
    // The escapes are well-formed, so a URIError here means the bytes are not valid UTF-8.
    if (error instanceof URIError) return { ok: false, error: 'is not valid UTF-8 once percent-decoded' };
    throw new Error('decodeURIComponent failed unexpectedly', { cause: error });
  }
}

/** Parses one value; on failure `error` continues a sentence that starts "value". */
function parseJson(text: string): { ok: true; value: JsonValue } | { ok: false; error: string } {
  if (text === '') return { ok: false, error: ' is empty; it must be JSON, e.g. "" (%22%22) for the empty string' };
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (error) {
    if (error instanceof SyntaxError) return { ok: false, error: ` is not valid JSON (${error.message})` };
    throw new Error('JSON.parse failed unexpectedly', { cause: error });
  }
  // JSON.parse accepts what the encoder refuses (1e999 → Infinity, "\ud800"); refuse it here too,
  // so whatever decodes can be encoded again.
  const problem = jsonProblem(value, new Set(), '');
  return problem ? { ok: false, error: problem } : { ok: true, value };
}

/** Why `value` is not a JSON value that survives the wire, or undefined when it is. `path` says where. */
function jsonProblem(value: unknown, ancestors: Set<object>, path: string): string | undefined {
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${value}; only finite numbers are JSON`;
  if (typeof value === 'string') {
    const problem = stringProblem(value);
    return problem ? `${path} ${problem}` : undefined;
  }
  if (typeof value !== 'object') return `${path} is ${typeof value}, which is not a JSON value`;
  if (ancestors.has(value)) return `${path} contains itself`;
  const isArray = Array.isArray(value);
  const proto: unknown = Object.getPrototypeOf(value);
  if (!isArray && proto !== Object.prototype && proto !== null) {
    return `${path} is a ${value.constructor?.name ?? 'class instance'}; only plain objects and arrays are JSON`;
  }
  ancestors.add(value);
  for (const [k, v] of Object.entries(value)) {
    const keyProblem = isArray ? undefined : stringProblem(k);
    const problem = keyProblem ? `${path} has a key that ${keyProblem}` : jsonProblem(v, ancestors, `${path}${isArray ? `[${k}]` : pathStep(k)}`);
    if (problem) return problem;
  }
  ancestors.delete(value);
  return undefined;
}

/** `.name` for a plain key, `["odd key"]` (escaped, so no CR LF reaches a log) for any other. */
function pathStep(key: string): string {
  return /^[A-Za-z_$][\w$-]{0,39}$/.test(key) ? `.${key}` : `[${quote(key)}]`;
}

// A UTF-16 surrogate half without its partner. String.prototype.isWellFormed does the same but is
// newer (ES2024) than some browsers and servers that import this file.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function stringProblem(text: string): string | undefined {
  const lone = LONE_SURROGATE.exec(text);
  if (!lone) return undefined;
  const hex = (lone[0].codePointAt(0) ?? 0).toString(16).toUpperCase();
  return `contains a lone surrogate U+${hex} at index ${lone.index}, which is not Unicode text; fix whatever produced it`;
}

function sortedKeys(values: object): string[] {
  return Object.keys(values).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A key quoted for an error message: escapes made visible, long keys shortened. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
