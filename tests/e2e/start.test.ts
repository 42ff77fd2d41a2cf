import { execFile } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ROOT } from './support/build';

/** The README's promise: `npm start` shows the demo with the extension working. */
it('npm start, headless, turns a flag on in the demo shop and saves screenshots', async () => {
  const out = mkdtempSync(join(tmpdir(), 'flagtab-start-'));
  const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/start.ts', '--headless', '--exit', '--port', '0', '--out', out], {
    cwd: ROOT,
    env: { ...process.env, FLAGTAB_SKIP_BUILD: '1' },
    timeout: 90_000,
  });
  expect(stdout).toContain('the server answered with the new checkout');
  for (const shot of ['popup.png', 'shop.png']) expect(statSync(join(out, shot)).size).toBeGreaterThan(10_000);
}, 120_000);
