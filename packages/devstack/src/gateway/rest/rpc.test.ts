import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ANON_KEY } from '../../keys.ts';
import { testClient } from '../test-clients.ts';
import { type GatewayTestCluster, startGatewayTestCluster, type TestGateway } from '../test-cluster.ts';

// Conformance of RPC details with PostgREST (src/PostgREST/Plan.hs findProc, Error.hs), through
// supabase-js: overloads chosen by argument names, unnamed json arguments, empty names, counts,
// HEAD, single() and embedding on a function returning table rows.

const SCHEMA = `
create table public.teams (id int primary key, name text not null);
create table public.members (team_id int references public.teams (id), player text primary key);
insert into public.teams values (1, 'Calm'), (2, 'Bold');
insert into public.members values (1, 'ada'), (1, 'bob'), (2, 'cy');
create function public.add(a int, b int default 1) returns int language sql as $$ select a + b $$;
create function public.add(a int, c bigint) returns bigint language sql as $$ select a - c $$;
create function public.numbers(n int) returns setof int language sql as $$ select generate_series(1, n) $$;
create function public.all_teams() returns setof public.teams language sql stable as $$ select * from public.teams $$;
create function public.echo_body(json) returns json language sql as $$ select $1 $$;
create function public.two_unnamed(int, int) returns int language sql as $$ select $1 + $2 $$;
create function public.noop() returns void language sql as $$ select $$;
`;

let cluster: GatewayTestCluster;
let stack: TestGateway | undefined;
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

describe('choosing the function', () => {
  it('picks the overload whose argument names match and words ambiguity as PostgREST', async () => {
    expect((await db.rpc('add', { a: 1, b: 2 })).data).toBe(3);
    expect((await db.rpc('add', { a: 5, c: 1 })).data).toBe(4);
    expect((await db.rpc('add', { a: 5 })).data).toBe(6);
    await stack?.migrate(
      'create function public.add(a int, d text default null) returns int language sql as $$ select a $$',
    );
    const ambiguous = await db.rpc('add', { a: 1 });
    expect(ambiguous.status).toBe(300);
    expect(ambiguous.error).toEqual({
      code: 'PGRST203',
      message:
        'Could not choose the best candidate function between: public.add(a => integer, b => integer), public.add(a => integer, d => text)',
      details: null,
      hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
    });
    await stack?.migrate('drop function public.add(int, text)');
  });

  it('answers unknown arguments and an empty argument name with PGRST202, not SQL errors', async () => {
    const empty = await db.rpc('add', { '': 1 });
    expect(empty.status).toBe(404);
    expect(empty.error).toMatchObject({
      code: 'PGRST202',
      message: 'Could not find the function public.add() in the schema cache',
      details:
        'Searched for the function public.add with parameter  or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
    });
    const wrong = await db.rpc('add', { z: 1, a: 2 });
    expect(wrong.error).toMatchObject({
      code: 'PGRST202',
      message: 'Could not find the function public.add(a, z) in the schema cache',
      details:
        'Searched for the function public.add with parameters a, z or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
    });
    const viaGet = await db.rpc('numbers', {}, { get: true });
    expect(viaGet.error).toMatchObject({
      code: 'PGRST202',
      message: 'Could not find the function public.numbers without parameters in the schema cache',
      details:
        'Searched for the function public.numbers without parameters, but no matches were found in the schema cache.',
    });
    // On GET, a parameter that is not an operator expression is an argument, known or not.
    const unknownGet = await fetch(`${stack?.url}/rest/v1/rpc/numbers?n=2&x=1`, {
      headers: { apikey: LOCAL_ANON_KEY },
    });
    expect(unknownGet.status).toBe(404);
    expect(await unknownGet.json()).toMatchObject({
      code: 'PGRST202',
      message: 'Could not find the function public.numbers(n, x) in the schema cache',
    });
    // Two unnamed arguments cannot be called by name: PostgREST leaves such functions out.
    expect((await db.rpc('two_unnamed', { '': 1 })).error?.code).toBe('PGRST202');
  });

  it('passes the whole body to a function with a single unnamed json argument', async () => {
    const body = { '': 1, nested: { x: [1, 2] } };
    expect(await db.rpc('echo_body', body)).toMatchObject({ status: 200, data: body });
  });
});

describe('results', () => {
  it('counts set results, answers HEAD with the same status, and single() as PostgREST', async () => {
    const counted = await db.rpc('numbers', { n: 3 }, { count: 'exact' });
    expect(counted).toMatchObject({ status: 200, data: [1, 2, 3], count: 3 });
    const rows = await db.rpc('all_teams', {}, { count: 'exact' }).order('id');
    expect(rows).toMatchObject({
      count: 2,
      data: [
        { id: 1, name: 'Calm' },
        { id: 2, name: 'Bold' },
      ],
    });
    const head = await db.rpc('numbers', { n: 3 }, { head: true, count: 'exact' });
    expect(head).toMatchObject({ status: 200, count: 3, data: null, error: null });
    const paged = await db.rpc('all_teams', {}, { count: 'exact' }).order('id').limit(1);
    expect(paged).toMatchObject({ status: 206, count: 2 });
    const scalar = await db.rpc('add', { a: 1 }, { count: 'exact' });
    expect(scalar).toMatchObject({ status: 200, data: 2, count: 1 });
    const many = await db.rpc('numbers', { n: 2 }).single();
    expect(many.status).toBe(406);
    expect(many.error).toEqual({
      code: 'PGRST116',
      message: 'Cannot coerce the result to a single JSON object',
      details: 'The result contains 2 rows',
      hint: null,
    });
    expect((await db.rpc('noop')).status).toBe(204);
  });

  it('embeds, filters and orders rows returned by a function of a table type', async () => {
    const { data, error } = await db
      .rpc('all_teams')
      .select('name, members(player)')
      .eq('id', 1)
      .order('player', { referencedTable: 'members' });
    expect(error).toBeNull();
    expect(data).toEqual([{ name: 'Calm', members: [{ player: 'ada' }, { player: 'bob' }] }]);
    const raw = await fetch(`${stack?.url}/rest/v1/rpc/all_teams?select=name&name=eq.Bold`, {
      headers: { apikey: LOCAL_ANON_KEY },
    });
    expect(await raw.json()).toEqual([{ name: 'Bold' }]);
  });
});
