import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRACKER_IDS } from '../../lib/signoff/tracker';
import { TRACKER_META } from '../../lib/trackers/meta-registry';
import { TrackerTargetSchema } from '../../lib/trackers/targets';

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
    const allowed = new Set(['lib/config/file.ts', 'lib/config/catalogue-source.ts']);
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

  it('code that runs in web pages cannot reach tokens, storage or zod', () => {
    // The content script and the page bridge run beside untrusted page code on every load of a
    // configured site: no secrets, no storage, and nothing heavy.
    const pageSide = [...filesUnder('lib/detect/content'), ...filesUnder('lib/detect/bridge'), ...filesUnder('lib/overrides/page'), 'entrypoints/detect.content.ts', 'entrypoints/bridge.content.ts', 'entrypoints/children.content.ts', 'entrypoints/open.content.ts'];
    expect(pageSide.length).toBeGreaterThan(10);
    for (const file of pageSide) {
      // Type-only imports are erased from the bundle, so they may name the background's types.
      const runtime = code(file).replace(/^import type [^;]*;$/gm, '');
      expect(runtime, file).not.toMatch(/from '[^']*(secrets|config\/store|catalogue|observation|messaging\/(router|protocol))[^']*'|from 'zod'|\bstorage\./);
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

/** What a file imports at run time: `import type` is erased from bundles, so it is left out. */
function runtimeImports(file: string): string[] {
  const specifiers = [...code(file).matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?\sfrom\s+'([^']+)';/gm)].filter((m) => !m[1]).map((m) => m[2]!);
  const bare = [...code(file).matchAll(/^import\s+'([^']+)';/gm)].map((m) => m[1]!);
  return [...specifiers, ...bare];
}

/** A relative import as a repository path ("lib/trackers/github/meta.ts"), or the package name. */
function resolveImport(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  const base = normalize(join(dirname(from), specifier));
  return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((candidate) => existsSync(join(ROOT, candidate))) ?? base;
}

/** Every module `file` reaches at run time, itself included. */
function reachable(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const specifier of runtimeImports(file)) {
    const target = resolveImport(file, specifier);
    if (target.endsWith('.ts') || target.endsWith('.tsx')) reachable(target, seen);
    else seen.add(target);
  }
  return seen;
}

/** Any import, type-only ones included: where a file depends on. */
const allImports = (file: string) => [...code(file).matchAll(/\sfrom\s+'([^']+)'/g)].map((m) => resolveImport(file, m[1]!));

const TRACKERS = 'lib/trackers';
const trackerFolders = readdirSync(join(ROOT, TRACKERS)).filter((name) => statSync(join(ROOT, TRACKERS, name)).isDirectory());
/** The registries: the only files outside a family's folder that may import it. */
const REGISTRIES = ['lib/trackers/meta-registry.ts', 'lib/trackers/targets.ts', 'lib/trackers/registry.ts'];

describe('a tracker family is a folder', () => {
  it('every tracker folder has what a family must have', () => {
    expect(trackerFolders.length).toBeGreaterThan(5);
    for (const name of trackerFolders) {
      for (const part of ['meta.ts', 'target.ts', 'index.ts']) expect(existsSync(join(ROOT, TRACKERS, name, part)), `${TRACKERS}/${name}/${part}`).toBe(true);
    }
  });

  it('a family\'s meta.ts brings no zod, directly or through what it imports: the options page and the side panel read it', () => {
    for (const name of trackerFolders) {
      const reached = [...reachable(`${TRACKERS}/${name}/meta.ts`)];
      expect(reached.filter((module) => module === 'zod' || module.startsWith('zod/')), `${name}/meta.ts reaches ${reached.join(', ')}`).toEqual([]);
    }
    for (const file of ['lib/trackers/meta-registry.ts', 'lib/trackers/form.ts', 'lib/trackers/origins.ts']) {
      expect([...reachable(file)], file).not.toContain('zod');
    }
  });

  it('every tracker is registered: one id, one folder, one entry in each registry', () => {
    expect([...trackerFolders].sort()).toEqual([...TRACKER_IDS].sort());
    expect(Object.keys(TRACKER_META).sort()).toEqual([...TRACKER_IDS].sort());
    expect(TrackerTargetSchema.options.map((option) => option.shape.tracker.value).sort()).toEqual([...TRACKER_IDS].sort());
    for (const id of TRACKER_IDS) expect(TRACKER_META[id].id).toBe(id);
    for (const registry of REGISTRIES) {
      for (const name of trackerFolders) expect(allImports(registry).some((target) => target.startsWith(`${TRACKERS}/${name}/`)), `${registry} registers ${name}`).toBe(true);
    }
  });

  it('each family\'s meta says what its schema accepts: hints, defaults and which settings may be left out', () => {
    for (const option of TrackerTargetSchema.options) {
      const meta = TRACKER_META[option.shape.tracker.value];
      const shape = option.shape as unknown as Record<string, { description?: string; safeParse(value: unknown): { success: boolean; data?: unknown } }>;
      expect(Object.keys(shape).filter((key) => key !== 'tracker'), meta.id).toEqual(Object.keys(meta.fields));
      for (const [key, field] of Object.entries(meta.fields) as [string, { hint: string; default?: string; optional?: boolean }][]) {
        const schema = shape[key]!;
        expect(schema.description, `${meta.id}.${key}`).toBe(field.hint);
        const empty = schema.safeParse(undefined);
        expect(empty.success, `${meta.id}.${key} may be left out`).toBe(field.default !== undefined || field.optional === true);
        if (field.default !== undefined) expect(empty.data, `${meta.id}.${key} default`).toBe(field.default);
      }
    }
  });

  it('outside a family, only the registries import it (the Jira pair shares its REST layer and Markdown parser)', () => {
    for (const file of [...filesUnder('lib'), ...filesUnder('components'), ...filesUnder('entrypoints')]) {
      if (REGISTRIES.includes(file)) continue;
      const own = /^lib\/trackers\/([^/]+)\//.exec(file)?.[1];
      for (const target of allImports(file)) {
        const family = new RegExp(`^${TRACKERS}/([^/]+)/`).exec(target)?.[1];
        if (!family || family === own || (own === 'jira-dc' && family === 'jira-cloud')) continue;
        expect.fail(`${file} imports ${target}: go through lib/trackers/meta-registry.ts, targets.ts or registry.ts`);
      }
    }
  });

  it('the sign-off record sits below the trackers: lib/signoff imports nothing from lib/trackers', () => {
    for (const file of filesUnder('lib/signoff')) {
      expect(allImports(file).filter((target) => target.startsWith(`${TRACKERS}/`)), file).toEqual([]);
    }
  });

  it('lib/trackers never imports lib/config: the sites hold tracker settings, not the other way round', () => {
    for (const file of filesUnder(TRACKERS)) {
      expect(allImports(file).filter((target) => target.startsWith('lib/config/')), file).toEqual([]);
    }
  });
});
