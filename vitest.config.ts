import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          // The property tests run thousands of cases: on a loaded two-core machine one took
          // over vitest's 5 s default. A budget, not a timing assertion.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // One browser at a time: the machine has two cores.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ['tests/e2e/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'unleash',
          include: ['tests/unleash/**/*.test.ts'],
          environment: 'node',
          // One real Unleash (with its PostgreSQL) serves every file, started once by the setup.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 180_000,
          globalSetup: ['tests/unleash/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'firefox',
          include: ['tests/firefox/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
