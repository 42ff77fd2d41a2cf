import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STORED } from '../../../lib/storage/keys';
import { ROOT, code, filesUnder } from './support';

describe('storage is declared once (lib/storage/keys.ts)', () => {
  const declared = Object.values(STORED);
  const keys = declared.flatMap((d) => ('key' in d ? [d.key] : []));
  const prefixes = declared.flatMap((d) => ('prefix' in d ? [d.prefix] : []));

  it('no two documents can share a key: keys are unique and no key or prefix falls under another prefix', () => {
    expect(new Set(keys).size).toBe(keys.length);
    for (const prefix of prefixes) {
      expect(keys.filter((key) => key.startsWith(prefix)), prefix).toEqual([]);
      expect(prefixes.filter((other) => other !== prefix && other.startsWith(prefix)), prefix).toEqual([]);
    }
  });

  it('a versioned key names its version', () => {
    for (const doc of declared) {
      const name = 'key' in doc ? doc.key : doc.prefix;
      // The configuration keeps one key and its version inside the document.
      if (name === STORED.config.key) continue;
      expect(name, name).toMatch(new RegExp(`\\.v${doc.version}(?:[.:]|$)`));
    }
  });

  it('no other file spells a storage key: each reads it from the declaration', () => {
    // A literal like 'outbox.v1' or `detect.v1:${id}` anywhere else is a second declaration that can drift.
    const literal = /(['"`])[a-z]+(?:\.[a-z]+)*\.v\d+(?:[.:][^'"`]*)?\1/;
    const files = [...filesUnder('lib'), ...filesUnder('components'), ...filesUnder('entrypoints')].filter((f) => f !== 'lib/storage/keys.ts');
    expect(files.length).toBeGreaterThan(100);
    expect(literal.test("const OUTBOX_KEY = 'outbox.v1';")).toBe(true);
    for (const file of files) expect(code(file).match(literal)?.[0], file).toBeUndefined();
  });

  it('every declaration is in use, and names an owner that exists', () => {
    const lib = filesUnder('lib').filter((f) => f !== 'lib/storage/keys.ts').map((f) => code(f)).join('\n');
    for (const [name, doc] of Object.entries(STORED)) {
      expect(existsSync(join(ROOT, doc.owner)), `${name}: ${doc.owner}`).toBe(true);
      expect(lib, `STORED.${name} is read nowhere: remove it, or read the key from it`).toMatch(new RegExp(`\\bSTORED\\.${name}\\b`));
    }
  });
});
