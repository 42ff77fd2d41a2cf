/**
 * `npx tsx bench/schema-count.ts [module …]`: how many zod schema and check objects importing
 * the background's modules builds, and which module builds them: the work a stopped worker's
 * wake repeats before it can answer (bench/README.md, section 10). A diagnostic in Node, not a
 * measurement of the browser.
 *
 * Every zod object gets its `_zod` internals through one `Object.defineProperty(inst, '_zod', …)`
 * (zod/v4/core/core.js `$constructor`), so counting those calls counts the objects built. The
 * builder is the outermost project file on the stack (node_modules and this script left out):
 * the module whose evaluation built it, so a helper (dict-schema.ts) counts for its caller.
 *
 * `--time [--rounds N]`: bundles each module with esbuild (as the build would, minified) and
 * times its evaluation (CPU time, parsing included) in N fresh Node processes (default 15),
 * printing the median and range: what the count costs, without tsx's on-the-fly compiling. The
 * machine is shared: compare medians of runs made close together.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { summarise, type Summary } from './stats';

/** The background's entry (what background.js evaluates, less WXT and the polyfill) by default. */
const DEFAULT_MODULES = ['lib/background/main.ts'];

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 15;
const modules = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--rounds');
const chosen = modules.length > 0 ? modules : DEFAULT_MODULES;

/** The outermost project frame: the module whose top-level code (or whose first call) built it. */
function builder(): string {
  const frames = (new Error().stack ?? '').split('\n').slice(3).reverse();
  for (const frame of frames) {
    const file = /\((?:file:\/\/)?([^()]+?):\d+:\d+\)$/.exec(frame)?.[1] ?? /at (?:file:\/\/)?([^ ]+?):\d+:\d+$/.exec(frame)?.[1];
    if (file && file !== SELF && !file.includes('node_modules') && file.startsWith(ROOT)) return relative(ROOT, file);
  }
  return '(zod itself)';
}

async function count() {
  const builtBy = new Map<string, number>();
  let built = 0;
  Error.stackTraceLimit = 100;
  const defineProperty = Object.defineProperty;
  Object.defineProperty = function countingDefineProperty<T>(target: T, key: PropertyKey, descriptor: PropertyDescriptor & ThisType<unknown>): T {
    if (key === '_zod') {
      built += 1;
      const file = builder();
      builtBy.set(file, (builtBy.get(file) ?? 0) + 1);
    }
    return defineProperty(target, key, descriptor);
  };
  // zod and its locale first, so what follows is the project's schemas only.
  await import('../lib/zod');
  builtBy.clear();
  const afterZod = built;
  for (const module of chosen) {
    const before = built;
    await import(pathToFileURL(join(ROOT, module)).href);
    console.log(`${module}: ${built - before} zod objects (with what it imports, less what was imported before)`);
  }
  console.log(`total after lib/zod: ${built - afterZod}`);
  for (const [file, n] of [...builtBy].sort((a, b) => b[1] - a[1])) console.log(`${String(n).padStart(5)}  ${file}`);
}

/**
 * Prints the import's CPU time (this process's, all threads), less swayed than wall time by the
 * other processes of a shared machine, and the zod objects the bundle built: the bundle is
 * tree-shaken as the build's is, so schemas nothing uses are not counted.
 */
const EVALUATE = `let built = 0; const define = Object.defineProperty;
Object.defineProperty = (o, k, d) => { if (k === '_zod') built += 1; return define(o, k, d); };
const c = process.cpuUsage(); await import(process.argv[1]); const d = process.cpuUsage(c);
console.log(JSON.stringify({ ms: (d.user + d.system) / 1000, built }));`;

/** A `browser` whose every API exists and never answers: enough for background.js to register its listeners. */
const PRODUCTION = `let built = 0; const define = Object.defineProperty;
Object.defineProperty = (o, k, d) => { if (k === '_zod') built += 1; return define(o, k, d); };
const silent = () => new Proxy(function () {}, { get: (_t, key) => key === 'then' ? undefined : key === 'id' ? 'flagtab-id' : silent(), apply: () => new Promise(() => {}) });
Object.assign(globalThis, { chrome: { runtime: { id: 'flagtab-id' } }, browser: silent(), indexedDB: silent(), self: { addEventListener() {} } });
const code = (await import('node:fs')).readFileSync(process.argv[1], 'utf8');
const c = process.cpuUsage(); (await import('node:vm')).runInThisContext(code, { filename: 'background.js' }); const d = process.cpuUsage(c);
console.log(JSON.stringify({ ms: (d.user + d.system) / 1000, built }));`;

/** Runs `script` on `file` in `rounds` fresh Node processes: the CPU each took, and the zod objects built. */
function inFreshProcesses(script: string, file: string): { cpu: Summary; built: number } {
  const samples: number[] = [];
  let built = 0;
  for (let i = 0; i < rounds; i++) {
    const sample = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script, file], { encoding: 'utf8' })) as { ms: number; built: number };
    samples.push(sample.ms);
    built = sample.built;
  }
  return { cpu: summarise(samples), built };
}

const cpuWords = ({ median, min, max }: Summary) => `${median.toFixed(1)} ms of CPU, median (${min.toFixed(1)}–${max.toFixed(1)}), ${rounds} fresh processes`;

function production(file = join(ROOT, '.output/chrome-mv3/background.js')) {
  const { cpu, built } = inFreshProcesses(PRODUCTION, file);
  console.log(`${relative(ROOT, file)}: ${built} zod objects built to the end of its synchronous start; ${cpuWords(cpu)}`);
}

async function time() {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'flagtab-schema-count-'));
  try {
    for (const module of chosen) {
      const outfile = join(dir, `${module.replaceAll('/', '_')}.mjs`);
      await build({ entryPoints: [join(ROOT, module)], bundle: true, minify: true, format: 'esm', platform: 'neutral', outfile, logLevel: 'error', mainFields: ['module', 'main'] });
      const { cpu, built } = inFreshProcesses(EVALUATE, outfile);
      console.log(`${module}: ${built} zod objects built by the bundle (zod's own included); evaluated in ${cpuWords(cpu)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (args.includes('--production')) production(modules[0] === undefined ? undefined : resolve(modules[0]));
else await (args.includes('--time') ? time() : count());
