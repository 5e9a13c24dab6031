import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrap, migrate, startPostgres } from '@breath-master/devstack';
import pg from 'pg';
import { type ApiReference, readApi } from './read-api.ts';
import { renderMarkdown } from './render-markdown.ts';

// `npx tsx scripts/api-reference/generate.ts`: applies supabase/migrations to a throwaway PostgreSQL and
// writes docs/api/reference.json and reference.md from it. supabase/db-tests/api-reference.test.ts fails
// when the kept files differ from what this would write.

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REFERENCE_JSON = join(root, 'docs', 'api', 'reference.json');
export const REFERENCE_MD = join(root, 'docs', 'api', 'reference.md');

export async function generateReference(connectionString: string): Promise<ApiReference> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await readApi(client);
  } finally {
    await client.end();
  }
}

export const referenceJson = (api: ApiReference): string => `${JSON.stringify(api, null, 2)}\n`;

async function main(): Promise<void> {
  // Always a fresh server: the reference describes the migrations, not whatever DATABASE_URL holds.
  const server = await startPostgres({ databaseUrl: '' });
  try {
    await bootstrap(server.connectionString);
    await migrate(server.connectionString);
    const api = await generateReference(server.connectionString);
    await writeFile(REFERENCE_JSON, referenceJson(api));
    await writeFile(REFERENCE_MD, renderMarkdown(api));
    process.stdout.write(`wrote ${api.rpcs.length} RPCs and ${api.topics.length} topics to docs/api/\n`);
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
