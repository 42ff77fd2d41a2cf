// Builds dist/cli.js: one executable ES module with lib/ and zod bundled in, so the tarball
// depends on nothing at run time (a CLI is run with npx, where every dependency is a download).
import { chmodSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
rmSync(`${here}dist`, { recursive: true, force: true });
await build({
  entryPoints: [`${here}src/bin.ts`],
  outfile: `${here}dist/cli.js`,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
chmodSync(`${here}dist/cli.js`, 0o755);
