import { describeIssues } from '../schema-issues';
import { createVersionChain, type ChainProblem } from './migration-chain';
import { ConfigV1Schema, type Config } from './versions';

/**
 * Every version of the configuration and how each steps to the next. To add version 2:
 *
 *   export const CONFIG_CHAIN = createVersionChain(ConfigV1Schema)
 *     .then(ConfigV2Schema, (v1): ConfigV2Input => ({ ...v1, version: 2, ... }));
 *
 * The type of `migrateConfig`'s result follows the chain's last schema, so pointing
 * `Config` in versions.ts at V2 without a step here fails to compile.
 */
export const CONFIG_CHAIN = createVersionChain(ConfigV1Schema);

export type ConfigReadResult = { ok: true; config: Config; migratedFrom?: number } | { ok: false; error: string };

/**
 * Reads a stored (or imported) configuration document of any known version and returns it
 * at the current version. Expected problems come back as a message saying what to do.
 *
 * @example
 * const result = migrateConfig(stored);
 * if (!result.ok) showError(result.error);
 */
export function migrateConfig(raw: unknown): ConfigReadResult {
  const result = CONFIG_CHAIN.read(raw);
  if (!result.ok) return { ok: false, error: describeProblem(result.problem) };
  return result.migratedFrom === undefined
    ? { ok: true, config: result.value }
    : { ok: true, config: result.value, migratedFrom: result.migratedFrom };
}

/** Turns a chain problem into a sentence for the person who has to act on it. */
export function describeProblem(problem: ChainProblem): string {
  switch (problem.kind) {
    case 'not-an-object':
      return 'the configuration must be a JSON object like { "version": 1, "sites": [] }';
    case 'no-version':
      return `version: must be a whole number such as 1 (got ${JSON.stringify(problem.found) ?? 'nothing'})`;
    case 'newer':
      return (
        `this configuration was written by a newer version of Flagtab (format version ${problem.found}; ` +
        `this one reads up to version ${problem.latest}) — update Flagtab to use it`
      );
    case 'older':
      return (
        `this configuration uses format version ${problem.found}, which is older than this version of Flagtab ` +
        `can read (${problem.first} and later) — export it again from a Flagtab that can, or re-create the sites`
      );
    case 'invalid':
      return describeIssues(problem.issues);
    case 'upgrade-failed':
      return (
        `could not upgrade the configuration from format version ${problem.from} to ${problem.to} ` +
        `(${describeIssues(problem.issues)}) — this is a bug in Flagtab; please report it`
      );
  }
}
