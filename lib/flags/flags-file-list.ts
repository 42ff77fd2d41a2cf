import type { JsonValue } from '../json';
import { FlagTypeSchema, type Flag, type FlagType, type Variant } from './flag';
import {
  booleanVariants,
  checkJsonValue,
  checkKey,
  hasOwn,
  inferType,
  isRecord,
  keyPath,
  makeFlag,
  matchesType,
  show,
  skip,
  Skip,
} from './flags-file-values';

/**
 * One item of the plain list form, normalised:
 *
 *   "new-checkout"                                   → a boolean flag
 *   { "key": "theme", "variants": ["light", "dark"], "default": "light",
 *     "type"?: "string", "description"?: "...", "tags"?: ["ui"], "name"?: "Theme" }
 *
 * `variants` is a list of values (each named after its value) or an object of name → value.
 * Without `type`, the type follows the variants (or the default); with neither, boolean.
 *
 * @example readListItem({ key: 'theme', variants: ['light', 'dark'] }, '[0]')
 */
export function readListItem(item: unknown, path: string): Flag | Skip {
  if (typeof item === 'string') {
    return checkKey(item, path) ?? makeFlag({ key: item, type: 'boolean', variants: booleanVariants(), tags: [] });
  }
  if (!isRecord(item)) return skip(path, `must be a flag key (a string) or an object with a "key" (got ${show(item)})`);

  const { key } = item;
  if (typeof key !== 'string') return skip(`${path}.key`, `must be a string (got ${show(key)})`);
  const badKey = checkKey(key, path);
  if (badKey) return badKey;

  const texts = readTexts(item, path);
  if (texts instanceof Skip) return texts;

  let declared: FlagType | undefined;
  if (item.type !== undefined) {
    const parsed = FlagTypeSchema.safeParse(item.type);
    if (!parsed.success) return skip(`${path}.type`, `must be one of ${FlagTypeSchema.options.join(', ')} (got ${show(item.type)})`);
    declared = parsed.data;
  }

  const variants = readVariants(item.variants, `${path}.variants`);
  if (variants instanceof Skip) return variants;

  let defaultValue: JsonValue | undefined;
  if (hasOwn(item, 'default')) {
    const value = checkJsonValue(item.default, `${path}.default`);
    if (value instanceof Skip) return value;
    defaultValue = value;
  }

  const type =
    declared ?? inferType(variants.map((v) => v.value)) ?? inferType(defaultValue === undefined ? [] : [defaultValue]) ?? 'boolean';
  const mismatch = variants.findIndex((v) => !matchesType(v.value, type));
  if (mismatch >= 0) {
    const where = Array.isArray(item.variants) ? `${path}.variants[${mismatch}]` : keyPath(`${path}.variants`, variants[mismatch]!.name);
    return skip(where, `${show(variants[mismatch]!.value)} is not a ${type}, but the flag's type is "${type}"`);
  }
  if (defaultValue !== undefined && !matchesType(defaultValue, type)) {
    return skip(`${path}.default`, `${show(defaultValue)} is not a ${type}, but the flag's type is "${type}"`);
  }

  return makeFlag({
    key,
    type,
    variants: variants.length === 0 && type === 'boolean' ? booleanVariants() : variants,
    defaultValue,
    ...texts,
  });
}

function readVariants(raw: unknown, path: string): Variant[] | Skip {
  if (raw === undefined) return [];
  const variants: Variant[] = [];
  if (Array.isArray(raw)) {
    for (const [index, rawValue] of raw.entries()) {
      const value = checkJsonValue(rawValue, `${path}[${index}]`);
      if (value instanceof Skip) return value;
      variants.push({ name: typeof value === 'string' ? value : JSON.stringify(value), value });
    }
    return variants;
  }
  if (isRecord(raw)) {
    for (const [name, rawValue] of Object.entries(raw)) {
      const value = checkJsonValue(rawValue, keyPath(path, name));
      if (value instanceof Skip) return value;
      variants.push({ name, value });
    }
    return variants;
  }
  return skip(path, `must be a list of values like ["light", "dark"] or an object like { "a": "light", "b": "dark" } (got ${show(raw)})`);
}

function readTexts(item: Record<string, unknown>, path: string): { name?: string; description?: string; tags: string[] } | Skip {
  const { name, description, tags } = item;
  if (name !== undefined && typeof name !== 'string') return skip(`${path}.name`, `must be a string (got ${show(name)})`);
  if (description !== undefined && typeof description !== 'string') {
    return skip(`${path}.description`, `must be a string (got ${show(description)})`);
  }
  if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => typeof t === 'string'))) {
    return skip(`${path}.tags`, `must be a list of strings like ["checkout", "q3"] (got ${show(tags)})`);
  }
  return {
    ...(name === undefined ? {} : { name }),
    ...(description === undefined ? {} : { description }),
    tags: tags === undefined ? [] : [...(tags as string[])],
  };
}
