import { z } from '../../zod';
import { DictSchema } from '../../dict-schema';
import { dict } from '../../dict';
import { makeFlag, type FlagInput, type FlagLink, type FlagType, type Variant } from '../../flags/flag';
import { flagTypeOf } from '../../flags/flag-type';
import { JsonValueSchema, type JsonValue } from '../../json';
import { ProviderError } from '../errors';
import { describeZodIssue } from '../pages';
import type { ProviderCatalogue } from '../types';
import { dedupeVariants } from '../values';

/** The header the Flags SDK's createFlagsDiscoveryEndpoint puts on its answers. */
export const SDK_VERSION_HEADER = 'x-flags-sdk-version';

/**
 * The discovery endpoint's answer: the SDK's `ApiData` (flags/dist/types-*.d.ts), read as
 * leniently as it is typed — every part optional, unknown fields passed — with each flag's
 * definition checked on its own, so one odd flag is skipped, not the catalogue.
 */
const ApiDataSchema = z.looseObject({
  definitions: z.optional(DictSchema(z.unknown())),
  hints: z.catch(z.optional(z.array(z.unknown())), undefined),
  overrideEncryptionMode: z.optional(z.unknown()),
});

const OptionSchema = z.looseObject({ value: JsonValueSchema, label: z.catch(z.optional(z.string()), undefined) });

/** `FlagDefinitionType`: options, origin, description, declaredInCode, defaultValue, dates. */
const DefinitionSchema = z.looseObject({
  options: z.optional(z.array(OptionSchema)),
  origin: z.catch(z.optional(z.union([z.string(), z.looseObject({ provider: z.optional(z.string()) })])), undefined),
  description: z.catch(z.optional(z.string()), undefined),
  declaredInCode: z.catch(z.optional(z.boolean()), undefined),
  defaultValue: z.optional(JsonValueSchema),
  createdAt: z.catch(z.optional(z.number()), undefined),
  updatedAt: z.catch(z.optional(z.number()), undefined),
});
type Definition = z.infer<typeof DefinitionSchema>;

const HintSchema = z.looseObject({ key: z.string(), text: z.string() });
const HINTS = 20;

/** Reads a 200 answer of GET /.well-known/vercel/flags into flags, with a warning per skipped flag and per hint. */
export function readDiscovery(body: unknown, url: string, sdkVersion: string | null): ProviderCatalogue {
  const parsed = ApiDataSchema.safeParse(body);
  if (!parsed.success || parsed.data.definitions === undefined) {
    const why = parsed.success ? 'it has no "definitions"' : describeZodIssue(parsed.error);
    const sdk = sdkVersion
      ? `The app runs the Flags SDK ${clip(sdkVersion, 20)}, so the answer comes from the app's own code: check what it passes to createFlagsDiscoveryEndpoint (getProviderData(flags) or mergeProviderData([...])).`
      : `The answer has no ${SDK_VERSION_HEADER} header, so it does not come from the Flags SDK's createFlagsDiscoveryEndpoint: check the App URL, and that the app serves app/.well-known/vercel/flags/route.ts.`;
    throw new ProviderError('bad-response', `${url} did not answer with the Flags SDK's flag definitions ({ "definitions": { "<key>": { … } } }): ${why}. ${sdk}`);
  }
  const flags: FlagInput[] = [];
  const warnings: string[] = [];
  for (const [key, raw] of Object.entries(parsed.data.definitions)) {
    const definition = DefinitionSchema.safeParse(raw);
    if (!definition.success) {
      warnings.push(`Skipped flag ${quote(key)}: ${describeZodIssue(definition.error)}.`);
      continue;
    }
    flags.push(toFlag(key, definition.data));
  }
  for (const raw of (parsed.data.hints ?? []).slice(0, HINTS)) {
    const hint = HintSchema.safeParse(raw);
    // Hints are what the app says when loading a provider's flags failed (ApiData's doc).
    if (hint.success) warnings.push(`The app says (${clip(hint.data.key, 80)}): ${clip(hint.data.text, 300)}`);
  }
  return { flags, warnings };
}

/**
 * One definition as a Flag. The endpoint lists definitions, not what is served, so no flag has
 * a defaultValue or an on/off state here; the SDK's own `defaultValue` is the code's fallback
 * for when deciding fails, kept as metadata.
 */
export function toFlag(key: string, definition: Definition): FlagInput {
  const options = definition.options ?? [];
  const variants = dedupeVariants(options.map((option): Variant => ({ name: option.label ?? nameOf(option.value), value: option.value })));
  const fallback = definition.defaultValue;
  const metadata = dict<string | number | boolean>();
  if (fallback !== undefined) metadata['default in code'] = clip(JSON.stringify(fallback), 200);
  if (typeof definition.origin === 'object' && typeof definition.origin.provider === 'string') metadata.origin = clip(definition.origin.provider, 100);
  return makeFlag({
    key,
    description: definition.description || undefined,
    type: options.length ? typeOfValues(variants.map((v) => v.value)) : typeWithoutOptions(fallback),
    variants,
    tags: [],
    links: linkOf(definition.origin),
    metadata: Object.keys(metadata).length ? metadata : undefined,
    createdAt: definition.createdAt,
    updatedAt: definition.updatedAt,
  });
}

/** One type when every option's value has it; mixed options (or null, objects) are free JSON. */
function typeOfValues(values: JsonValue[]): FlagType {
  const types = new Set(values.map(flagTypeOf));
  return types.size === 1 ? [...types][0]! : 'json';
}

/**
 * A flag declared without options is a boolean by the SDK's own convention: its
 * generatePermutations gives such a flag the options [false, true] (flags 3.0.2, "infer options
 * of boolean flags"). A non-boolean fallback in code says otherwise, so that one takes free JSON.
 */
function typeWithoutOptions(fallback: JsonValue | undefined): FlagType {
  return fallback === undefined || typeof fallback === 'boolean' ? 'boolean' : 'json';
}

function nameOf(value: JsonValue): string {
  return typeof value === 'string' ? clip(value, 100) : clip(JSON.stringify(value), 100);
}

/** The origin, when it is a web address: "the URL where the feature flag can be managed". */
function linkOf(origin: Definition['origin']): FlagLink[] {
  if (typeof origin !== 'string' || !URL.canParse(origin)) return [];
  const url = new URL(origin);
  return url.protocol === 'https:' || url.protocol === 'http:' ? [{ url: url.href, title: 'Where this flag is managed' }] : [];
}

function quote(key: string): string {
  return JSON.stringify(clip(key, 80));
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
