import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

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

/**
 * A copy of the e2e build that may also capture the visible tab. Chrome lets an extension
 * capture a tab with `activeTab` (granted when a person clicks the toolbar button) or
 * `<all_urls>`; headless Chromium cannot click the toolbar, so this copy holds `<all_urls>`
 * instead. Only the sign-off tests that need a screenshot use it; the others keep the plain
 * build, which shows what a person sees before clicking the button. `from`: the build to copy
 * (the bench copies its copy of the production build, bench/build.ts).
 */
export function screenshotCapableBuild(name = 'tests', from = extensionDir('chrome')): string {
  // One copy per user of it (the tests, `npm start`), so one never rewrites the other's.
  const dir = resolve(ROOT, `.output/chrome-mv3-e2e-capture-${name}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(from, dir, { recursive: true });
  const manifestPath = resolve(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { host_permissions?: string[] };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), '<all_urls>'];
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return dir;
}
