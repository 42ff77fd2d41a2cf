import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, filesUnder, importsOf } from './support';

/**
 * Which lib/ folder may import which: the house's layers, lowest first. A folder not listed
 * here fails the test until it is placed; an import not allowed here is either upward (a
 * lower layer reaching into a higher one) or a new dependency to place on purpose. The files
 * at lib/'s top (json.ts, dict.ts, serial.ts…) are the ground floor: any folder may use them,
 * and they use only each other. lib/background is the composition root: it may use them all.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  flags: [],
  wire: [],
  http: [],
  markdown: [],
  storage: [],
  transports: ['wire'],
  tickets: ['flags'],
  secrets: ['storage', 'wire'],
  // wire: the Vercel provider makes its access proof with lib/wire/vercel-jwe.ts, as the Vercel cookie transport does.
  providers: ['flags', 'http', 'tickets', 'wire'],
  signoff: ['flags', 'tickets', 'storage'],
  // Scenarios (named override sets, lib/scenarios) read flags' tickets for "Apply the flags of a ticket"; the configuration stores them.
  scenarios: ['flags'],
  trackers: ['signoff', 'http', 'markdown', 'secrets'],
  config: ['flags', 'providers', 'trackers', 'transports', 'secrets', 'storage', 'tickets', 'scenarios'],
  catalogue: ['config', 'flags', 'providers', 'secrets', 'storage', 'tickets'],
  overrides: ['config', 'transports', 'wire', 'storage'],
  detect: ['config', 'signoff', 'wire', 'storage'],
  // share: a link names a configured site (config) and is base64url like the cookie (wire); its offers are kept in storage.session (storage).
  share: ['config', 'wire', 'storage'],
  // Runs of variants and combinations: plans from flags, reported flags from detect; the
  // browser (overrides engine, tabs, captures) is injected by lib/background/runs.ts.
  // signoff: a run's gallery is attached to a sign-off in the sign-off's own shape (gallery-attachment.ts).
  runs: ['flags', 'detect', 'storage', 'signoff'],
  // Overrides outside the extension (the Playwright fixture, the flagtab command): the extension's own
  // config, catalogue, transports, signing and echo reading, composed for Node.
  automation: ['config', 'flags', 'providers', 'transports', 'wire', 'overrides', 'secrets', 'scenarios', 'detect', 'runs'],
  messaging: ['catalogue', 'config', 'detect', 'overrides', 'providers', 'signoff', 'flags', 'scenarios', 'share', 'runs'],
  background: ['*'],
};

const folders = readdirSync(join(ROOT, 'lib')).filter((name) => statSync(join(ROOT, 'lib', name)).isDirectory());
/** The lib/ folder a repository path is in; 'ground' for a file at lib/'s top; undefined outside lib/. */
const layerOf = (path: string) => /^lib\/([^/]+)\//.exec(path)?.[1] ?? (/^lib\/[^/]+\.tsx?$/.test(path) ? 'ground' : undefined);

describe('the allowed imports between lib/ folders', () => {
  it('places every folder', () => {
    expect(folders.filter((f) => !Object.hasOwn(MAY_IMPORT, f))).toEqual([]);
    expect(Object.keys(MAY_IMPORT).filter((f) => !folders.includes(f))).toEqual([]);
  });

  it('is a layering: the table itself has no cycle', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (folder: string, path: string[]) => {
      if (done.has(folder)) return;
      expect(visiting.has(folder), `cycle: ${[...path, folder].join(' → ')}`).toBe(false);
      visiting.add(folder);
      for (const next of MAY_IMPORT[folder] ?? []) if (next !== '*') visit(next, [...path, folder]);
      visiting.delete(folder);
      done.add(folder);
    };
    for (const folder of Object.keys(MAY_IMPORT)) visit(folder, []);
  });

  it('holds for every import in lib/, type-only ones included', () => {
    const files = filesUnder('lib');
    expect(files.length).toBeGreaterThan(150);
    const refused: string[] = [];
    for (const file of files) {
      const from = layerOf(file)!;
      for (const target of importsOf(file)) {
        const to = layerOf(target);
        if (to === undefined || to === from || to === 'ground') continue;
        const allowed = from === 'ground' ? [] : MAY_IMPORT[from] ?? [];
        if (!allowed.includes('*') && !allowed.includes(to)) refused.push(`${file} → ${target}`);
      }
    }
    expect(refused).toEqual([]);
  });
});
