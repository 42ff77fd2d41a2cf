import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRANSPORT_METAS } from '../../../lib/transports/meta-registry';
import { TransportsSchema } from '../../../lib/transports/settings';
import { ROOT, filesUnder, importsOf, runtimeClosure } from './support';

const TRANSPORTS = 'lib/transports';
const folders = readdirSync(join(ROOT, TRANSPORTS)).filter((name) => statSync(join(ROOT, TRANSPORTS, name)).isDirectory());
/** The only files outside a transport's folder that may import it. */
const REGISTRIES = ['lib/transports/meta-registry.ts', 'lib/transports/settings.ts', 'lib/transports/registry.ts'];

describe('a transport family is a folder', () => {
  it('every transport folder has its meta, its settings schema and its behaviour', () => {
    expect(folders.length).toBeGreaterThanOrEqual(2);
    for (const name of folders) {
      for (const part of ['meta.ts', 'settings.ts', 'index.ts']) expect(existsSync(join(ROOT, TRANSPORTS, name, part)), `${TRANSPORTS}/${name}/${part}`).toBe(true);
    }
  });

  it('meta.ts loads no zod, directly or through its imports: the options page reads it', () => {
    for (const file of [...folders.map((name) => `${TRANSPORTS}/${name}/meta.ts`), 'lib/transports/meta-registry.ts']) {
      expect([...runtimeClosure(file)].filter((m) => m === 'zod' || m.startsWith('zod/')), file).toEqual([]);
    }
  });

  it('every transport is registered, and its meta\'s defaults are what its settings take when left out', () => {
    expect(TRANSPORT_METAS.map((m) => m.id).sort()).toEqual([...folders].sort());
    expect(Object.keys(TransportsSchema.shape).sort()).toEqual([...folders].sort());
    const defaults = TransportsSchema.parse({});
    for (const meta of TRANSPORT_METAS) expect(defaults[meta.id], meta.id).toEqual(meta.defaults);
    for (const registry of REGISTRIES) {
      for (const name of folders) expect(importsOf(registry).some((t) => t.startsWith(`${TRANSPORTS}/${name}/`)), `${registry} registers ${name}`).toBe(true);
    }
  });

  it('outside a family, only the registries and the site schema import it', () => {
    // The site schema and its form read the transports' settings schemas and defaults.
    const allowed = new Set([...REGISTRIES, 'lib/config/schema.ts', 'lib/config/site-form.ts']);
    for (const file of [...filesUnder('lib'), ...filesUnder('components'), ...filesUnder('entrypoints')]) {
      if (allowed.has(file)) continue;
      const own = new RegExp(`^${TRANSPORTS}/([^/]+)/`).exec(file)?.[1];
      const leaks = importsOf(file).filter((t) => {
        const family = new RegExp(`^${TRANSPORTS}/([^/]+)/`).exec(t)?.[1];
        return family !== undefined && family !== own;
      });
      expect(leaks, file).toEqual([]);
    }
  });
});
