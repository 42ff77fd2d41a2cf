import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../demo/browser/build';

export interface FileSize {
  file: string;
  bytes: number;
  gzip: number;
}

export interface SizeGroup {
  files: FileSize[];
  bytes: number;
  gzip: number;
}

export interface BundleSizes {
  popup: SizeGroup;
  /**
   * Everything options.html loads for its first view. The site form, import/export, and the
   * stores' code that writes (zod, the schemas) load when first used; the configuration it shows
   * comes from the background ('config/read').
   */
  options: SizeGroup;
  /** What the service worker parses on every wake. */
  background: SizeGroup;
  /** The worker's work script: sign-offs, catalogue fetching, runs; imported on first need (lib/background/load-work.ts). */
  backgroundWork: SizeGroup;
}

/** The production Chrome build (`wxt build`), as shipped to the store. */
export const PRODUCTION_DIR = join(ROOT, '.output/chrome-mv3');

export function buildProduction(): void {
  execFileSync('npx', ['wxt', 'build', '-b', 'chrome'], { cwd: ROOT, stdio: 'pipe' });
}

function sizeOf(dir: string, file: string): FileSize {
  const data = readFileSync(join(dir, file));
  return { file, bytes: data.byteLength, gzip: gzipSync(data, { level: 9 }).byteLength };
}

/** Extension-root-relative path of a URL in `fromFile` ("/chunks/a.js", "./a.js", "../chunks/a.js"). */
function resolveRef(fromFile: string, ref: string): string {
  return ref.startsWith('/') ? ref.slice(1) : posix.normalize(posix.join(posix.dirname(fromFile), ref));
}

/**
 * Every file a page loads before it is usable: its module script, modulepreloads and
 * stylesheets, plus any chunk those scripts import statically. `import()` counts for the popup
 * (whose UI the popup cannot be used without) but not for the options page, whose dynamic
 * imports are the parts loaded when first used (components/options/part.ts: `lazyPart`, `onFirstCall`).
 */
export function pageFiles(dir: string, page: 'popup.html' | 'options.html'): string[] {
  const html = readFileSync(join(dir, page), 'utf8');
  const imports = page === 'popup.html' ? /(?:\bimport|\bfrom)\s*\(?\s*["']([./][^"']+\.js)["']/g : /(?:\bfrom|\bimport)\s*["']([./][^"']+\.js)["']/g;
  const refs: string[] = [];
  for (const [tag, name] of html.matchAll(/<(script|link)\b[^>]*>/g)) {
    const attr = (attribute: string) => tag.match(new RegExp(`\\s${attribute}="([^"]*)"`))?.[1];
    const ref = name === 'script' ? attr('src') : /^(modulepreload|stylesheet)$/.test(attr('rel') ?? '') ? attr('href') : undefined;
    if (ref) refs.push(resolveRef(page, ref));
  }
  const files = new Set<string>();
  const queue = [...refs];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (files.has(file)) continue;
    files.add(file);
    if (!file.endsWith('.js')) continue;
    const code = readFileSync(join(dir, file), 'utf8');
    for (const m of code.matchAll(imports)) queue.push(resolveRef(file, m[1]!));
  }
  return [...files];
}

function group(dir: string, files: string[]) {
  const sizes = files.map((f) => sizeOf(dir, f));
  return { files: sizes, bytes: sizes.reduce((s, f) => s + f.bytes, 0), gzip: sizes.reduce((s, f) => s + f.gzip, 0) };
}

/** Gzip (level 9) sizes of the popup's, the options page's and the background's files in a built extension. */
export function measureSizes(dir = PRODUCTION_DIR): BundleSizes {
  return {
    popup: group(dir, pageFiles(dir, 'popup.html')),
    options: group(dir, pageFiles(dir, 'options.html')),
    background: group(dir, ['background.js']),
    backgroundWork: group(dir, ['background-work.js']),
  };
}
