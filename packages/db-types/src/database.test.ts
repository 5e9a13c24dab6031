import { readFile } from 'node:fs/promises';
import { createTestDatabase, type TestDatabase } from '@breath-master/devstack/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TYPES_FILE } from './gen-types.ts';
import { generateDatabaseTypes } from './generate.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('generated database types', () => {
  it('match the migrations (src/database.ts is not stale)', async () => {
    const fresh = await generateDatabaseTypes(db.connectionString);
    const committed = await readFile(DATABASE_TYPES_FILE, 'utf8');
    expect(
      committed,
      'src/database.ts is stale: run `npm run gen:types -w @breath-master/db-types` and commit it',
    ).toBe(fresh);
  });

  it('cover every table and function in public, and nothing from auth or realtime', async () => {
    const fresh = await generateDatabaseTypes(db.connectionString);
    const client = new pg.Client({ connectionString: db.connectionString });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        `select c.relname as name from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
         union select p.proname from pg_proc p where p.pronamespace = 'public'::regnamespace`,
      );
      expect(rows.length).toBeGreaterThan(10);
      for (const { name } of rows) expect(fresh).toContain(`      ${name}: {`);
      expect(fresh).not.toMatch(/^ {6}(users|messages|refresh_tokens): \{/m);
    } finally {
      await client.end();
    }
  });
});
