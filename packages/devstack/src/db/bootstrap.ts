import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DatabaseError } from './errors.ts';
import { DATABASE_PASSWORD } from './postgres.ts';

// Applies packages/devstack/sql/bootstrap/*.sql (in name order, in one transaction) to a database: what
// Supabase's Postgres image provides before any migration runs. Every file is idempotent, so calling
// this on an already bootstrapped database changes nothing.

export const BOOTSTRAP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'sql', 'bootstrap');

export interface BootstrapOptions {
  /** The `authenticator` login password. Default `postgres`, as `supabase start`. */
  authenticatorPassword?: string;
  log?: (line: string) => void;
}

export async function bootstrapFiles(): Promise<string[]> {
  return (await readdir(BOOTSTRAP_DIR)).filter((name) => name.endsWith('.sql')).sort();
}

export async function bootstrap(connectionString: string, options: BootstrapOptions = {}): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  // Notices (e.g. "schema already exists, skipping") are expected on a second run: not news.
  client.on('notice', () => {});
  try {
    await client.query('begin');
    for (const file of await bootstrapFiles()) {
      const sql = await readFile(join(BOOTSTRAP_DIR, file), 'utf8');
      try {
        await client.query(sql);
      } catch (error) {
        throw new DatabaseError(
          'bootstrap_failed',
          `bootstrap ${file} failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
    }
    const password = options.authenticatorPassword ?? DATABASE_PASSWORD;
    await client.query(`alter role authenticator with login password ${client.escapeLiteral(password)}`);
    await client.query('commit');
    options.log?.('bootstrapped the Supabase roles and the auth, realtime and extensions schemas');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/** The same server and database, logged in as `authenticator` (what PostgREST and the gateway use). */
export function authenticatorUrl(connectionString: string, password: string = DATABASE_PASSWORD): string {
  const url = new URL(connectionString);
  url.username = 'authenticator';
  url.password = password;
  return url.toString();
}
