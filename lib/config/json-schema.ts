import { z } from '../zod';
import { CONFIG_SCHEMA_URL, ConfigFileSchema } from './file';

/**
 * The JSON Schema of the import/export file, written to docs/config.schema.json by
 * `npm run schema`. Built for input (`io: 'input'`), so fields with defaults are optional,
 * as they are when importing. Cross-field rules (unique ids, one site per host) cannot be
 * expressed in JSON Schema; Flagtab checks them on import.
 *
 * @example writeFileSync('docs/config.schema.json', JSON.stringify(buildConfigJsonSchema(), null, 2));
 */
export function buildConfigJsonSchema(): Record<string, unknown> {
  // 'any': a scenario's values are a null-prototype record (a zod custom type, which JSON Schema
  // cannot describe by itself); its .meta says what it accepts (lib/scenarios/schema.ts).
  const { $schema, ...rest } = z.toJSONSchema(ConfigFileSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  return { $schema, $id: CONFIG_SCHEMA_URL, ...rest };
}
