import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runtimeClosure } from './support';

/**
 * webextension-polyfill runs in the background only: its message listeners answer with promises,
 * which the polyfill carries on Chrome. Every page and content script uses WXT's `browser`
 * instead (Firefox's own, or MV3 Chrome's promise-based `chrome`): they only call APIs and send
 * messages, and the polyfill's 9.8 KB would be parsed on every popup open and every page load
 * of a configured site. Type-only imports of its types are erased and allowed.
 */
const BACKGROUND = new Set(['entrypoints/background.ts', 'entrypoints/background-work.ts']);

const entrypoints = () => readdirSync(join(ROOT, 'entrypoints'), { withFileTypes: true }).flatMap((entry) =>
  entry.isDirectory()
    ? readdirSync(join(ROOT, 'entrypoints', entry.name)).filter((f) => /^main\.tsx?$|^index\.tsx?$/.test(f)).map((f) => `entrypoints/${entry.name}/${f}`)
    : /\.tsx?$/.test(entry.name) ? [`entrypoints/${entry.name}`] : []);

describe('webextension-polyfill stays in the background', () => {
  it('no page or content script loads it at run time', () => {
    const others = entrypoints().filter((file) => !BACKGROUND.has(file));
    expect(others).toEqual(expect.arrayContaining(['entrypoints/popup/main.tsx', 'entrypoints/options/main.tsx', 'entrypoints/detect.content.ts']));
    const loading = others.filter((file) => runtimeClosure(file).has('webextension-polyfill'));
    expect(loading, "import { browser } from 'wxt/browser' in pages and content scripts").toEqual([]);
  });

  it('the background does', () => {
    expect(runtimeClosure('entrypoints/background.ts').has('webextension-polyfill')).toBe(true);
  });
});
