import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlagtabFixtures } from '../src/index';

/**
 * The fixture's own tests, on Debian's Chromium (nothing downloads a browser), against demo
 * shops that tests/unit/playwright/fixture.test.ts starts: FLAGTAB_DEMO_URL (the v1 shop) and
 * FLAGTAB_SIGNED_DEMO_URL (the shop verifying signed overrides). It reads what reached them.
 */
const output = process.env.FLAGTAB_TEST_OUTPUT ?? join(tmpdir(), 'flagtab-playwright');

export default defineConfig<FlagtabFixtures>({
  testDir: '.',
  workers: 2,
  fullyParallel: true,
  retries: 0,
  // A budget for a loaded two-core machine, not a timing assertion.
  timeout: 60_000,
  outputDir: join(output, 'results'),
  reporter: [['json', { outputFile: process.env.FLAGTAB_REPORT ?? join(output, 'report.json') }], ['line']],
  use: { launchOptions: { executablePath: '/usr/bin/chromium' } },
  projects: [
    { name: 'v1', testMatch: /(fixture|extend)\.spec\.ts$/, use: { baseURL: process.env.FLAGTAB_DEMO_URL } },
    { name: 'config-options', testMatch: /config-options\.spec\.ts$/, use: { baseURL: process.env.FLAGTAB_DEMO_URL, flagtabOptions: { site: 'shop', values: { 'max-items': 10 } } } },
    { name: 'query', testMatch: /query\.spec\.ts$/, use: { baseURL: process.env.FLAGTAB_DEMO_URL } },
    { name: 'signed', testMatch: /signed\.spec\.ts$/, use: { baseURL: process.env.FLAGTAB_SIGNED_DEMO_URL } },
  ],
});
