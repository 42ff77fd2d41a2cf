import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

let validateAdf: ValidateFunction | undefined;

/**
 * What the published ADF JSON schema finds wrong with a document; empty when it is valid.
 * The schema declares draft-04, which ajv 8 has no meta-schema for; its keywords (no boolean
 * exclusiveMinimum, no `id`) mean the same in ajv's default draft-07, so the declaration is
 * dropped. `strict: false` because the schema uses tuple `items` without minItems/maxItems,
 * which is valid JSON Schema that ajv's strict mode merely warns about.
 */
export function adfErrors(doc: unknown): string[] {
  if (!validateAdf) {
    const path = new URL('../../node_modules/@atlaskit/adf-schema/dist/json-schema/v1/full.json', import.meta.url);
    const { $schema: _draft04, ...schema } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    validateAdf = new Ajv({ strict: false, allErrors: false }).compile(schema);
  }
  if (validateAdf(doc)) return [];
  return (validateAdf.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
