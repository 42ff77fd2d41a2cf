import type { Flag } from './flag';
import { readFlagdFlag } from './flags-file-flagd';
import { readListItem } from './flags-file-list';
import { isRecord, keyPath, quote, show, Skip, skipWarning } from './flags-file-values';

export { MAX_FLAG_KEY_LENGTH } from './flags-file-values';

/** Bigger files are refused: a catalogue that size is a mistake, and it has to fit in storage. */
export const MAX_FLAGS_FILE_BYTES = 5 * 1024 * 1024;

export type FlagsFileResult = { ok: true; flags: Flag[]; warnings: string[] } | { ok: false; error: string };

const SHAPES =
  'a flags file is either flagd flag definitions — { "flags": { "new-checkout": { "state": "ENABLED", ' +
  '"variants": { "on": true, "off": false }, "defaultVariant": "off" } } } — or a JSON list of flags — ' +
  '["new-checkout", { "key": "theme", "variants": ["light", "dark"], "default": "light" }]';

/**
 * Reads a flags file: flagd's flag-definition format, or a plain JSON list of flags.
 *
 * A flag that cannot be used is skipped with a warning naming where and why, so one bad flag
 * does not hide the rest of the catalogue. Problems with the whole file (too big, not JSON,
 * neither shape) are errors.
 *
 * @example
 * const result = parseFlagsFile(await response.text());
 * if (!result.ok) return showError(result.error);
 * result.warnings.forEach(showWarning);
 */
export function parseFlagsFile(text: string): FlagsFileResult {
  if (isTooBig(text)) {
    const bytes = new TextEncoder().encode(text).byteLength;
    return {
      ok: false,
      error: `the flags file is ${megabytes(bytes)} MB; Flagtab reads flags files up to ${megabytes(MAX_FLAGS_FILE_BYTES)} MB — serve a smaller file, for example one per team or site`,
    };
  }

  let doc: unknown;
  try {
    // A byte-order mark is what some editors put first; JSON.parse rejects it.
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return { ok: false, error: `not valid JSON: ${error.message} — check that this is a flags file (${SHAPES})` };
  }
  return parseFlagsDocument(doc);
}

/** Reads an already parsed flags file (see parseFlagsFile). */
export function parseFlagsDocument(doc: unknown): FlagsFileResult {
  if (Array.isArray(doc)) return collect(doc.map((item, index) => ({ path: `[${index}]`, read: () => readListItem(item, `[${index}]`) })));
  if (isRecord(doc) && doc.flags !== undefined) {
    const { flags } = doc;
    if (isRecord(flags)) {
      return collect(Object.entries(flags).map(([key, def]) => ({ path: keyPath('flags', key), read: () => readFlagdFlag(key, def, keyPath('flags', key)) })));
    }
    if (Array.isArray(flags)) {
      // flagd's import format also allows a list of flags that each carry their "key".
      return collect(flags.map((def: unknown, index) => ({ path: `flags[${index}]`, read: () => readFlagdListItem(def, `flags[${index}]`) })));
    }
    return { ok: false, error: `flags: must be an object mapping each flag key to its definition (got ${show(flags)}) — ${SHAPES}` };
  }
  return { ok: false, error: `this is not a flags file Flagtab can read: ${SHAPES}` };
}

interface Entry {
  path: string;
  read: () => Flag | Skip;
}

function collect(entries: Entry[]): FlagsFileResult {
  const flags: Flag[] = [];
  const warnings: string[] = [];
  const firstPathByKey = new Map<string, string>();
  for (const { path, read } of entries) {
    const flag = read();
    if (flag instanceof Skip) {
      warnings.push(skipWarning(flag));
      continue;
    }
    const first = firstPathByKey.get(flag.key);
    if (first !== undefined) {
      warnings.push(`${path}: duplicate key ${quote(flag.key)} (first at ${first}); kept the first and skipped this one`);
      continue;
    }
    firstPathByKey.set(flag.key, path);
    flags.push(flag);
  }
  if (entries.length === 0) warnings.push('the file lists no flags');
  return { ok: true, flags, warnings };
}

function readFlagdListItem(def: unknown, path: string): Flag | Skip {
  if (!isRecord(def) || typeof def.key !== 'string') {
    return new Skip(`${path}.key`, `must be the flag's key, a string (got ${show(isRecord(def) ? def.key : def)})`);
  }
  return readFlagdFlag(def.key, def, path);
}

/** Over the limit in UTF-8, encoding only when the length alone cannot tell (a UTF-16 unit is 1–3 bytes). */
function isTooBig(text: string): boolean {
  if (text.length > MAX_FLAGS_FILE_BYTES) return true;
  if (text.length * 3 <= MAX_FLAGS_FILE_BYTES) return false;
  return new TextEncoder().encode(text).byteLength > MAX_FLAGS_FILE_BYTES;
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}
