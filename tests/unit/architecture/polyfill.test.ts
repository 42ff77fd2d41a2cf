import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageInputs } from '../../support/page-bundle';
import { ROOT, runtimeClosure } from './support';

/**
 * No Flagtab bundle loads webextension-polyfill. Every entrypoint uses WXT's `browser` (Firefox's
 * own, or MV3 Chrome's promise-based `chrome`): its 9.7 KB would be parsed on every worker wake,
 * popup open and page load of a configured site. The one thing the background needed it for,
 * answering a message with a returned promise (which Chrome long ignored), is
 * lib/messaging/answer.ts. Type-only imports of its types (@types/webextension-polyfill, which
 * lib/ is typed with) are erased and allowed.
 */
const entrypoints = () => readdirSync(join(ROOT, 'entrypoints'), { withFileTypes: true }).flatMap((entry) =>
  entry.isDirectory()
    ? readdirSync(join(ROOT, 'entrypoints', entry.name)).filter((f) => /^main\.tsx?$|^index\.tsx?$/.test(f)).map((f) => `entrypoints/${entry.name}/${f}`)
    : /\.tsx?$/.test(entry.name) ? [`entrypoints/${entry.name}`] : []);

describe('webextension-polyfill', () => {
  it('is loaded at run time by no entrypoint', () => {
    const files = entrypoints();
    expect(files).toEqual(expect.arrayContaining(['entrypoints/background.ts', 'entrypoints/background-work.ts', 'entrypoints/popup/main.tsx', 'entrypoints/options/main.tsx', 'entrypoints/detect.content.ts']));
    const loading = files.filter((file) => runtimeClosure(file).has('webextension-polyfill'));
    expect(loading, "import { browser } from 'wxt/browser'; import only types from 'webextension-polyfill'").toEqual([]);
  });

  it('is not in the background\'s bundle, the parts it loads later included', async () => {
    const inputs = await pageInputs('entrypoints/background.ts');
    // Held on what must be there, so a walk that stopped early cannot pass for a clean bundle.
    expect(inputs).toContain('lib/background/main.ts');
    expect(inputs).toContain('lib/messaging/answer.ts');
    expect(inputs.filter((path) => /webextension-polyfill/.test(path))).toEqual([]);
  });
});
