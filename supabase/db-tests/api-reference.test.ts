import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReference, REFERENCE_JSON, REFERENCE_MD } from '../../scripts/api-reference/generate.ts';
import { renderMarkdown } from '../../scripts/api-reference/render-markdown.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';

// docs/api/reference.{json,md} are generated from the migrated database; they must match it.

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

// 20261203135300_keep_privacy_calls_open_to_old_clients.sql: taking or erasing one's data is never withheld.
const servedToOutdatedClients = ['export_my_data', 'delete_my_data'];

const STALE = 'docs/api is stale: run `npx tsx scripts/api-reference/generate.ts` and commit it';

describe('the API reference', () => {
  it('kept in docs/api matches the migrations', async () => {
    const fresh = await generateReference(db.url);
    // The JSON is compared as data: Biome formats the kept file.
    expect(JSON.parse(await readFile(REFERENCE_JSON, 'utf8')), STALE).toEqual(fresh);
    expect(await readFile(REFERENCE_MD, 'utf8'), STALE).toBe(renderMarkdown(fresh));
  });

  it('documents every stable code a client-callable RPC can raise', async () => {
    const fresh = await generateReference(db.url);
    // The codes each RPC can raise, found in its body and the private helpers it calls, transitively.
    const raised = await db.client.query<{ name: string; codes: string[] }>(`
      with recursive f as (
        select p.oid, p.proname, p.prosrc from pg_proc p
        where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)),
      calls as (
        select p.oid as root, p.oid as callee from pg_proc p where p.pronamespace = 'public'::regnamespace
        union
        select c.root, b.oid from calls c join f a on a.oid = c.callee
        join f b on a.prosrc ~ ('private\\.' || b.proname || '\\('))
      select r.proname as name, array_agg(distinct m[1] || ' ' || m[2] order by m[1] || ' ' || m[2]) as codes
      from calls c join f on f.oid = c.callee join pg_proc r on r.oid = c.root,
        regexp_matches(f.prosrc, 'errcode = ''(PT\\d+)'',\\s*message = ''(\\w+)''', 'g') m
      group by r.proname`);
    for (const rpc of fresh.rpcs) {
      if (rpc.errors === null) continue;
      const documented = rpc.errors.map((e) => `${e.errcode} ${e.code}`);
      const found = (raised.rows.find((r) => r.name === rpc.name)?.codes ?? []).filter(
        // The floor's check is skipped for these by request path (api-version.test.ts proves it), which a
        // reading of the bodies cannot see.
        (c) => !(c === 'PT426 client_outdated' && servedToOutdatedClients.includes(rpc.name)),
      );
      expect(
        found.filter((c) => !documented.includes(c)),
        rpc.name,
      ).toEqual([]);
      for (const e of rpc.errors) expect(e.status, `${rpc.name} ${e.code}`).toBe(Number(e.errcode.slice(2)));
    }
  });

  it('lists the three realtime topics of docs/live-boards.md', async () => {
    const fresh = await generateReference(db.url);
    expect(fresh.topics.map((t) => [t.topic, t.event])).toEqual([
      ['leaderboard', 'board'],
      ['player:<player_id>', 'my_stats'],
      ['team:<team_id>', 'team'],
    ]);
  });
});
