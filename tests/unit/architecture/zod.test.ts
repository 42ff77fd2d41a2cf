import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, code, filesUnder, moduleSpecifiers } from './support';

/**
 * Schemas use zod/mini through lib/zod.ts, never 'zod' itself: classic zod's chained methods
 * keep all of zod in background.js (about 27 KB gzip), which Chrome parses on every wake.
 * All of lib/ is held to this, new folders included.
 */
const CHECKED = [
  'lib', 'components', 'entrypoints',
  ...readdirSync(join(ROOT, 'packages')).map((name) => `packages/${name}/src`).filter((dir) => existsSync(join(ROOT, dir))),
];
/** The one file that imports zod: it picks the build and configures its messages. */
const ZOD_ENTRY = 'lib/zod.ts';
const importsZod = (file: string) => moduleSpecifiers(code(file)).some((spec) => spec === 'zod' || spec.startsWith('zod/'));

describe('zod comes from lib/zod.ts', () => {
  it('no file imports zod itself, type-only imports included', () => {
    const files = CHECKED.flatMap(filesUnder).filter((file) => file !== ZOD_ENTRY);
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter(importsZod), "import { z } from lib/zod.ts instead of 'zod'").toEqual([]);
  });

  it('lib/zod.ts is the zod/mini build', () => {
    expect(moduleSpecifiers(code(ZOD_ENTRY))).toContain('zod/mini');
  });
});
