/**
 * `npm test`: type-check, then every vitest project (unit, e2e in Chromium, Firefox), then one
 * closing line "N passed, N failed" that CI and people can read at a glance.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

function run(command: string, args: string[]): number {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  return result.status ?? 1;
}

console.log('› Type-checking');
if (run('npx', ['tsc', '--noEmit', '-p', '.']) !== 0) {
  console.error('Type errors: fix them before the tests run.');
  process.exit(1);
}

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);

interface JsonReport { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }
try {
  const r = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
  console.log(`\nTests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
  if (r.numPassedTests === 0) process.exit(1); // a run that ran nothing has not passed
} catch (error) {
  console.error('No test report was written: the test run itself failed.', error);
  process.exit(1);
}
process.exit(status);
