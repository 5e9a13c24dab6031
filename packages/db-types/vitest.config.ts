import { defineConfig } from 'vitest/config';

// The staleness test needs a migrated database: the devstack's one-PostgreSQL-per-run global setup.
export default defineConfig({
  test: {
    globalSetup: ['@breath-master/devstack/testing/global-setup'],
    pool: 'forks',
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
