import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('the popup bundle', () => {
  it('leaves zod to the background: the popup only imports types from the message schemas', async () => {
    const result = await build({
      entryPoints: ['entrypoints/popup/main.tsx'],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      loader: { '.css': 'empty' },
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes('lib/detect/verdict'))).toBe(true);
    expect(inputs.filter((path) => /node_modules\/zod\//.test(path))).toEqual([]);
  });
});
