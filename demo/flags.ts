import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { JsonValueSchema, type JsonValue } from '../lib/json';

/**
 * The shop's flag definitions, in flagd's flag-definition format
 * (https://flagd.dev/reference/flag-definitions/). Kept as a real file so it is served byte for
 * byte at /flags.json and a provider adapter can be pointed at it.
 */
export const FLAGS_FILE = new URL('./flags.json', import.meta.url);

const FlagdFlagSchema = z.object({
  state: z.enum(['ENABLED', 'DISABLED']),
  variants: z.record(z.string(), JsonValueSchema),
  defaultVariant: z.string(),
  metadata: z.record(z.string(), JsonValueSchema).optional(),
});

const FlagdFileSchema = z.object({
  $schema: z.string().optional(),
  flags: z.record(z.string(), FlagdFlagSchema),
});
export type FlagdFile = z.infer<typeof FlagdFileSchema>;

/** Reads and validates demo/flags.json; returns the raw text (to serve) and the parsed file. */
export function loadFlagsFile(): { text: string; file: FlagdFile } {
  const text = readFileSync(FLAGS_FILE, 'utf8');
  const parsed = FlagdFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(`demo/flags.json is not a valid flagd file — fix it: ${parsed.error.message}`, {
      cause: parsed.error,
    });
  }
  return { text, file: parsed.data };
}

/** Each flag's default value, e.g. `{ 'new-checkout': false, 'max-items': 3, ... }`. */
export function defaultValues(file: FlagdFile): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, flag] of Object.entries(file.flags)) {
    const value = flag.variants[flag.defaultVariant];
    if (value === undefined) {
      throw new Error(`demo/flags.json: flag "${key}" names defaultVariant "${flag.defaultVariant}", which is not one of its variants`);
    }
    setOwn(out, key, value);
  }
  return out;
}

/**
 * Defaults overlaid with every decoded override, known key or not, so tests can see unknown keys
 * arrive too; the pages only react to the keys they know (see shopView).
 */
export function effectiveFlags(
  defaults: Record<string, JsonValue>,
  overrides: Record<string, JsonValue>,
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(defaults)) setOwn(out, key, value);
  for (const [key, value] of Object.entries(overrides)) setOwn(out, key, value);
  return out;
}

// Keys come from request headers; plain assignment of "__proto__" would swap the prototype.
function setOwn(target: Record<string, JsonValue>, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
