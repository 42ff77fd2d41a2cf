import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The SDKs exactly as a site would load them from a CDN: each package's own browser bundle,
 * read from node_modules on first request and kept in memory.
 */
const VENDOR_FILES = {
  // [package, a file the package lets us resolve, the browser bundle relative to that file]
  openfeature: ['@openfeature/web-sdk', '@openfeature/web-sdk', '../global/index.min.js'],
  growthbook: ['@growthbook/growthbook', '@growthbook/growthbook/package.json', 'dist/bundles/index.min.js'],
  launchdarkly: ['launchdarkly-js-client-sdk', 'launchdarkly-js-client-sdk/package.json', 'dist/ldclient.min.js'],
  unleash: ['unleash-proxy-client', 'unleash-proxy-client', 'main.min.js'],
  // The CDN bundle with every extension in, which loads nothing more from PostHog.
  posthog: ['posthog-js', 'posthog-js/package.json', 'dist/array.full.no-external.js'],
  flagsmith: ['flagsmith', 'flagsmith', 'index.js'],
  statsig: ['@statsig/js-client', '@statsig/js-client/package.json', 'build/statsig-js-client.min.js'],
  configcat: ['configcat-js', 'configcat-js/package.json', 'dist/configcat.js'],
} as const;

export type DemoSdk = keyof typeof VENDOR_FILES;
export const DEMO_SDKS = Object.keys(VENDOR_FILES) as DemoSdk[];

const cache = new Map<string, Promise<string>>();

function once(id: string, load: () => Promise<string>): Promise<string> {
  let text = cache.get(id);
  if (!text) {
    text = load();
    cache.set(id, text);
    text.catch(() => cache.delete(id)); // a failed build is retried on the next request
  }
  return text;
}

/** The SDK's own minified browser bundle (it defines the package's global). */
export function vendorScript(sdk: DemoSdk): Promise<string> {
  return once(`vendor:${sdk}`, () => {
    const [, entry, file] = VENDOR_FILES[sdk];
    // Some packages export only their entry point, not package.json: start from what resolves.
    return readFile(join(dirname(require.resolve(entry)), file), 'utf8');
  });
}

/**
 * The demo app for `sdk` (demo/sdk/app-<sdk>.ts), bundled for the browser by esbuild on first
 * request. The apps only import types from the SDK packages and use the global the vendor
 * bundle defines, as a page loading the SDK from a CDN would.
 */
export function appScript(sdk: DemoSdk): Promise<string> {
  return once(`app:${sdk}`, () => browserScript({ file: resolve(import.meta.dirname, `app-${sdk}.ts`) }));
}

/**
 * TypeScript bundled into one classic browser script (an IIFE): a file, or code resolved from
 * a folder. esbuild is loaded on first use, so the demo starts without it.
 *
 * @example await browserScript({ code: "import { startBridge } from './lib/detect/bridge'; startBridge(window);", resolveDir: ROOT })
 */
export async function browserScript(entry: { file: string } | { code: string; resolveDir: string }): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    ...('file' in entry ? { entryPoints: [entry.file] } : { stdin: { contents: entry.code, resolveDir: entry.resolveDir, loader: 'ts' as const } }),
    bundle: true,
    format: 'iife',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
