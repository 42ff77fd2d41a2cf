/**
 * The production Firefox build is a valid Manifest V3 add-on as addons.mozilla.org sees it:
 * `web-ext lint` (Mozilla's addons-linter, the same checks AMO runs on upload) finds no errors.
 * Runs offline.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import webExt, { type LintMessage } from 'web-ext';
import { ROOT } from '../../demo/browser/build';

const BUILD_DIR = resolve(ROOT, '.output/firefox-mv3');

beforeAll(() => {
  execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { cwd: ROOT, stdio: 'pipe' });
});

/** @example describeMessage({ code: 'X', message: 'Y', file: 'manifest.json' }) === 'X manifest.json: Y' */
function describeMessage(m: LintMessage): string {
  const where = m.file ? ` ${m.file}${m.line ? `:${m.line}:${m.column ?? 0}` : ''}` : '';
  return `${m.code}${where}: ${m.message}`;
}

describe('production Firefox build', () => {
  it('is Manifest V3 with a gecko id (AMO and storage.sync need a stable id)', () => {
    const manifest = JSON.parse(readFileSync(resolve(BUILD_DIR, 'manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.browser_specific_settings?.gecko?.id).toEqual(expect.any(String));
  });

  it('passes web-ext lint with no errors', async () => {
    // output 'none': we read the returned report instead of having the linter print it.
    const report = await webExt.cmd.lint({ sourceDir: BUILD_DIR, output: 'none', boring: true }, { shouldExitProgram: false });
    const listing = [
      `errors (${report.errors.length}):`, ...report.errors.map(describeMessage),
      `warnings (${report.warnings.length}):`, ...report.warnings.map(describeMessage),
    ].join('\n  ');
    expect(report.errors, `web-ext lint ${BUILD_DIR}\n  ${listing}`).toEqual([]);
  });
});
