import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Helpers the architecture tests share: the tree's files, their code without comments, their imports. */

export const ROOT = join(import.meta.dirname, '../../..');

export function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? filesUnder(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}
export const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
/** Source without comments, so a doc comment that mentions `chrome.tabs` is not a violation. */
export const code = (path: string) => read(path).replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
/**
 * The modules a source imports: static `import … from`, `export … from`, bare `import '…'`
 * and dynamic `import('…')`.
 *
 * @example moduleSpecifiers("import { x } from './a'; await import('../b')") // ['./a', '../b']
 */
export const moduleSpecifiers = (source: string) =>
  [...source.matchAll(/\bfrom\s*(['"])([^'"]+)\1|\bimport\s*(['"])([^'"]+)\3|\bimport\s*\(\s*(['"`])([^'"`]+)\5/g)].map((m) => m[2] ?? m[4] ?? m[6]!);

/** What a file imports: relative imports resolved to repository paths, packages by name. */
export function importsOf(file: string, { runtimeOnly = false } = {}): string[] {
  const specs: string[] = [];
  for (const match of code(file).matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s+)?'([^']+)'/gm)) {
    if (!(runtimeOnly && match[1])) specs.push(match[2]!);
  }
  return specs.map((spec) => {
    if (!spec.startsWith('.')) return spec;
    const base = join(dirname(file), spec);
    return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((path) => existsSync(join(ROOT, path))) ?? base;
  });
}

/** Every module a file loads at run time (type-only imports are erased), following relative imports. */
export function runtimeClosure(file: string): Set<string> {
  const seen = new Set<string>();
  const queue = [file];
  while (queue.length > 0) {
    const next = queue.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    if (/\.tsx?$/.test(next)) queue.push(...importsOf(next, { runtimeOnly: true }));
  }
  return seen;
}

