import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, code, filesUnder, moduleSpecifiers, read } from './support';

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
