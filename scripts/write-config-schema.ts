/**
 * Writes docs/config.schema.json from the zod schema of the configuration file.
 * Run with `npm run schema` after changing lib/config; a unit test fails while it is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildConfigJsonSchema } from '../lib/config/json-schema';

const target = fileURLToPath(new URL('../docs/config.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(buildConfigJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
