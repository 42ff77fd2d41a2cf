import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, code, filesUnder, moduleSpecifiers } from './support';

/**
 * Schemas use zod/mini through lib/zod.ts, never 'zod' itself: classic zod's chained methods
 * keep all of zod in background.js (about 27 KB gzip), which Chrome parses on every wake.
 * The folders below are converted; the rest (providers, trackers, signoff, background,
 * catalogue) join this list as their conversions land, and then the list becomes all of lib/.
 */
const CONVERTED = [
  'lib/automation', 'lib/config', 'lib/detect', 'lib/flags', 'lib/messaging', 'lib/overrides', 'lib/runs',
  'lib/scenarios', 'lib/secrets', 'lib/share', 'lib/storage', 'lib/transports', 'lib/wire',
  'components', 'entrypoints',
  ...readdirSync(join(ROOT, 'packages')).map((name) => `packages/${name}/src`).filter((dir) => existsSync(join(ROOT, dir))),
];
/** The one file that imports zod: it picks the build and configures its messages. */
const ZOD_ENTRY = 'lib/zod.ts';
/** Files at lib/'s top still on classic zod, because unconverted folders chain its methods on what they export. */
const NOT_YET = new Set(['lib/dict-schema.ts', 'lib/json.ts', 'lib/url-schema.ts']);

const groundFiles = () => filesUnder('lib').filter((file) => /^lib\/[^/]+\.tsx?$/.test(file));
const importsZod = (file: string) => moduleSpecifiers(code(file)).some((spec) => spec === 'zod' || spec.startsWith('zod/'));

describe('zod comes from lib/zod.ts', () => {
  it('no converted file imports zod itself, type-only imports included', () => {
    const files = [...CONVERTED.flatMap(filesUnder), ...groundFiles()].filter((file) => file !== ZOD_ENTRY && !NOT_YET.has(file));
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter(importsZod), "import { z } from lib/zod.ts instead of 'zod'").toEqual([]);
  });

  it('lib/zod.ts is the zod/mini build, and files waiting for conversion are still listed truthfully', () => {
    expect(moduleSpecifiers(code(ZOD_ENTRY))).toContain('zod/mini');
    // A file that was converted leaves NOT_YET, so the rule covers it from then on.
    expect([...NOT_YET].filter((file) => !importsZod(file))).toEqual([]);
  });
});
