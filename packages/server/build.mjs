// Builds dist/: one ES module per entry with lib/wire bundled in (the tarball holds nothing from
// outside this folder; `next` stays an import), and type declarations emitted by tsc under
// dist/types, which keeps the repository's layout (packages/server/src beside lib/wire) so
// relative type imports still resolve.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { nameDeclarationImports } from '../../scripts/name-declaration-imports.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const entries = ['index', 'express', 'fastify', 'hono', 'openfeature', 'next'];
rmSync(`${here}dist`, { recursive: true, force: true });
await build({
  entryPoints: entries.map((name) => `${here}src/${name}.ts`),
  outdir: `${here}dist`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  // The one framework an adapter imports at run time (NextResponse): the user's own copy.
  external: ['next', 'next/*'],
  logLevel: 'warning',
});
execFileSync('npx', ['tsc', '-p', `${here}tsconfig.build.json`], { cwd: here, stdio: 'inherit' });
// Relative imports in the declarations name their files, for NodeNext projects.
nameDeclarationImports(`${here}dist/types`);
