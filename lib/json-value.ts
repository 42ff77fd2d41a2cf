/**
 * The JSON value type on its own, with no zod: lib/wire and the packages built from it
 * (packages/server ships its type declarations) must not drag zod's types along.
 */

/** Any value JSON can carry: what a flag can be overridden to. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
