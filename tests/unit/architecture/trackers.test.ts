import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRACKER_IDS } from '../../../lib/signoff/tracker';
import { TRACKER_META } from '../../../lib/trackers/meta-registry';
import { TrackerTargetSchema } from '../../../lib/trackers/targets';
import { z } from '../../../lib/zod';
import { ROOT, filesUnder, importsOf, runtimeClosure } from './support';

const TRACKERS = 'lib/trackers';
const trackerFolders = readdirSync(join(ROOT, TRACKERS)).filter((name) => statSync(join(ROOT, TRACKERS, name)).isDirectory());
/** The registries: the only files outside a family's folder that may import it. */
const REGISTRIES = ['lib/trackers/meta-registry.ts', 'lib/trackers/targets.ts', 'lib/trackers/registry.ts'];
/** The target schemas in the union, in its order (read from its definition, as zod/mini has no `.options`). */
const TARGETS = TrackerTargetSchema._zod.def.options;
/** The tracker id a target schema's discriminator accepts (a zod/mini literal has no `.value`). */
const trackerOf = (target: (typeof TARGETS)[number]) => target.shape.tracker._zod.def.values[0]!;

describe('a tracker family is a folder', () => {
  it('every tracker folder has what a family must have', () => {
    expect(trackerFolders.length).toBeGreaterThan(5);
    for (const name of trackerFolders) {
      for (const part of ['meta.ts', 'target.ts', 'index.ts']) expect(existsSync(join(ROOT, TRACKERS, name, part)), `${TRACKERS}/${name}/${part}`).toBe(true);
    }
  });

  it('a family\'s meta.ts brings no zod, directly or through what it imports: the options page and the side panel read it', () => {
    for (const name of trackerFolders) {
      const reached = [...runtimeClosure(`${TRACKERS}/${name}/meta.ts`)];
      expect(reached.filter((module) => module === 'zod' || module.startsWith('zod/')), `${name}/meta.ts reaches ${reached.join(', ')}`).toEqual([]);
    }
    for (const file of ['lib/trackers/meta-registry.ts', 'lib/trackers/form.ts', 'lib/trackers/origins.ts']) {
      expect([...runtimeClosure(file)], file).not.toContain('zod');
    }
  });

  it('every tracker is registered: one id, one folder, one entry in each registry', () => {
    expect([...trackerFolders].sort()).toEqual([...TRACKER_IDS].sort());
    expect(Object.keys(TRACKER_META).sort()).toEqual([...TRACKER_IDS].sort());
    expect(TARGETS.map(trackerOf).sort()).toEqual([...TRACKER_IDS].sort());
    for (const id of TRACKER_IDS) expect(TRACKER_META[id].id).toBe(id);
    for (const registry of REGISTRIES) {
      for (const name of trackerFolders) expect(importsOf(registry).some((target) => target.startsWith(`${TRACKERS}/${name}/`)), `${registry} registers ${name}`).toBe(true);
    }
  });

  it('each family\'s meta says what its schema accepts: hints, defaults and which settings may be left out', () => {
    for (const option of TARGETS) {
      const meta = TRACKER_META[trackerOf(option)];
      const shape = option.shape as unknown as Record<string, z.ZodMiniType>;
      expect(Object.keys(shape).filter((key) => key !== 'tracker'), meta.id).toEqual(Object.keys(meta.fields));
      for (const [key, field] of Object.entries(meta.fields) as [string, { hint: string; default?: string; optional?: boolean }][]) {
        const schema = shape[key]!;
        expect(z.globalRegistry.get(schema)?.description, `${meta.id}.${key}`).toBe(field.hint);
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
      for (const target of importsOf(file)) {
        const family = new RegExp(`^${TRACKERS}/([^/]+)/`).exec(target)?.[1];
        if (!family || family === own || (own === 'jira-dc' && family === 'jira-cloud')) continue;
        expect.fail(`${file} imports ${target}: go through lib/trackers/meta-registry.ts, targets.ts or registry.ts`);
      }
    }
  });

  it('the sign-off record sits below the trackers: lib/signoff imports nothing from lib/trackers', () => {
    for (const file of filesUnder('lib/signoff')) {
      expect(importsOf(file).filter((target) => target.startsWith(`${TRACKERS}/`)), file).toEqual([]);
    }
  });

  it('lib/trackers never imports lib/config: the sites hold tracker settings, not the other way round', () => {
    for (const file of filesUnder(TRACKERS)) {
      expect(importsOf(file).filter((target) => target.startsWith('lib/config/')), file).toEqual([]);
    }
  });
});
