// Builds dist/: one ES module with lib/ (the extension's config, transports, wire formats and
// echo reading) bundled in, so the tarball holds nothing from outside this folder; zod (the
// configuration's schemas) is a dependency, whose types the declarations name; type declarations emitted by tsc under
// dist/types, which keeps the repository's layout (packages/playwright/src beside lib) so
// relative type imports still resolve.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

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

// tsc keeps the sources' extensionless relative imports, which a project on "moduleResolution":
// "node16"/"nodenext" cannot follow: name the files (x.js for x.d.ts, x/index.js for a folder).
const withExtension = (file, spec) => {
  if (!spec.startsWith('.') || /\.js$/.test(spec)) return spec;
  const base = join(dirname(file), spec);
  return existsSync(`${base}.d.ts`) ? `${spec}.js` : existsSync(join(base, 'index.d.ts')) ? `${spec}/index.js` : spec;
};
for (const entry of readdirSync(`${here}dist/types`, { recursive: true })) {
  const file = join(`${here}dist/types`, entry);
  if (!file.endsWith('.d.ts')) continue;
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/(from |import\()(['"])(\.[^'"]*)\2/g, (_, lead, quote, spec) => `${lead}${quote}${withExtension(file, spec)}${quote}`));
}
