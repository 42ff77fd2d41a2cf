import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('the content script stays small and apart', () => {
  it('bundles without zod, storage, secrets or config code', async () => {
    const result = await build({
      entryPoints: ['entrypoints/detect.content.ts'],
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
    // It runs on every load of a configured site: about 17.5 KB today (27 KB with the polyfill).
    expect(result.outputFiles[0]?.text.length).toBeLessThan(25_000);
  });
});
