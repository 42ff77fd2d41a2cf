import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVIDER_IDS, PROVIDER_METAS } from '../../lib/providers/meta-registry';
import { PROVIDERS } from '../../lib/providers/registry';
import { fieldDefault, fieldMayBeEmpty, SOURCE_KEY } from '../../lib/providers/source-form';
import { CatalogueSourceSchema } from '../../lib/providers/sources';

const ROOT = join(import.meta.dirname, '../..');

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? filesUnder(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
/** Source without comments, so a doc comment that mentions `chrome.tabs` is not a violation. */
const code = (path: string) => read(path).replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
/**
 * The modules a source imports: static `import … from`, `export … from`, bare `import '…'`
 * and dynamic `import('…')`.
 *
 * @example moduleSpecifiers("import { x } from './a'; await import('../b')") // ['./a', '../b']
 */
const moduleSpecifiers = (source: string) =>
  [...source.matchAll(/\bfrom\s*(['"])([^'"]+)\1|\bimport\s*(['"])([^'"]+)\3|\bimport\s*\(\s*(['"`])([^'"`]+)\5/g)].map((m) => m[2] ?? m[4] ?? m[6]!);

describe('the shape of the house', () => {
  it('components never touch browser APIs: they read models and send intents', () => {
    for (const file of filesUnder('components')) {
      expect(code(file), file).not.toMatch(/\bchrome\.|\bbrowser\.|webextension-polyfill/);
    }
  });

  it('lib/wire is pure: the demo server and any app can import it', () => {
    for (const file of filesUnder('lib/wire')) {
      expect(code(file), file).not.toMatch(/\bchrome\.|\bbrowser\.|webextension-polyfill|from 'node:/);
    }
  });

  it('records keyed by strings from outside are null-prototype: no zod record outside the config file\'s JSON Schema', () => {
    // z.record's output is a plain {} and it drops a "__proto__" key: DictSchema (lib/dict-schema.ts)
    // keeps it, in a null-prototype record. The config file's schema is also its JSON Schema, which
    // DictSchema cannot describe; its keys are site ids (checked) and an OFREP evaluation context.
    const allowed = new Set(['lib/config/file.ts', 'lib/providers/ofrep/source.ts']);
    for (const file of [...filesUnder('lib'), ...filesUnder('components')].filter((f) => !allowed.has(f))) {
      expect(code(file), `${file}: use DictSchema from lib/dict-schema.ts`).not.toMatch(/\bz\s*\.\s*record\s*\(/);
    }
  });

  it('entrypoints stay thin wiring', () => {
    for (const file of filesUnder('entrypoints')) {
      expect(read(file).split('\n').length, `${file} should hand its logic to lib/`).toBeLessThan(80);
    }
  });

  it('files stay small enough to read in one sitting', () => {
    for (const file of [...filesUnder('lib'), ...filesUnder('components'), ...filesUnder('demo')]) {
      expect(read(file).split('\n').length, relative(ROOT, join(ROOT, file))).toBeLessThan(400);
    }
  });

  it('the product, the demo, the scripts and the bench never import tests/: tests import them, not the reverse', () => {
    // Held on a sample first, so that a pattern that finds nothing cannot pass for a clean house.
    const sample = "import { a } from '../tests/e2e/x';\nexport { b } from \"../../tests/support/y\";\nimport '../tests/z';\nconst c = await import('../tests/w');";
    expect(moduleSpecifiers(sample)).toEqual(['../tests/e2e/x', '../../tests/support/y', '../tests/z', '../tests/w']);
    const files = ['demo', 'scripts', 'bench', 'lib', 'components', 'entrypoints'].flatMap((dir) => filesUnder(dir));
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const intoTests = moduleSpecifiers(code(file)).filter((specifier) => /(^|\/)tests(\/|$)/.test(specifier));
      expect(intoTests, `${file}: move what it needs under demo/ (tests may import demo/, never the reverse)`).toEqual([]);
    }
  });

  it('code that runs in web pages cannot reach tokens, storage or zod', () => {
    // The content script and the page bridge run beside untrusted page code on every load of a
    // configured site: no secrets, no storage, and nothing heavy.
    const pageSide = [...filesUnder('lib/detect/content'), ...filesUnder('lib/detect/bridge'), ...filesUnder('lib/overrides/page'), 'entrypoints/detect.content.ts', 'entrypoints/bridge.content.ts', 'entrypoints/children.content.ts', 'entrypoints/open.content.ts'];
    expect(pageSide.length).toBeGreaterThan(10);
    for (const file of pageSide) {
      // Type-only imports are erased from the bundle, so they may name the background's types.
      const runtime = code(file).replace(/^import type [^;]*;$/gm, '');
      expect(runtime, file).not.toMatch(/from '[^']*(secrets|config\/store|catalogue|flags\/flag|observation|messaging\/(router|protocol))[^']*'|from 'zod'|\bstorage\./);
    }
  });

  it('secrets never go to storage.sync', () => {
    for (const file of [...filesUnder('lib'), ...filesUnder('entrypoints'), ...filesUnder('components')]) {
      expect(code(file), file).not.toMatch(/storage\.sync/);
    }
  });

  it('the popup and the sign-off panel cannot read tokens: only the background sends them', () => {
    const pages = [...filesUnder('components/popup'), ...filesUnder('components/signoff'), ...filesUnder('entrypoints/popup'), ...filesUnder('entrypoints/sidepanel')];
    expect(pages.length).toBeGreaterThan(10);
    for (const file of pages) expect(code(file), file).not.toMatch(/from '[^']*(secrets|trackers\/(?!types)[^']*)'|secrets\.v1/);
  });
});

/** What a file imports: relative imports resolved to repository paths, packages by name. */
function importsOf(file: string, { runtimeOnly = false } = {}): string[] {
  const specs: string[] = [];
  for (const match of code(file).matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s+)?'([^']+)'/gm)) {
    if (!(runtimeOnly && match[1])) specs.push(match[2]!);
  }
  return specs.map((spec) => {
    if (!spec.startsWith('.')) return spec;
    const base = join(dirname(file), spec);
    return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((path) => existsSync(join(ROOT, path))) ?? base;
  });
}

/** Every module a file loads at run time (type-only imports are erased), following relative imports. */
function runtimeClosure(file: string): Set<string> {
  const seen = new Set<string>();
  const queue = [file];
  while (queue.length > 0) {
    const next = queue.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    if (/\.tsx?$/.test(next)) queue.push(...importsOf(next, { runtimeOnly: true }));
  }
  return seen;
}

const FAMILIES = readdirSync(join(ROOT, 'lib/providers')).filter((name) => statSync(join(ROOT, 'lib/providers', name)).isDirectory());
/** The only files outside a family that may import it: one line each when a provider is added. */
const REGISTRIES = ['lib/providers/meta-registry.ts', 'lib/providers/sources.ts', 'lib/providers/registry.ts'];

describe('a provider family is a folder', () => {
  it('every family has its meta, its source schema and its adapter', () => {
    expect(FAMILIES.length).toBeGreaterThanOrEqual(7);
    for (const family of FAMILIES) {
      for (const file of ['meta.ts', 'source.ts', 'index.ts']) expect(existsSync(join(ROOT, 'lib/providers', family, file)), `lib/providers/${family}/${file}`).toBe(true);
    }
  });

  it('meta.ts loads no zod, directly or through its imports: the options page may import it', () => {
    for (const file of [...FAMILIES.map((family) => `lib/providers/${family}/meta.ts`), 'lib/providers/meta-registry.ts', 'lib/providers/summary.ts']) {
      const loaded = [...runtimeClosure(file)];
      expect(loaded.filter((path) => path === 'zod' || path.startsWith('zod/')), file).toEqual([]);
      // Nor the adapters or schemas beside it.
      expect(loaded.filter((path) => /\/(index|source|api-schema|sources|registry)\.ts$/.test(path)), file).toEqual([]);
    }
  });

  it('every family is listed in every registry, under its folder\'s name', () => {
    const families = [...FAMILIES].sort();
    expect([...PROVIDER_IDS].sort()).toEqual(families);
    expect(Object.keys(PROVIDERS).sort()).toEqual(families);
    expect(CatalogueSourceSchema.options.map((o) => o.shape.provider.value).sort()).toEqual(families);
    // The config file's schema lists the sources in the options page's order.
    expect(CatalogueSourceSchema.options.map((o) => o.shape.provider.value)).toEqual(PROVIDER_IDS);
    for (const id of PROVIDER_IDS) expect(PROVIDERS[id].id).toBe(id);
    for (const registry of REGISTRIES) {
      const imported = importsOf(registry);
      for (const family of FAMILIES) expect(imported.some((path) => path.startsWith(`lib/providers/${family}/`)), `${registry} lists ${family}`).toBe(true);
    }
  });

  it('a family\'s meta agrees with its source schema: the same fields, defaults and optional fields', () => {
    for (const meta of PROVIDER_METAS) {
      const option = CatalogueSourceSchema.options.find((o) => o.shape.provider.value === meta.id)!;
      const shape = option.shape as unknown as Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }>;
      // The flags file's form is the catalogue form's own (a URL or the pasted file).
      if (meta.id === 'flags-file') {
        expect(meta.fields).toEqual([]);
        continue;
      }
      expect(meta.fields.map((spec) => SOURCE_KEY[spec.field]).sort(), meta.id).toEqual(Object.keys(shape).filter((key) => key !== 'provider').sort());
      for (const { field } of meta.fields) {
        const parsed = shape[SOURCE_KEY[field]]!.safeParse(undefined);
        expect(fieldMayBeEmpty(meta.id, field), `${meta.id}.${field} may be empty`).toBe(parsed.success);
        expect(fieldDefault(meta.id, field), `${meta.id}.${field} default`).toBe(parsed.success && typeof parsed.data === 'string' ? parsed.data : '');
      }
    }
  });

  it('no family leaks: outside its folder only the registries import it', () => {
    for (const file of [...filesUnder('lib'), ...filesUnder('components'), ...filesUnder('entrypoints')]) {
      if (REGISTRIES.includes(file)) continue;
      const own = /^lib\/providers\/([^/]+)\//.exec(file)?.[1];
      const leaks = importsOf(file).filter((path) => {
        const family = /^lib\/providers\/([^/]+)\//.exec(path)?.[1];
        return family !== undefined && family !== own;
      });
      expect(leaks, file).toEqual([]);
    }
  });

  it('the flags sit below what produces and shows them: no lib/ folder imports one that imports it back', () => {
    const forbidden: Record<string, RegExp> = {
      'lib/flags': /^lib\/(?!flags\/|json\.ts|dict\.ts|dict-schema\.ts)/,
      'lib/providers': /^lib\/(catalogue|config|messaging)\//,
      'lib/config': /^lib\/(catalogue|messaging)\//,
      'lib/catalogue': /^lib\/messaging\//,
      'lib/tickets': /^lib\/(catalogue|providers|config)\//,
    };
    for (const [folder, pattern] of Object.entries(forbidden)) {
      for (const file of filesUnder(folder)) expect(importsOf(file).filter((path) => pattern.test(path)), file).toEqual([]);
    }
  });
});
