import { z } from 'zod';
import { JsonValueSchema } from '../json';

/** The kinds of value a flag can take; decides which control the popup shows. */
export const FlagTypeSchema = z.enum(['boolean', 'string', 'number', 'json']);
export type FlagType = z.infer<typeof FlagTypeSchema>;

export const VariantSchema = z.object({
  /** The variant's name as the provider knows it, e.g. "b" or "control". */
  name: z.string(),
  value: JsonValueSchema,
});
export type Variant = z.infer<typeof VariantSchema>;

/** One flag, normalised from whatever the provider sent. */
export const FlagSchema = z.object({
  key: z.string().min(1),
  name: z.string().optional(),
  description: z.string().optional(),
  type: FlagTypeSchema,
  /** Known variants; empty when the flag takes free values. */
  variants: z.array(VariantSchema),
  /** The value users get when nobody overrides it (the provider's default). */
  defaultValue: JsonValueSchema.optional(),
  /** Whether the flag is enabled in the configured environment, when the provider says. */
  enabled: z.boolean().optional(),
  tags: z.array(z.string()),
});
export type Flag = z.infer<typeof FlagSchema>;
