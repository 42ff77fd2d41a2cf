/**
 * The UI depends on no emoji font: every character outside ASCII in the extension's code and
 * styles is one DejaVu Sans draws (Debian's only font out of the box; Chrome there showed
 * "⏸ Blocked" with an empty box). Comments are skipped: they are never shown.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOWN = ['components', 'entrypoints', 'lib'];

/**
 * Characters the UI may use, each one DejaVu Sans has (fc-list ':charset=HEX:family=DejaVu Sans')
 * and Windows' Segoe UI Symbol and macOS's system fonts have too.
 */
const ALLOWED = new Set([...'…→—·↵§€–×±✓✗⚠⊘⌘↺↗←']);
/** Characters that appear only inside regular expressions, never on screen. */
const NOT_SHOWN = new Set([
  '。', // strips a trailing ideographic full stop from a server's message (lib/providers/http.ts, lib/trackers/http.ts)
]);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return /\.(tsx?|css|html)$/.test(entry.name) ? [path] : [];
  });
}

/** The text without block comments and `//` line comments (a `//` after a colon, as in a URL, stays). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

function nonAsciiIn(paths: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const path of paths) {
    for (const char of withoutComments(readFileSync(path, 'utf8')).match(/[^\x00-\x7f]/gu) ?? []) {
      const where = found.get(char) ?? [];
      const file = path.slice(ROOT.length + 1);
      if (!where.includes(file)) where.push(file);
      found.set(char, where);
    }
  }
  return found;
}

function hasFcList(): boolean {
  try {
    execFileSync('fc-list', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false; // no fontconfig on this machine: the second test has nothing to ask
  }
}

describe('UI glyphs', () => {
  it('uses only characters common fonts draw (no emoji, no ⏸)', () => {
    const found = nonAsciiIn(SHOWN.flatMap((dir) => files(resolve(ROOT, dir))));
    const strays = [...found].filter(([char]) => !ALLOWED.has(char) && !NOT_SHOWN.has(char))
      .map(([char, where]) => `${char} U+${char.codePointAt(0)!.toString(16).toUpperCase()} in ${where.join(', ')}`);
    expect(strays, 'use words, or a character from ALLOWED (check it with fc-list first)').toEqual([]);
  });

  it.skipIf(!hasFcList())('allows only characters DejaVu Sans has', () => {
    const missing = [...ALLOWED].filter((char) => {
      const hex = char.codePointAt(0)!.toString(16);
      return !execFileSync('fc-list', [`:charset=${hex}:family=DejaVu Sans`, 'family'], { encoding: 'utf8' }).trim();
    });
    expect(missing).toEqual([]);
  });
});
