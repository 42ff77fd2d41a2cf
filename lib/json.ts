import { z } from './zod';
import { DictSchema } from './dict-schema';
import type { JsonValue } from './json-value';

export type { JsonValue } from './json-value';

/**
 * A JSON value. Objects come out as null-prototype records that keep every key, `__proto__`
 * included (values come from pages, providers and storage: see lib/dict.ts).
 */
export const JsonValueSchema: z.ZodMiniType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number().check(z.refine(Number.isFinite, 'must be a finite number')),
    z.boolean(),
    z.null(),
    z.array(JsonValueSchema),
    DictSchema(JsonValueSchema),
  ]),
);
