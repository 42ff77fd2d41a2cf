import type { JsonValue } from '../json';
import { dictFrom } from '../dict';
import type { Flag, Variant } from './flag';
import {
  booleanVariants,
  checkJsonValue,
  checkKey,
  inferType,
  isRecord,
  keyPath,
  listNames,
  makeFlag,
  quote,
  readTags,
  show,
  skip,
  Skip,
} from './flags-file-values';

/**
 * One flag of a flagd flag-definition file, normalised.
 * Format: https://flagd.dev/reference/flag-definitions/ (schema: https://flagd.dev/schema/v0/flags.json)
 *
 * - `state` is required. A DISABLED flag is kept with `enabled: false`: flagd answers
 *   "flag not found" (reason DISABLED) for it, but testers still want to switch it on.
 * - `variants` may be left out: flagd's schema then means `{ "true": true, "false": false }`.
 * - `defaultVariant` may be missing or null: the application's code default applies, so the
 *   flag has no `defaultValue`.
 * - `targeting` is ignored: overrides replace whatever targeting would decide.
 *
 * @example readFlagdFlag('hero-banner', { state: 'ENABLED', variants: { a: 'A' }, defaultVariant: 'a' }, 'flags["hero-banner"]')
 */
export function readFlagdFlag(key: string, definition: unknown, path: string): Flag | Skip {
  const badKey = checkKey(key, path);
  if (badKey) return badKey;
  if (!isRecord(definition)) {
    return skip(path, `must be an object with "state", "variants" and "defaultVariant" (got ${show(definition)})`);
  }

  const { state } = definition;
  if (state !== 'ENABLED' && state !== 'DISABLED') {
    return skip(`${path}.state`, `must be "ENABLED" or "DISABLED" (got ${show(state)})`);
  }

  const variants = readVariants(definition.variants, `${path}.variants`);
  if (variants instanceof Skip) return variants;

  const defaultValue = readDefaultVariant(definition.defaultVariant, variants, `${path}.defaultVariant`);
  if (defaultValue instanceof Skip) return defaultValue;

  const metadata = isRecord(definition.metadata) ? definition.metadata : {};
  return makeFlag({
    key,
    // readVariants never returns an empty list, so there is always a type.
    type: inferType(variants.map((v) => v.value)) ?? 'json',
    variants,
    tags: readTags(metadata.tags),
    description: typeof metadata.description === 'string' ? metadata.description : undefined,
    // The rest (a "ticket", an "owner"…) is kept for the ticket search; flagd metadata is scalars only.
    metadata: scalarEntries(metadata, ['description', 'tags']),
    defaultValue,
    enabled: state === 'ENABLED',
  });
}

function readVariants(raw: unknown, path: string): Variant[] | Skip {
  if (raw === undefined) return booleanVariants();
  if (!isRecord(raw)) {
    return skip(path, `must be an object mapping each variant's name to its value, like { "on": true, "off": false } (got ${show(raw)})`);
  }
  const variants: Variant[] = [];
  for (const [name, rawValue] of Object.entries(raw)) {
    const value = checkJsonValue(rawValue, keyPath(path, name));
    if (value instanceof Skip) return value;
    variants.push({ name, value });
  }
  if (variants.length === 0) return skip(path, 'lists no variants; give at least one, like { "on": true, "off": false }');
  return variants;
}

function readDefaultVariant(raw: unknown, variants: readonly Variant[], path: string): JsonValue | undefined | Skip {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') {
    return skip(path, `must be the name of one of its variants, or null for the application's own default (got ${show(raw)})`);
  }
  // A lookup in the list, not the object: a variant called "toString" must not be found by accident.
  const variant = variants.find((v) => v.name === raw);
  if (!variant) return skip(path, `${quote(raw)} is not one of its variants (${listNames(variants.map((v) => v.name))})`);
  return variant.value;
}

/** The metadata's string, number and boolean entries other than `skip`; undefined when none. */
function scalarEntries(metadata: Record<string, unknown>, skip: string[]): Record<string, string | number | boolean> | undefined {
  const kept = Object.entries(metadata).filter(([name, value]) => !skip.includes(name) && ['string', 'number', 'boolean'].includes(typeof value));
  return kept.length ? (dictFrom(kept) as Record<string, string | number | boolean>) : undefined;
}
