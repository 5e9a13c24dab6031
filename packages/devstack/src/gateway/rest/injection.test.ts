import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ANON_KEY } from '../../keys.ts';
import { testClient } from '../test-clients.ts';
import { type GatewayTestCluster, startGatewayTestCluster, type TestGateway } from '../test-cluster.ts';

// Hostile identifiers and values: every name from a request is quoted and every value is a query
// parameter, so odd names work as data and SQL-looking text never runs. A canary table proves it.

const TABLE = 'we"ird; drop table public.canary;--';
// No spaces: postgrest-js strips whitespace from select lists outside (unescaped) quotes.
const COLUMN = 'co"l)or(1=1)--';

const SCHEMA = `
create table public.canary (id int);
insert into public.canary values (1);
create table public."we""ird; drop table public.canary;--" (
  id int primary key,
  "co""l)or(1=1)--" text,
  doc jsonb
);
grant all on public."we""ird; drop table public.canary;--" to anon;
insert into public."we""ird; drop table public.canary;--" values (1, 'x', '{"it''s": {"a,b": 1}}'), (2, $$'; drop table public.canary; --$$, null);
`;

let cluster: GatewayTestCluster;
let stack: TestGateway;
let db: SupabaseClient;

beforeAll(async () => {
  cluster = await startGatewayTestCluster();
  stack = await cluster.freshGateway();
  await stack.migrate(SCHEMA);
  db = testClient(stack.url);
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await cluster?.stop();
});

async function canaryAlive(): Promise<void> {
  expect((await stack.sql('select count(*)::int as n from public.canary')).rows).toEqual([{ n: 1 }]);
}

describe('hostile identifiers and values', () => {
  it('reads, filters and orders a table and column whose names hold quotes and SQL', async () => {
    const quoted = `"${COLUMN.replaceAll('"', '\\"')}"`;
    const rows = await db.from(TABLE).select(`id, value:${quoted}`).order('id');
    expect(rows.error).toBeNull();
    expect(rows.data).toEqual([
      { id: 1, value: 'x' },
      { id: 2, value: "'; drop table public.canary; --" },
    ]);
    const filtered = await db.from(TABLE).select('id').eq(quoted, "'; drop table public.canary; --");
    expect(filtered.data).toEqual([{ id: 2 }]);
    const listed = await db.from(TABLE).select('id').in(quoted, ["x') or true --", 'x']);
    expect(listed.data).toEqual([{ id: 1 }]);
    const logic = await db.from(TABLE).select('id').or(`id.eq.1);drop table public.canary;--,id.eq.2`);
    expect(logic.status).toBe(400);
    const jsonKey = await db.from(TABLE).select(`id, v:doc->it's->>"a,b"`).eq('id', 1).single();
    expect(jsonKey.data).toEqual({ id: 1, v: '1' });
    await canaryAlive();
  });

  it('writes through hostile names and values, and refuses SQL in casts, orders and languages', async () => {
    const quoted = `"${COLUMN.replaceAll('"', '\\"')}"`;
    const made = await db
      .from(TABLE)
      .insert({ id: 3, [COLUMN]: "x'); delete from public.canary; --", doc: { "'": '"' } })
      .select('id, doc');
    expect(made.data).toEqual([{ id: 3, doc: { "'": '"' } }]);
    const upsert = await db
      .from(TABLE)
      .upsert({ id: 3, [COLUMN]: 'y' }, { onConflict: 'id' })
      .select('id');
    expect(upsert.status).toBe(200);
    const badConflict = await db.from(TABLE).upsert({ id: 4 }, { onConflict: 'id) do nothing; --' });
    expect(badConflict.error?.code).toBe('PGRST204');
    const updated = await db
      .from(TABLE)
      .update({ [COLUMN]: 'z' })
      .eq(quoted, 'y')
      .select('id');
    expect(updated.data).toEqual([{ id: 3 }]);
    const cast = await db.from(TABLE).select('id::int); drop table public.canary; --');
    expect(cast.error?.code).toBe('PGRST100');
    // Letters and spaces alone could still continue the statement after the cast.
    const words = await fetch(
      `${stack.url}/rest/v1/${encodeURIComponent(TABLE)}?select=id::text from pg_roles`,
      {
        headers: { apikey: LOCAL_ANON_KEY },
      },
    );
    expect(((await words.json()) as { code: string }).code).toBe('PGRST100');
    const order = await fetch(
      `${stack.url}/rest/v1/${encodeURIComponent(TABLE)}?order=id;drop table public.canary`,
      {
        headers: { apikey: LOCAL_ANON_KEY },
      },
    );
    expect(order.status).toBe(400);
    expect(((await order.json()) as { code: string }).code).toBe('PGRST100');
    const lang = await db
      .from(TABLE)
      .select('id')
      .textSearch(quoted, 'x', { config: "english'); drop table x; --" });
    expect(lang.error?.code).toBe('PGRST100');
    const removed = await db.from(TABLE).delete().eq('id', 3).select('id');
    expect(removed.data).toEqual([{ id: 3 }]);
    await canaryAlive();
  });
});
