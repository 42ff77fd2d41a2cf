import { z } from '../../zod';
import { DictSchema } from '../../dict-schema';
import { dict } from '../../dict';
import { makeFlag, type FlagInput } from '../../flags/flag';
import { flagTypeOf } from '../../flags/flag-type';
import type { JsonValue } from '../../json';
import { ProviderError } from '../errors';
import type { ProviderCatalogue } from '../types';

/**
 * The bulk evaluation answer, as lenient as the OpenAPI allows: unknown fields pass, and each
 * item is read on its own so one odd flag is skipped, not the catalogue.
 */
const BulkSchema = z.looseObject({ flags: z.array(z.unknown()) });

const ItemSchema = z.looseObject({
  key: z.string().check(z.minLength(1)),
  // Any JSON; absent when the service defers to the application's code default (ADR 0006).
  value: z.optional(z.unknown()),
  variant: z.catch(z.optional(z.string()), undefined),
  reason: z.catch(z.optional(z.string()), undefined),
  metadata: z.catch(z.optional(DictSchema(z.unknown())), undefined),
  errorCode: z.optional(z.unknown()),
  errorDetails: z.optional(z.unknown()),
});
type Item = z.infer<typeof ItemSchema>;

const METADATA_ENTRIES = 50;
const METADATA_CHARS = 1_000;
/** Deeper values are refused: nothing real nests this far, and validation recurses. */
const MAX_DEPTH = 64;

/** Reads a 200 answer of POST /ofrep/v1/evaluate/flags into flags, with a warning per skipped item. */
export function readBulkEvaluation(body: unknown, url: string): ProviderCatalogue {
  const bulk = BulkSchema.safeParse(body);
  if (!bulk.success) {
    const what = body === null ? 'null' : Array.isArray(body) ? 'a list' : typeof body === 'object' ? `an object with ${describeFlags(body)}` : `a ${typeof body}`;
    throw new ProviderError('bad-response', `${url} answered with ${what}, not OFREP's bulk evaluation ({ "flags": [ … ] }). Check the base URL: it should be the OFREP service's address, without /ofrep/v1.`);
  }
  const flags: FlagInput[] = [];
  const warnings: string[] = [];
  bulk.data.flags.forEach((raw, index) => {
    const item = ItemSchema.safeParse(raw);
    if (!item.success) return void warnings.push(`Skipped flags[${index}]: it has no "key".`);
    const { key, errorCode } = item.data;
    if (errorCode !== undefined) return void warnings.push(evaluationFailed(item.data));
    if (depth(item.data.value) > MAX_DEPTH) return void warnings.push(`Skipped flag ${quote(key)}: its value nests deeper than ${MAX_DEPTH} levels.`);
    flags.push(toFlag(item.data));
  });
  return { flags, warnings };
}

function toFlag(item: Item): FlagInput {
  // JSON.parse made it, so it is JSON.
  const value = item.value as JsonValue | undefined;
  return makeFlag({
    key: item.key,
    // With no value (code default) the type is unknown: a free JSON value is the honest choice.
    type: value === undefined ? 'json' : flagTypeOf(value),
    // OFREP names the served variant only; the others are not part of the protocol.
    variants: value !== undefined && item.variant ? [{ name: item.variant, value }] : [],
    defaultValue: value,
    // OpenFeature's DISABLED reason: the flag is off and the value is its fallback.
    enabled: item.reason === 'DISABLED' ? false : undefined,
    metadata: primitives(item.metadata),
    tags: [],
  });
}

/** Metadata the Flag can hold (strings, numbers, booleans), bounded so it cannot flood storage. */
function primitives(metadata: Record<string, unknown> | undefined): Record<string, string | number | boolean> | undefined {
  const kept = dict<string | number | boolean>();
  for (const [name, value] of Object.entries(metadata ?? {}).slice(0, METADATA_ENTRIES)) {
    if (typeof value === 'string') kept[name.slice(0, 100)] = value.length > METADATA_CHARS ? `${value.slice(0, METADATA_CHARS)}…` : value;
    else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) kept[name.slice(0, 100)] = value;
  }
  return Object.keys(kept).length ? kept : undefined;
}

function evaluationFailed(item: Item): string {
  const code = typeof item.errorCode === 'string' ? clip(item.errorCode, 40) : 'an error';
  const details = typeof item.errorDetails === 'string' && item.errorDetails.trim() ? `: ${clip(item.errorDetails, 200)}` : '';
  const hint = code === 'TARGETING_KEY_MISSING' || code === 'INVALID_CONTEXT' ? ' Add what it needs (e.g. a "targetingKey") to the evaluation context in the site\'s settings.' : '';
  return `Skipped flag ${quote(item.key)}: the service could not evaluate it (${code}${details}).${hint}`;
}

function depth(value: unknown, level = 0): number {
  if (level > MAX_DEPTH || typeof value !== 'object' || value === null) return level;
  let deepest = level;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depth(child, level + 1));
  return deepest;
}

function describeFlags(body: object): string {
  return 'flags' in body ? `"flags" that is not a list` : 'no "flags"';
}

function quote(key: string): string {
  return JSON.stringify(clip(key, 80));
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
