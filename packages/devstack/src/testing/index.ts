// Test support for packages whose tests need the database: one PostgreSQL per run (global setup), a
// fresh copy of the migrated template per file or test, and the API personas for SQL tests.
//
//   // vitest.config.ts
//   export default defineConfig({
//     test: { globalSetup: ['@breath-master/devstack/testing/global-setup'], pool: 'forks' },
//   });
//
//   // thing.test.ts
//   const db = await createTestDatabase();          // beforeAll; db.drop() in afterAll
//   const client = new pg.Client(db.connectionString);
//   const { id } = await createAuthUser(client);
//   await asPersona(client, { userId: id }, (c) => c.query('select public.get_my_progress()'));

export {
  databaseUrl,
  SEEDED_TEMPLATE_DATABASE,
  startTestCluster,
  TEMPLATE_DATABASE,
  type TestCluster,
  type TestClusterInfo,
  type TestClusterOptions,
} from './cluster.ts';
export {
  type CreateTestDatabaseOptions,
  createTestDatabase,
  TEST_CLUSTER_ENV,
  type TestDatabase,
} from './database.ts';
export { setupTestCluster } from './global-setup.ts';
export {
  asPersona,
  type CreateAuthUserOptions,
  createAuthUser,
  inRolledBackTransaction,
  type Persona,
  personaClaims,
  setPersona,
} from './personas.ts';
