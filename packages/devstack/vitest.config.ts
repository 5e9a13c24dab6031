import { defineConfig } from 'vitest/config';

// One PostgreSQL for the run with a migrated template (the same global setup other packages use through
// '@breath-master/devstack/testing/global-setup'); suites that need their own server start it themselves.
export default defineConfig({
  test: {
    globalSetup: ['./src/testing/global-setup.ts'],
    pool: 'forks',
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
