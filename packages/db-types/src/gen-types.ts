import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrap, migrate, startPostgres } from '@breath-master/devstack';
import { generateDatabaseTypes } from './generate.ts';

// `npm run gen:types -w @breath-master/db-types`: applies supabase/migrations to a throwaway PostgreSQL and
// writes src/database.ts from it. The file is exactly what `supabase gen types typescript --local`
// prints for the same migrations, so either tool may refresh it.

export const DATABASE_TYPES_FILE = join(dirname(fileURLToPath(import.meta.url)), 'database.ts');

async function main(): Promise<void> {
  // Always a fresh server: the types describe the migrations, not whatever DATABASE_URL holds.
  const server = await startPostgres({ databaseUrl: '' });
  try {
    await bootstrap(server.connectionString);
    const { applied } = await migrate(server.connectionString);
    const source = await generateDatabaseTypes(server.connectionString);
    await writeFile(DATABASE_TYPES_FILE, source);
    process.stdout.write(`wrote ${DATABASE_TYPES_FILE} from ${applied.length} migrations\n`);
  } finally {
    await server.stop();
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
