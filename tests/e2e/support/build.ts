import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');

/** Where `wxt build --mode e2e` puts each browser's build (host access to *.localhost pre-granted). */
export function extensionDir(browser: 'chrome' | 'firefox'): string {
  return resolve(ROOT, `.output/${browser}-mv3-e2e`);
}

/** Builds the e2e flavour of the extension, unless FLAGTAB_SKIP_BUILD=1 and a build exists. */
export async function buildExtension(browser: 'chrome' | 'firefox'): Promise<string> {
  const dir = extensionDir(browser);
  // Several vitest projects build in one run; the marker lets the first build serve them all.
  const marker = `FLAGTAB_BUILT_${browser.toUpperCase()}`;
  if ((process.env.FLAGTAB_SKIP_BUILD === '1' || process.env[marker] === '1') && existsSync(dir)) return dir;
  execFileSync('npx', ['wxt', 'build', '--mode', 'e2e', '-b', browser], { cwd: ROOT, stdio: 'pipe' });
  process.env[marker] = '1';
  return dir;
}
