import { defineConfig } from 'vitest/config';

// Database tests: one embedded PostgreSQL for the run (global setup), one database per test file cloned from a
// migrated template, so files run in parallel without seeing each other's rows.
export default defineConfig({
  test: {
    include: ['db-tests/**/*.test.ts'],
    globalSetup: ['db-tests/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
