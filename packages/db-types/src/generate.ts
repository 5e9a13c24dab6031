import { PostgresMeta } from '@supabase/postgres-meta';
import { getGeneratorMetadata } from '@supabase/postgres-meta/dist/lib/generators.js';
import { destroyFormatPool } from '@supabase/postgres-meta/dist/server/format-pool.js';
import { apply as applyTypescriptTemplate } from '@supabase/postgres-meta/dist/server/templates/typescript.js';

// The `Database` type as `supabase gen types typescript --schema public` writes it: postgres-meta's own
// introspection and TypeScript template (the code behind its /generators/typescript endpoint), run in
// this process against a migrated database.

export interface GenerateOptions {
  /** Default ['public']: the schemas the API exposes. */
  schemas?: string[];
}

export async function generateDatabaseTypes(
  connectionString: string,
  options: GenerateOptions = {},
): Promise<string> {
  const pgMeta = new PostgresMeta({ connectionString, max: 1 });
  try {
    const { data, error } = await getGeneratorMetadata(pgMeta, {
      includedSchemas: options.schemas ?? ['public'],
      excludedSchemas: [],
    });
    if (error !== null) throw new Error(`postgres-meta could not read the schema: ${error.message}`);
    // As the CLI does for PostgREST 10 and later.
    return await applyTypescriptTemplate({ ...data, detectOneToOneRelationships: true });
  } finally {
    await pgMeta.end();
    // The template formats with prettier in worker threads, which would keep the process alive.
    await destroyFormatPool();
  }
}
