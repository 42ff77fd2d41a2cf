import { z } from './zod';
import { dict, type Dict } from './dict';

/** The zod side of lib/dict.ts, apart so the popup and content scripts stay free of zod. */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Like `z.record(z.string(), value)`, but its output is a null-prototype record and a key named
 * `__proto__` is kept (zod's record skips it silently, so it would not round-trip). Keys may be
 * checked with `key`; issues carry the key in their path, as zod's own record's do.
 *
 * @example DictSchema(z.number()).parse(JSON.parse('{"__proto__": 1}')) // own property __proto__: 1
 */
export function DictSchema<V extends z.core.$ZodType>(value: V, key: z.core.$ZodType<string> = z.string()) {
  return z.pipe(
    z.custom<Record<string, unknown>>(isRecord, 'must be an object'),
    z.transform((input: Record<string, unknown>, ctx) => {
      const out = dict<z.output<V>>();
      // zod/mini's transform has no addIssue: its issues go straight onto the parse's list.
      const addIssue = (message: string, path: PropertyKey[]) => ctx.issues.push({ code: 'custom', message, path, input });
      for (const [k, v] of Object.entries(input)) {
        const checkedKey = z.safeParse(key, k);
        if (!checkedKey.success) {
          for (const issue of checkedKey.error.issues) addIssue(issue.message, [k]);
          continue;
        }
        const parsed = z.safeParse(value, v);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) addIssue(issue.message, [k, ...issue.path]);
          continue;
        }
        out[checkedKey.data] = parsed.data as z.output<V>;
      }
      return out as Dict<z.output<V>>;
    }),
  );
}
