import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * What the options page loads before its first view: the entry and the chunks it imports
 * statically (what bench/sizes.ts counts), not the parts it imports when first used.
 */
async function firstViewInputs(): Promise<string[]> {
  const result = await build({
    entryPoints: ['entrypoints/options/main.tsx'],
    bundle: true,
    splitting: true,
    outdir: 'out',
    write: false,
    metafile: true,
    format: 'esm',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.css': 'empty' },
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((name) => outputs[name]!.entryPoint === 'entrypoints/options/main.tsx')!;
  const loaded = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const chunk = queue.shift()!;
    if (loaded.has(chunk)) continue;
    loaded.add(chunk);
    for (const imported of outputs[chunk]!.imports) if (imported.kind === 'import-statement') queue.push(imported.path);
  }
  return [...loaded].flatMap((chunk) => Object.keys(outputs[chunk]!.inputs));
}

describe('the options page\'s first view', () => {
  it('leaves the configuration\'s parsing to the background, the forms\' words to the form, and the polyfill out', async () => {
    const inputs = await firstViewInputs();
    // Held on what must be there, so a wrong walk cannot pass for a small page.
    expect(inputs).toContain('components/options/SiteCard.tsx');
    expect(inputs).toContain('components/options/EmptyState.tsx');
    expect(inputs.filter((path) => /node_modules\/zod\//.test(path)), 'zod').toEqual([]);
    expect(inputs.filter((path) => /lib\/config\/(store|schema|versions|managed)\.ts$/.test(path)), 'the config schemas').toEqual([]);
    // The trackers' metas stay: which origins a site needs (Linear's upload host) says whether it lacks access.
    expect(inputs.filter((path) => /lib\/(providers|transports)\/[\w-]+\/meta\.ts$/.test(path)), 'the forms\' metas').toEqual([]);
    expect(inputs.filter((path) => /webextension-polyfill/.test(path)), 'the polyfill').toEqual([]);
  });
});
