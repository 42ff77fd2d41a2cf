/**
 * A schema built on first use, then kept: `const Evidence = lazySchema(() => z.object({ … }))`,
 * then `Evidence().parse(x)`, and `z.infer<ReturnType<typeof Evidence>>` for its type.
 *
 * Why: a stopped service worker evaluates background.js on every wake, and building a zod
 * schema costs objects and time (an object per schema and per check). A wake for a click needs
 * one message's schema, not all of them (bench/schema-count.ts counts what a module builds).
 */
export function lazySchema<Schema>(build: () => Schema): () => Schema {
  let built: Schema | undefined;
  return () => (built ??= build());
}
