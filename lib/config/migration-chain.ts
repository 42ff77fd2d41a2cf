import { z } from '../zod';

/**
 * A typed chain of versions for a stored document: version 1's schema, then for each later
 * version its schema and one function from the previous version's value to it. Reading a
 * document validates it against the schema of the version it says it is, then steps it up
 * one version at a time, validating each result.
 *
 * Knows nothing about Flagtab's configuration: `migrations.ts` builds the real chain and
 * turns problems into messages; tests build their own chains.
 */

/** A schema for one version (zod/mini or classic): it must pin `version` to that version's number. */
export type VersionSchema = z.core.$ZodType<{ version: number }>;

/** Why a document could not be read. Callers turn these into messages for their users. */
export type ChainProblem =
  | { kind: 'not-an-object' }
  | { kind: 'no-version'; found: unknown }
  | { kind: 'newer'; found: number; latest: number }
  | { kind: 'older'; found: number; first: number }
  | { kind: 'invalid'; version: number; issues: z.core.$ZodIssue[] }
  | { kind: 'upgrade-failed'; from: number; to: number; issues: z.core.$ZodIssue[] };

export type ChainResult<T> = { ok: true; value: T; migratedFrom?: number } | { ok: false; problem: ChainProblem };

export interface VersionChain<T> {
  /** The oldest version this chain reads. */
  readonly first: number;
  /** The newest version, which `read` returns. */
  readonly latest: number;
  /** Validate `raw` against its own version's schema, then step it up to `latest`. */
  read(raw: unknown): ChainResult<T>;
  /**
   * A chain one version longer: `schema` is version `latest + 1`, `up` turns a value of the
   * current latest version into it (its result is validated against `schema`).
   */
  then<S extends VersionSchema>(schema: S, up: (previous: T) => z.input<S>): VersionChain<z.output<S>>;
}

interface Step {
  schema: VersionSchema;
  /** From the previous version's value; absent for the first version. */
  up?: (previous: never) => unknown;
}

/**
 * Starts a chain whose oldest version is `first` (usually 1).
 *
 * @example
 * const chain = createVersionChain(DocV1Schema).then(DocV2Schema, (v1) => ({ ...v1, version: 2, extra: [] }));
 * const result = chain.read(JSON.parse(text)); // ChainResult<DocV2>
 */
export function createVersionChain<S extends VersionSchema>(schema: S, first = 1): VersionChain<z.output<S>> {
  return chainOf<z.output<S>>([{ schema }], first);
}

function chainOf<T>(steps: readonly Step[], first: number): VersionChain<T> {
  const latest = first + steps.length - 1;
  return {
    first,
    latest,
    read: (raw) => read<T>(steps, first, raw),
    then: <S extends VersionSchema>(schema: S, up: (previous: T) => z.input<S>) =>
      chainOf<z.output<S>>([...steps, { schema, up: up as (previous: never) => unknown }], first),
  };
}

function read<T>(steps: readonly Step[], first: number, raw: unknown): ChainResult<T> {
  const latest = first + steps.length - 1;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail({ kind: 'not-an-object' });
  const found = (raw as { version?: unknown }).version;
  if (typeof found !== 'number' || !Number.isInteger(found)) return fail({ kind: 'no-version', found });
  if (found > latest) return fail({ kind: 'newer', found, latest });
  if (found < first) return fail({ kind: 'older', found, first });

  const own = z.safeParse((steps[found - first] as Step).schema, raw);
  if (!own.success) return fail({ kind: 'invalid', version: found, issues: own.error.issues });

  let value: unknown = own.data;
  for (let version = found + 1; version <= latest; version++) {
    const step = steps[version - first] as Step;
    const next = z.safeParse(step.schema, (step.up as (previous: unknown) => unknown)(value));
    if (!next.success) return fail({ kind: 'upgrade-failed', from: version - 1, to: version, issues: next.error.issues });
    value = next.data;
  }
  return found === latest ? { ok: true, value: value as T } : { ok: true, value: value as T, migratedFrom: found };
}

function fail(problem: ChainProblem): { ok: false; problem: ChainProblem } {
  return { ok: false, problem };
}
