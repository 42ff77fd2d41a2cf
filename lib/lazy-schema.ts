import { z } from './zod';

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

/**
 * The same, for a schema (or a shape of schemas) used as a value everywhere
 * (`SiteSchema.safeParse(x)`, inside other schemas, `typeof SiteSchema`):
 * `const SiteSchema = deferred(() => z.object({ … }))` stands for the schema and builds it the
 * first time anything touches it. The configuration's schemas
 * (providers', trackers', transports', scenarios') are these: a wake that finds the sites it
 * validated before (lib/config/snapshot.ts) never builds them.
 *
 * What reaches it is forwarded to the built schema (a Proxy). zod keys a schema's description
 * by the object (`z.describe`, read by `z.toJSONSchema`), so the description of the built
 * schema is given to the stand-in too.
 */
export function deferred<Schema extends object>(build: () => Schema): Schema {
  let built: Schema | undefined;
  const standIn: Schema = new Proxy({} as Schema, {
    get: (_target, key) => Reflect.get(schema(), key),
    has: (_target, key) => Reflect.has(schema(), key),
    set: (_target, key, value) => Reflect.set(schema(), key, value),
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(schema(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(schema(), key),
    // Reported configurable: a Proxy may not call a property non-configurable that its own
    // (empty) target lacks.
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    ownKeys: () => Reflect.ownKeys(schema()),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
  function schema(): Schema {
    if (built) return built;
    built = build();
    // A schema (a shape of schemas has no description of its own).
    const meta = '_zod' in built ? z.globalRegistry.get(built as never) : undefined;
    if (meta) z.globalRegistry.add(standIn as never, meta);
    return built;
  }
  return standIn;
}
