import type { Dict } from '../dict';
import { DictSchema } from '../dict-schema';
import type { z } from '../zod';

/**
 * DictSchema over a zod/mini schema. lib/dict-schema.ts still types its value parameter as a
 * classic zod schema, though at run time it only calls `safeParse`, which both kinds have.
 * Remove once DictSchema accepts any `z.core.$ZodType` (lib/dict-schema.ts is moving to zod/mini).
 *
 * @example DictOf(z.object({ source: z.string() })).parse({ checkout: { source: 'page' } })
 */
export function DictOf<V extends z.core.$ZodType>(value: V) {
  return DictSchema(value as unknown as Parameters<typeof DictSchema>[0]) as unknown as z.ZodMiniType<Dict<z.output<V>>, Record<string, unknown>>;
}
