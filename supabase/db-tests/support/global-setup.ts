import type { TestProject } from 'vitest/node';
import { startCluster } from './cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
  }
}

/** One PostgreSQL 17 for the whole run, with a template database holding the bootstrap and all migrations. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startCluster();
  project.provide('adminUrl', cluster.adminUrl);
  project.provide('templateDatabase', cluster.templateDatabase);
  return () => cluster.stop();
}
