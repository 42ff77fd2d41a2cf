// tsc keeps the sources' extensionless relative imports in the declarations it emits, which a
// project on "moduleResolution": "node16"/"nodenext" cannot follow (TS2834). The packages'
// builds (packages/*/build.mjs) run this on their dist/types: each relative import names its
// file, x.js for x.d.ts and x/index.js for a folder.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const withExtension = (file, spec) => {
  if (!spec.startsWith('.') || /\.js$/.test(spec)) return spec;
  const base = join(dirname(file), spec);
  if (existsSync(`${base}.d.ts`)) return `${spec}.js`;
  if (existsSync(join(base, 'index.d.ts'))) return `${spec}/index.js`;
  throw new Error(`${file} imports ${spec}, which names no declaration file: check the package's tsconfig.build.json "files"`);
};

/** Rewrites every .d.ts under `typesDir` in place. */
export function nameDeclarationImports(typesDir) {
  for (const entry of readdirSync(typesDir, { recursive: true })) {
    const file = join(typesDir, entry);
    if (!file.endsWith('.d.ts')) continue;
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/(from |import\()(['"])(\.[^'"]*)\2/g, (_, lead, quote, spec) => `${lead}${quote}${withExtension(file, spec)}${quote}`));
  }
}
