import { defineConfig } from 'vitest/config';

// Database tests: one embedded PostgreSQL for the run (global setup), one database per test file cloned from a
// migrated template, so files run in parallel without seeing each other's rows.
export default defineConfig({
  test: {
    include: ['db-tests/**/*.test.ts'],
    globalSetup: ['db-tests/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // CI shares two cores with other suites: allow for a slow neighbour, not for a slow test.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
