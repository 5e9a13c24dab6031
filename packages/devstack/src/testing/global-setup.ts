import type { TestProject } from 'vitest/node';
import { startTestCluster, type TestClusterOptions } from './cluster.ts';
import { TEST_CLUSTER_ENV } from './database.ts';

// Vitest global setup: one PostgreSQL for the whole run with the migrated template(s).
//
//   // vitest.config.ts
//   test: { globalSetup: ['@breath-master/devstack/testing/global-setup'], pool: 'forks' }
//
// For a seeded template (createTestDatabase({ seed: true }) as a plain copy), use your own setup file:
//
//   // test/global-setup.ts
//   import { setupTestCluster } from '@breath-master/devstack/testing';
//   export default (project) => setupTestCluster(project, { seed: true });

export async function setupTestCluster(
  project: TestProject,
  options: TestClusterOptions = {},
): Promise<() => Promise<void>> {
  const cluster = await startTestCluster(options);
  project.provide('devstackTestCluster', cluster.info);
  process.env[TEST_CLUSTER_ENV] = JSON.stringify(cluster.info);
  return async () => {
    delete process.env[TEST_CLUSTER_ENV];
    await cluster.stop();
  };
}

export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return setupTestCluster(project);
}
