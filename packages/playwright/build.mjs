// Builds dist/: one ES module with lib/ (the extension's config, transports, wire formats and
// echo reading) bundled in, so the tarball holds nothing from outside this folder; zod (the
// configuration's schemas) is a dependency, whose types the declarations name; type declarations emitted by tsc under
// dist/types, which keeps the repository's layout (packages/playwright/src beside lib) so
// relative type imports still resolve.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { nameDeclarationImports } from '../../scripts/name-declaration-imports.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
rmSync(`${here}dist`, { recursive: true, force: true });
await build({
  entryPoints: [`${here}src/index.ts`],
  outdir: `${here}dist`,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The user's Playwright: the fixtures and expect must be the runner's own copy.
  external: ['@playwright/test', 'playwright', 'playwright-core', 'zod'],
  logLevel: 'warning',
});
execFileSync('npx', ['tsc', '-p', `${here}tsconfig.build.json`], { cwd: here, stdio: 'inherit' });

// Relative imports in the declarations name their files, for NodeNext projects.
nameDeclarationImports(`${here}dist/types`);
