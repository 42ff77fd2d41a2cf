import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../demo/browser/build';
import { DEMO_HOSTS } from '../demo/browser/demo-hosts';
import { PRODUCTION_DIR, buildProduction } from './sizes';
import { EMPTY_PAGE, EMPTY_PAGE_HTML, ONE_SCRIPT_FILE, ONE_SCRIPT_PAGE, ONE_SCRIPT_PAGE_HTML } from './open';

/** The build the bench loads: the production build's files, with a patched manifest. */
export const BENCH_DIR = join(ROOT, '.output/chrome-mv3-bench');

/**
 * Builds the production extension (`wxt build`: what ships, Preact's production build and no
 * devtools hook), unless FLAGTAB_SKIP_BUILD=1 and it exists, and copies it to BENCH_DIR, where
 * exactly two things differ: manifest.json's `host_permissions` is DEMO_HOSTS (production asks
 * for a site's hosts when it is added; a headless browser cannot click "Allow"), and
 * `bench-empty.html`, the bench's empty extension page, is added. Every JS, CSS and HTML file
 * of the production build is there byte for byte (checked).
 */
export function benchBuild(): string {
  if (process.env.FLAGTAB_SKIP_BUILD !== '1' || !existsSync(join(PRODUCTION_DIR, 'manifest.json'))) buildProduction();
  rmSync(BENCH_DIR, { recursive: true, force: true });
  cpSync(PRODUCTION_DIR, BENCH_DIR, { recursive: true });
  const manifestPath = join(BENCH_DIR, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { host_permissions?: string[] };
  if (manifest.host_permissions?.length) throw new Error(`the production manifest grants hosts up front (${manifest.host_permissions.join(', ')}): the bench would measure a different extension than the one that ships`);
  manifest.host_permissions = DEMO_HOSTS;
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  writeFileSync(join(BENCH_DIR, EMPTY_PAGE), EMPTY_PAGE_HTML);
  writeFileSync(join(BENCH_DIR, ONE_SCRIPT_PAGE), ONE_SCRIPT_PAGE_HTML);
  writeFileSync(join(BENCH_DIR, ONE_SCRIPT_FILE), 'void 0;\n');
  for (const file of readdirSync(PRODUCTION_DIR, { recursive: true, encoding: 'utf8' })) {
    if (file === 'manifest.json' || !/\.(js|css|html)$/.test(file)) continue;
    if (!readFileSync(join(BENCH_DIR, file)).equals(readFileSync(join(PRODUCTION_DIR, file)))) throw new Error(`bench build: ${file} differs from the production build's`);
  }
  return BENCH_DIR;
}
