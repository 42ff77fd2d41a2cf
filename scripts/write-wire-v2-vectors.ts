/**
 * Writes docs/wire-v2-vectors.json from scripts/wire-v2-vectors.ts. Run with
 * `npx tsx scripts/write-wire-v2-vectors.ts` after changing lib/wire/v2; a unit test fails while it is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildVectors } from './wire-v2-vectors';

const target = fileURLToPath(new URL('../docs/wire-v2-vectors.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(await buildVectors(), null, 2)}\n`);
console.log(`wrote ${target}`);
