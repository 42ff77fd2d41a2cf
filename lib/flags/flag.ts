import { z } from '../zod';
import { DictSchema } from '../dict-schema';
import { JsonValueSchema } from '../json';
import { deferred } from '../lazy-schema';

/** The kinds of value a flag can take; decides which control the popup shows. */
export const FlagTypeSchema = deferred(() => z.enum(['boolean', 'string', 'number', 'json']));
export type FlagType = z.infer<typeof FlagTypeSchema>;

export const VariantSchema = deferred(() => z.object({
  /** The variant's name as the provider knows it, e.g. "b" or "control". */
  name: z.string(),
  value: JsonValueSchema,
  description: z.optional(z.string()),
}));
export type Variant = z.infer<typeof VariantSchema>;

export const FlagLinkSchema = deferred(() => z.object({ url: z.string(), title: z.optional(z.string()) }));
export type FlagLink = z.infer<typeof FlagLinkSchema>;

/** A flag's state in one environment of its provider. */
export const EnvironmentStateSchema = deferred(() => z.object({ enabled: z.boolean() }));

/**
 * One flag, normalised from whatever the provider sent. Every provider adapter produces this
 * shape, so the popup, the override engine and the sign-off never see a vendor's format.
 */
export const FlagSchema = deferred(() => z.object({
  key: z.string().check(z.minLength(1)),
  name: z.optional(z.string()),
  description: z.optional(z.string()),
  type: FlagTypeSchema,
  /** Known variants; empty when the flag takes free values or the provider does not list them. */
  variants: z.array(VariantSchema),
  /** The value users get in the configured environment when nobody overrides it. */
  defaultValue: z.optional(JsonValueSchema),
  /** The value served while the flag is switched off, when the provider says. */
  offValue: z.optional(JsonValueSchema),
  /** Whether the flag is on in the configured environment, when the provider says. */
  enabled: z.optional(z.boolean()),
  /** The flag's state in every environment the provider reported, by environment name. */
  environments: z.optional(DictSchema(EnvironmentStateSchema)),
  tags: z.array(z.string()),
  /** Ticket keys this flag belongs to ("SHOP-142", "acme/shop#12"), found by lib/tickets. */
  tickets: z._default(z.array(z.string()), []),
  links: z._default(z.array(FlagLinkSchema), []),
  /** Other text the provider attached (custom properties, OFREP metadata), for ticket search. */
  metadata: z.optional(DictSchema(z.union([z.string(), z.number(), z.boolean()]))),
  createdAt: z.optional(z.number()),
  updatedAt: z.optional(z.number()),
  /** Why this flag looks ready to remove (fully on for a long time), when the provider says enough. */
  stale: z.optional(z.string()),
}));
export type Flag = z.infer<typeof FlagSchema>;
/** A flag as adapters build it: tickets and links may be left out. */
export type FlagInput = z.input<typeof FlagSchema>;

type Loose<T> = { [K in keyof T]?: T[K] | undefined };

/**
 * Builds a Flag from an adapter's fields, dropping the ones it left undefined (storage and
 * structured clone keep no `undefined` holes, and equality checks in tests stay simple).
 */
export function makeFlag(fields: Pick<Flag, 'key' | 'type' | 'variants' | 'tags'> & Loose<Omit<Flag, 'key' | 'type' | 'variants' | 'tags'>>): Flag {
  const flag: Flag = { key: fields.key, type: fields.type, variants: fields.variants, tags: fields.tags, tickets: fields.tickets ?? [], links: fields.links ?? [] };
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && !(name in flag)) (flag as Record<string, unknown>)[name] = value;
  }
  return flag;
}
