import { build } from 'esbuild';

/**
 * The source files an extension page's entry bundles, as esbuild splits them (Vite's own
 * build is slower to run in a unit test; the question, which modules a page loads, is the same).
 * `firstView`: only the chunks the entry imports statically, what bench/sizes.ts counts, not
 * the parts it imports when first used.
 *
 * @example await pageInputs('entrypoints/options/main.tsx', { firstView: true })
 */
export async function pageInputs(entry: string, { firstView = false } = {}): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
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
  if (!firstView) return Object.keys(result.metafile.inputs);
  const start = Object.keys(outputs).find((name) => outputs[name]!.entryPoint === entry)!;
  const loaded = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const chunk = queue.shift()!;
    if (loaded.has(chunk)) continue;
    loaded.add(chunk);
    for (const imported of outputs[chunk]!.imports) if (imported.kind === 'import-statement') queue.push(imported.path);
  }
  return [...loaded].flatMap((chunk) => Object.keys(outputs[chunk]!.inputs));
}
