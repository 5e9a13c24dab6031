import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneMessages, startMessageRetention } from './message-retention.ts';
import { startTestDatabase, type TestDatabase } from './test-stack.ts';

let db: TestDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  db = await startTestDatabase();
  pool = new pg.Pool({ connectionString: db.authenticatorUrl, max: 2 });
}, 120_000);
afterAll(async () => {
  await pool?.end();
  await db?.stop();
});

const topics = async () =>
  (await db.sql('select topic from realtime.messages order by topic')).rows.map((r) => r.topic as string);

describe('realtime.messages retention', () => {
  it('deletes messages older than the retention as the gateway role, and keeps recent ones', async () => {
    await db.sql(
      `select realtime.send('{}'::jsonb, 'e', 'old', true), realtime.send('{}'::jsonb, 'e', 'new', true)`,
    );
    await db.sql(
      `update realtime.messages set inserted_at = inserted_at - interval '2 minutes' where topic = 'old'`,
    );
    expect(await pruneMessages(pool, 60_000)).toBe(1);
    expect(await topics()).toEqual(['new']);
    expect(await pruneMessages(pool, 60_000)).toBe(0);
  });

  it('prunes on its own schedule until stopped', async () => {
    await db.sql(`update realtime.messages set inserted_at = inserted_at - interval '1 second'`);
    const logs: string[] = [];
    const stop = startMessageRetention(pool, (line) => logs.push(line), 200);
    try {
      await expect.poll(topics, { timeout: 5_000 }).toEqual([]);
    } finally {
      stop();
    }
    expect(logs).toEqual([]);
  });
});
