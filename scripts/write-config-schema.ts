/**
 * Writes docs/config.schema.json from the zod schema of the configuration file, and
 * public/managed-schema.json (enterprise policy) from it.
 * Run with `npm run schema` after changing lib/config; a unit test fails while it is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildConfigJsonSchema } from '../lib/config/json-schema';
import { buildManagedSchema } from '../lib/config/managed-schema';

const target = fileURLToPath(new URL('../docs/config.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(buildConfigJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);

// Chrome's managed-storage schema for enterprise policy (docs/managed-policy.md).
const managedTarget = fileURLToPath(new URL('../public/managed-schema.json', import.meta.url));
writeFileSync(managedTarget, `${JSON.stringify(buildManagedSchema(), null, 2)}\n`);
console.log(`wrote ${managedTarget}`);
