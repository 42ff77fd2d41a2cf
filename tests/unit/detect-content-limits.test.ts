import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The isolated-world scripts run on every load of a configured site: the detect script (which
 * carries the child-tab part too, one hello for both) where the site detects, the child-tab
 * script alone where it does not. Both stay small and apart from zod, storage, secrets, config.
 */
describe.each([
  // About 21.3 KB today: detection 17.5, the child-tab part 3.8 (27 KB with the polyfill).
  { entry: 'entrypoints/detect.content.ts', under: 25_000 },
  // About 3.8 KB today.
  { entry: 'entrypoints/children.content.ts', under: 6_000 },
])('$entry stays small and apart', ({ entry, under }) => {
  it('bundles without zod, storage, secrets or config code', async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      metafile: true,
      minify: true,
      format: 'iife',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((path) => /node_modules\/zod|lib\/(secrets|config|background|messaging)\/|storage/.test(path))).toEqual([]);
    // wxt/browser is `globalThis.browser ?? chrome`, not webextension-polyfill (lib/page-script.ts).
    expect(inputs.filter((path) => path.startsWith('node_modules/'))).toEqual([
      'node_modules/wxt/node_modules/@wxt-dev/browser/src/index.mjs',
      'node_modules/wxt/dist/browser.mjs',
      'node_modules/wxt/dist/utils/define-content-script.mjs',
    ]);
    expect(result.outputFiles[0]?.text.length).toBeLessThan(under);
  });
});
