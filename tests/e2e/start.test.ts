import { execFile } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ROOT } from '../../demo/browser/build';

/**
 * The README's promise: `npm start` shows the demo with the extension working — a flag turned on
 * in the shop, and a QA sign-off from the side panel that reaches the demo Jira.
 */
it('npm start, headless, turns a flag on in the demo shop, signs off SHOP-142 to the demo Jira and saves screenshots', async () => {
  const out = mkdtempSync(join(tmpdir(), 'flagtab-start-'));
  const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/start.ts', '--headless', '--exit', '--port', '0', '--out', out], {
    cwd: ROOT,
    env: { ...process.env, FLAGTAB_SKIP_BUILD: '1' },
    timeout: 90_000,
  });
  // The shop verifies strictly: the new checkout shows only if the signed overrides were accepted.
  expect(stdout).toMatch(/the server verified the signed overrides \(key [\w-]{43}, signed by qa@shop\.example\), accepted them and answered\n\s+with the new checkout/);
  // start.ts reads these from the demo Jira itself, after the panel said "Posted to SHOP-142".
  expect(stdout).toMatch(/demo Jira received comment \d+ on SHOP-142, with the screenshot attached/);
  expect(stdout).toMatch(/Screenshots: .*sidepanel\.png and .*jira\.png \(the comment at http:\/\/jira\.localhost:\d+\/browse\/SHOP-142\?focusedCommentId=\d+\)/);
  for (const shot of ['popup.png', 'shop.png', 'sidepanel.png', 'jira.png']) expect(statSync(join(out, shot)).size, shot).toBeGreaterThan(10_000);
}, 120_000);
