import type { JsonValue } from '../../json';
import type { PageReportInput } from '../observation';
import { decodeOverrides } from '../../wire/payload';
import { ELEMENT_VALUE_TEXT_LENGTH, LIMITS } from './limits';
import { checkJson, clip, createNotes, formatSize, quote, type Notes } from './text';

/**
 * Reading the page's flag markers, as pure functions of their texts (scan.ts takes the texts out
 * of the document). Formats, decided in docs/detection.md:
 * - `<meta name="feature-flags" content="…">`: the wire format (`key=<percent-encoded JSON>&…`),
 *   a JSON object (starts with `{`; `[` is read as JSON too, to say it is not an object), or keys that are on, separated by commas or whitespace;
 * - `<script type="application/json" data-flag-values>`: a JSON object (Vercel's Flags SDK
 *   `<FlagValues>`); a JSON string there means the values are encrypted;
 * - elements with `data-feature-flag="key"` and optionally `data-feature-flag-value="…"` (JSON
 *   when it parses, else the text itself).
 * Everything is untrusted page data: texts over LIMITS.markerTextLength are skipped unread, every
 * key and value is capped, and each problem becomes a short note for the tester.
 */

export type MarkerObservation = PageReportInput['observations'][number];

/** The texts of a document's markers, in document order. */
export interface MarkerTexts {
  /** `content` of each `<meta name="feature-flags">`. */
  metas: readonly string[];
  /** Text of each `<script type="application/json" data-flag-values>`. */
  scripts: readonly string[];
  /** The elements read (at most LIMITS.elementsScanned): `data-feature-flag` and `data-feature-flag-value`. */
  elements: readonly { key: string; value: string | null }[];
  /** Elements with `data-feature-flag` in the document, read or not. */
  elementsTotal: number;
  /** Tags of each kind in the document, when more than were read. */
  metasTotal?: number;
  scriptsTotal?: number;
}

/** Every marker in the document now: it replaces the previous snapshot in the background. */
export interface MarkerSnapshot {
  observations: MarkerObservation[];
  notes: string[];
}

const META = '<meta name="feature-flags">';
const SCRIPT = '<script data-flag-values>';
const ELEMENT = '[data-feature-flag]';

interface Entry {
  value?: JsonValue;
  detail?: string;
  elements?: number;
  /** The element's raw `data-feature-flag-value`, to notice elements that disagree. */
  raw?: string | null;
}

interface Collector {
  notes: Notes;
  longKeys: number;
  emptyKeys: number;
}

/**
 * Turns marker texts into observations (meta first, then script, then elements, at most
 * LIMITS.reportObservations) and notes. `at` is the document's start time: markup has no clock.
 *
 * @example
 * readMarkers({ metas: ['new-checkout=true'], scripts: [], elements: [], elementsTotal: 0 }, 1000)
 * // { observations: [{ key: 'new-checkout', source: 'meta', value: true, at: 1000 }], notes: [] }
 */
export function readMarkers(texts: MarkerTexts, at: number): MarkerSnapshot {
  const c: Collector = { notes: createNotes(), longKeys: 0, emptyKeys: 0 };
  const meta = new Map<string, Entry>();
  const script = new Map<string, Entry>();
  const element = new Map<string, Entry>();

  for (const text of texts.metas) {
    for (const [key, value] of metaEntries(text, c.notes)) put(meta, key, value, META, c);
  }
  for (const text of texts.scripts) {
    for (const [key, value] of scriptEntries(text, c.notes)) put(script, key, value, SCRIPT, c);
  }
  for (const { key, value } of texts.elements) addElement(element, key, value, c);

  // Notes about caps go first: with at most 10 notes, they matter more than one bad value.
  const summary = createNotes();
  tagsNote(texts.metasTotal, texts.metas.length, META, summary);
  tagsNote(texts.scriptsTotal, texts.scripts.length, SCRIPT, summary);
  if (texts.elementsTotal > texts.elements.length) {
    summary.add(`${texts.elementsTotal} elements carry data-feature-flag; Flagtab looks at the first ${texts.elements.length}.`);
  }
  if (c.longKeys > 0) summary.add(`${c.longKeys} flag keys are longer than ${LIMITS.keyLength} characters; Flagtab skipped them.`);
  if (c.emptyKeys > 0) summary.add(`${c.emptyKeys} markers have an empty flag key; Flagtab skipped them.`);

  const observations: MarkerObservation[] = [];
  const total = meta.size + script.size + element.size;
  for (const [source, entries] of [['meta', meta], ['script', script], ['element', element]] as const) {
    for (const [key, entry] of entries) {
      if (observations.length >= LIMITS.reportObservations) break;
      observations.push({
        key,
        source,
        ...(entry.value !== undefined ? { value: entry.value } : {}),
        ...(entry.detail ? { detail: entry.detail } : {}),
        ...(entry.elements !== undefined ? { elements: entry.elements } : {}),
        at,
      });
    }
  }
  if (total > observations.length) {
    summary.add(`The page marks ${total} flags; Flagtab reports the first ${observations.length}.`);
  }
  for (const note of c.notes.list) summary.add(note);
  return { observations, notes: summary.list };
}

