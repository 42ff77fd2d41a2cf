import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVIDER_IDS, PROVIDER_METAS } from '../../../lib/providers/meta-registry';
import { PROVIDERS } from '../../../lib/providers/registry';
import { fieldDefault, fieldMayBeEmpty, SOURCE_KEY } from '../../../lib/providers/source-form';
import { CatalogueSourceSchema } from '../../../lib/providers/sources';
import { ROOT, filesUnder, importsOf, runtimeClosure } from './support';

const FAMILIES = readdirSync(join(ROOT, 'lib/providers')).filter((name) => statSync(join(ROOT, 'lib/providers', name)).isDirectory());
/** The only files outside a family that may import it: one line each when a provider is added. */
const REGISTRIES = ['lib/providers/meta-registry.ts', 'lib/providers/sources.ts', 'lib/providers/registry.ts'];
/** The source schemas in the union, in its order (zod/mini keeps them in the definition). */
const SOURCES = CatalogueSourceSchema._zod.def.options;
/** The provider id a source schema's discriminator accepts (a zod/mini literal has no `.value`). */
const providerOf = (source: (typeof SOURCES)[number]) => source.shape.provider._zod.def.values[0];

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
    expect(SOURCES.map(providerOf).sort()).toEqual(families);
    // The config file's schema lists the sources in the options page's order.
    expect(SOURCES.map(providerOf)).toEqual(PROVIDER_IDS);
    for (const id of PROVIDER_IDS) expect(PROVIDERS[id].id).toBe(id);
    for (const registry of REGISTRIES) {
      const imported = importsOf(registry);
      for (const family of FAMILIES) expect(imported.some((path) => path.startsWith(`lib/providers/${family}/`)), `${registry} lists ${family}`).toBe(true);
    }
  });

  it('a family\'s meta agrees with its source schema: the same fields, defaults and optional fields', () => {
    for (const meta of PROVIDER_METAS) {
      const option = SOURCES.find((source) => providerOf(source) === meta.id)!;
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
});