/** The key/value pairs of one `<meta name="feature-flags">`. */
export function metaEntries(text: string, notes: Notes): [string, unknown][] {
  if (text.length > LIMITS.markerTextLength) {
    notes.add(`${META} is ${formatSize(text.length)}; Flagtab reads at most ${formatSize(LIMITS.markerTextLength)}.`);
    return [];
  }
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return objectEntries(parseJson(trimmed, META, notes), META, notes);
  if (trimmed.includes('=')) {
    const decoded = decodeOverrides(trimmed);
    if (decoded.ok) return Object.entries(decoded.values);
    notes.add(`${META} is not valid wire format: ${decoded.error}`);
    return [];
  }
  return trimmed.split(/[\s,]+/).filter(Boolean).map((key) => [key, true]);
}

/** The key/value pairs of one `<script type="application/json" data-flag-values>`. */
export function scriptEntries(text: string, notes: Notes): [string, unknown][] {
  if (text.length > LIMITS.markerTextLength) {
    notes.add(`${SCRIPT} is ${formatSize(text.length)}; Flagtab reads at most ${formatSize(LIMITS.markerTextLength)}.`);
    return [];
  }
  const parsed = parseJson(text, SCRIPT, notes);
  if (typeof parsed === 'string') {
    // https://flags-sdk.dev/frameworks/next/dashboard-sync — <FlagValues> encrypts with FLAGS_SECRET.
    notes.add(`${SCRIPT} holds encrypted values (a JSON string); Flagtab cannot read them.`);
    return [];
  }
  return objectEntries(parsed, SCRIPT, notes);
}

const NOTHING = Symbol('unparsed');

function parseJson(text: string, where: string, notes: Notes): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // JSON.parse throws only SyntaxError; its message names the position of the problem.
    const why = error instanceof SyntaxError ? error.message : String(error);
    notes.add(`${where} is not valid JSON (${clip(why, 120)}).`);
    return NOTHING;
  }
}

function objectEntries(parsed: unknown, where: string, notes: Notes): [string, unknown][] {
  if (parsed === NOTHING) return [];
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    notes.add(`${where} holds ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`}, not an object of flag values.`);
    return [];
  }
  return Object.entries(parsed);
}

function tagsNote(total: number | undefined, read: number, what: string, notes: Notes) {
  if (total !== undefined && total > read) notes.add(`The page has ${total} ${what} tags; Flagtab reads the first ${read}.`);
}

function keyProblem(key: string, c: Collector): boolean {
  if (key === '') c.emptyKeys++;
  else if (key.length > LIMITS.keyLength) c.longKeys++;
  else return false;
  return true;
}

/** Adds a meta or script value; a later tag's value replaces an earlier one for the same key. */
function put(into: Map<string, Entry>, key: string, raw: unknown, where: string, c: Collector) {
  if (keyProblem(key, c)) return;
  into.set(key, valueEntry(key, raw, where, c.notes));
}

function valueEntry(key: string, raw: unknown, where: string, notes: Notes): Entry {
  const checked = checkJson(raw, LIMITS.valueJsonLength);
  if (checked.ok) return { value: checked.value };
  // JSON.parse only makes JSON, so a refusal here means the value is too large (or too deep).
  notes.add(`${where}: the value of ${quote(key)} is larger than ${formatSize(LIMITS.valueJsonLength)} as JSON; Flagtab does not show it.`);
  return { detail: 'value too large to show' };
}

function addElement(into: Map<string, Entry>, key: string, raw: string | null, c: Collector) {
  if (keyProblem(key, c)) return;
  const seen = into.get(key);
  if (seen) {
    seen.elements = (seen.elements ?? 0) + 1;
    if (raw !== seen.raw && !seen.detail?.startsWith('elements disagree')) {
      seen.detail = clip(`elements disagree: the first says ${describeRaw(seen.raw)}, another ${describeRaw(raw)}`, LIMITS.detailLength);
    }
    return;
  }
  const entry: Entry = raw === null ? {} : elementValue(key, raw, c.notes);
  into.set(key, { ...entry, elements: 1, raw });
}

/** `data-feature-flag-value`: JSON when it parses (`"b"`, `true`, `3`), else the text itself (`b`). */
function elementValue(key: string, raw: string, notes: Notes): Entry {
  if (raw.length > ELEMENT_VALUE_TEXT_LENGTH) {
    notes.add(`${ELEMENT}: the value of ${quote(key)} is ${formatSize(raw.length)}; Flagtab shows values up to ${formatSize(LIMITS.valueJsonLength)}.`);
    return { detail: 'value too large to show' };
  }
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    // Not JSON: the attribute's text is the value, e.g. data-feature-flag-value="b".
    if (!(error instanceof SyntaxError)) throw error;
  }
  return valueEntry(key, parsed, ELEMENT, notes);
}

function describeRaw(raw: string | null | undefined): string {
  return raw === null || raw === undefined ? 'no value' : quote(raw, 30);
}

/** A cheap identity of a snapshot: a new report is sent only when it changes. */
export function snapshotSignature(snapshot: MarkerSnapshot): string {
  return JSON.stringify(snapshot);
}
