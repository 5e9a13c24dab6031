import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_SERVICE_ROLE_KEY } from '../../keys.ts';
import { signJwt } from '../jwt.ts';
import { testClient } from '../test-clients.ts';
import { type GatewayTestCluster, startGatewayTestCluster, type TestGateway } from '../test-cluster.ts';

// The official supabase-js client against /rest/v1: RPC result shapes, the error mappings the app
// relies on, and table reads under RLS. Each test migrates its own fresh database.

const SCHEMA = `
create table public.scores (id int primary key, player text not null, points int, owner uuid);
alter table public.scores enable row level security;
create policy scores_read on public.scores for select using (owner is null or owner = auth.uid());
insert into public.scores values (1, 'ada', 30, null), (2, 'bob', 10, null), (3, 'cy', null, null), (4, 'dee', 20, null);

create function public.add(a int, b int default 1) returns int language sql as $$ select a + b $$;
create function public.whoami() returns jsonb language sql stable as $$
  select jsonb_build_object('uid', auth.uid(), 'role', current_user, 'method', current_setting('request.method', true),
    'path', current_setting('request.path', true),
    'agent', current_setting('request.headers', true)::jsonb ->> 'x-test')
$$;
create type public.pair as (x int, y text);
create function public.make_pair(x int, y text) returns public.pair language sql as $$ select x, y $$;
create function public.top_scores(n int) returns setof public.scores language sql stable as $$
  select * from public.scores order by points desc nulls last limit n $$;
create function public.numbers(n int) returns setof int language sql as $$ select generate_series(1, n) $$;
create function public.noop() returns void language plpgsql as $$ begin end $$;
create function public.echo(days jsonb, today date, tags text[] default '{}') returns jsonb language sql as $$
  select jsonb_build_object('days', days, 'today', today, 'tags', tags) $$;
create function public.fail_plain() returns void language plpgsql as $$ begin raise exception 'boom'; end $$;
create function public.fail_custom() returns void language plpgsql as $$
begin raise exception using errcode = 'PT409', message = 'team_full', detail = 'The team has 50 players', hint = 'Pick another team'; end $$;
create function public.members_only() returns int language sql as $$ select 1 $$;
revoke execute on function public.members_only() from public, anon;
create function public.service_only() returns int language sql as $$ select 2 $$;
revoke execute on function public.service_only() from public, anon, authenticated;
create table public.handles (k text primary key);
create function public.claim(k text) returns void language sql as $$ insert into public.handles values (k) $$;
create function public.check_positive(n int) returns int language plpgsql as $$
begin if n <= 0 then raise exception using errcode = '23514', message = 'must be positive'; end if; return n; end $$;
create function public.bump() returns int language sql as $$ insert into public.handles values ('bumped') returning 1 $$;
`;

let cluster: GatewayTestCluster;
let stack: TestGateway | undefined;
let supabase: SupabaseClient;

beforeAll(async () => {
  cluster = await startGatewayTestCluster();
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

async function fresh(): Promise<TestGateway> {
  stack = await cluster.freshGateway();
  await stack.migrate(SCHEMA);
  supabase = testClient(stack.url);
  return stack;
}

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function signedIn(url: string): Promise<{ client: SupabaseClient; userId: string }> {
  const client = testClient(url);
  const { data, error } = await client.auth.signInAnonymously();
  expect(error).toBeNull();
  return { client, userId: data.user?.id ?? '' };
}

describe('rpc results', () => {
  it('returns a scalar as its JSON value, using defaults for missing arguments', async () => {
    await fresh();
    expect(await supabase.rpc('add', { a: 2, b: 3 })).toMatchObject({ data: 5, error: null, status: 200 });
    expect((await supabase.rpc('add', { a: 2 })).data).toBe(3);
    expect((await supabase.rpc('add', { a: 7 }, { get: true })).data).toBe(8);
  });

  it('returns a row type as an object, a set as an array and void as 204 with no data', async () => {
    await fresh();
    expect((await supabase.rpc('make_pair', { x: 1, y: 'one' })).data).toEqual({ x: 1, y: 'one' });
    const top = await supabase.rpc('top_scores', { n: 2 });
    expect(top.data).toEqual([
      { id: 1, player: 'ada', points: 30, owner: null },
      { id: 4, player: 'dee', points: 20, owner: null },
    ]);
    expect((await supabase.rpc('numbers', { n: 3 })).data).toEqual([1, 2, 3]);
    expect(await supabase.rpc('noop')).toMatchObject({ data: null, error: null, status: 204 });
  });

  it('passes jsonb, dates and arrays through unchanged', async () => {
    await fresh();
    const days = [{ day: '2026-11-20', xp: 10 }];
    const { data } = await supabase.rpc('echo', { days, today: '2026-11-22', tags: ['a', 'b c'] });
    expect(data).toEqual({ days, today: '2026-11-22', tags: ['a', 'b c'] });
  });

  it('single() gives one object or PGRST116 with 406', async () => {
    await fresh();
    const one = await supabase.rpc('top_scores', { n: 1 }).single();
    expect(one.data).toEqual({ id: 1, player: 'ada', points: 30, owner: null });
    const many = await supabase.rpc('top_scores', { n: 2 }).single();
    expect(many.status).toBe(406);
    expect(many.error?.code).toBe('PGRST116');
    const none = await supabase.rpc('top_scores', { n: 0 }).single();
    expect(none.error?.code).toBe('PGRST116');
    expect((await supabase.rpc('make_pair', { x: 2, y: 'two' }).single()).data).toEqual({ x: 2, y: 'two' });
  });

  it('applies select, order and limit to a set-returning function', async () => {
    await fresh();
    const { data } = await supabase.rpc('top_scores', { n: 4 }).select('player').order('player').limit(2);
    expect(data).toEqual([{ player: 'ada' }, { player: 'bob' }]);
  });

  it('runs as the caller: role, auth.uid() and request settings, GET read-only', async () => {
    const { url } = await fresh();
    const anon = await supabase.rpc('whoami');
    expect(anon.data).toEqual({
      uid: null,
      role: 'anon',
      method: 'POST',
      path: '/rest/v1/rpc/whoami',
      agent: null,
    });
    const { client, userId } = await signedIn(url);
    const mine = await client.rpc('whoami', {}, { get: true }).setHeader('x-test', 'hello');
    expect(mine.data).toEqual({
      uid: userId,
      role: 'authenticated',
      method: 'GET',
      path: '/rest/v1/rpc/whoami',
      agent: 'hello',
    });
    const service = testClient(url, { key: LOCAL_SERVICE_ROLE_KEY });
    expect((await service.rpc('whoami')).data).toMatchObject({ role: 'service_role' });
    const readOnly = await supabase.rpc('bump', {}, { get: true });
    expect(readOnly.status).toBe(405);
    expect(readOnly.error?.code).toBe('25006');
  });
});

describe('rpc errors', () => {
  it('maps raise exception (P0001) to 400 and PT4xx to that status with the stable code kept', async () => {
    await fresh();
    const plain = await supabase.rpc('fail_plain');
    expect(plain.status).toBe(400);
    expect(plain.error).toMatchObject({ code: 'P0001', message: 'boom', details: null, hint: null });
    const custom = await supabase.rpc('fail_custom');
    expect(custom.status).toBe(409);
    expect(custom.error).toMatchObject({
      code: 'PT409',
      message: 'team_full',
      details: 'The team has 50 players',
      hint: 'Pick another team',
    });
  });

  it('maps 42501 to 401 for anon and 403 for an authenticated user', async () => {
    const { url } = await fresh();
    const anon = await supabase.rpc('members_only');
    expect(anon.status).toBe(401);
    expect(anon.error?.code).toBe('42501');
    const { client } = await signedIn(url);
    expect((await client.rpc('members_only')).data).toBe(1);
    const denied = await client.rpc('service_only');
    expect(denied.status).toBe(403);
    expect(denied.error?.code).toBe('42501');
  });

  it('maps unique violations to 409, check violations to 400 and rolls the request back', async () => {
    const { sql } = await fresh();
    expect((await supabase.rpc('claim', { k: 'calm-otter' })).status).toBe(204);
    const again = await supabase.rpc('claim', { k: 'calm-otter' });
    expect(again.status).toBe(409);
    expect(again.error?.code).toBe('23505');
    const check = await supabase.rpc('check_positive', { n: 0 });
    expect(check.status).toBe(400);
    expect(check.error?.code).toBe('23514');
    expect((await sql('select count(*)::int as n from public.handles')).rows[0]).toEqual({ n: 1 });
  });

  it('answers an unknown function or unknown arguments with 404 PGRST202', async () => {
    await fresh();
    const missing = await supabase.rpc('nope', { a: 1 });
    expect(missing.status).toBe(404);
    expect(missing.error?.code).toBe('PGRST202');
    expect(missing.error?.message).toContain('public.nope(a)');
    const wrongArgs = await supabase.rpc('add', { z: 1 });
    expect(wrongArgs.error?.code).toBe('PGRST202');
  });

  it('answers a body that is not JSON with 400 PGRST102 and ambiguous overloads with 300 PGRST203', async () => {
    const { url, migrate } = await fresh();
    const bad = await fetch(`${url}/rest/v1/rpc/add`, {
      method: 'POST',
      headers: { apikey: LOCAL_ANON_KEY, 'Content-Type': 'application/json' },
      body: '{"a":',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'PGRST102' });
    await migrate(
      `create function public.add(a int, c bigint default 0) returns bigint language sql as $$ select a - c $$`,
    );
    const ambiguous = await supabase.rpc('add', { a: 1 });
    expect(ambiguous.status).toBe(300);
    expect(ambiguous.error?.code).toBe('PGRST203');
    expect((await supabase.rpc('add', { a: 1, c: 1 })).data).toBe(0);
  });

  it('finds functions created later once the schema is reloaded (NOTIFY pgrst)', async () => {
    const { sql } = await fresh();
    await sql(`create function public.later() returns int language sql as $$ select 42 $$`);
    await sql(`notify pgrst, 'reload schema'`);
    await expect.poll(async () => (await supabase.rpc('later')).data, { timeout: 5000 }).toBe(42);
  });

  it('refuses a token whose role is not a database role and keeps serving', async () => {
    const { url } = await fresh();
    const token = signJwt({ role: 'nobody', sub: 'x' }, LOCAL_JWT_SECRET);
    for (let i = 0; i < 12; i += 1) {
      const res = await fetch(`${url}/rest/v1/rpc/add`, {
        method: 'POST',
        headers: {
          apikey: LOCAL_ANON_KEY,
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
        },
        body: '{"a":1}',
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect((await supabase.rpc('add', { a: 1 })).data).toBe(2);
  });

  it('refuses a tampered token with 401 PGRST301 and an expired one with 401 PGRST303', async () => {
    const { url } = await fresh();
    const forged = signJwt({ role: 'service_role' }, 'not-the-secret-but-long-enough-00000');
    const headers = { apikey: LOCAL_ANON_KEY, 'Content-Type': 'application/json' };
    const bad = await fetch(`${url}/rest/v1/rpc/add`, {
      method: 'POST',
      headers: { ...headers, Authorization: `Bearer ${forged}` },
      body: '{"a":1}',
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ code: 'PGRST301' });
    const expiredToken = signJwt({ role: 'authenticated', sub: 'x', exp: 1 }, LOCAL_JWT_SECRET);
    const expired = await fetch(`${url}/rest/v1/rpc/add`, {
      method: 'POST',
      headers: { ...headers, Authorization: `Bearer ${expiredToken}` },
      body: '{"a":1}',
    });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({
      code: 'PGRST303',
      message: 'JWT expired',
      details: null,
      hint: null,
    });
  });
});

describe('table reads', () => {
  it('filters with eq, neq, gt, gte, lt, lte, in and is', async () => {
    await fresh();
    const ids = async (build: (q: ReturnType<typeof scores>) => PromiseLike<{ data: unknown }>) =>
      ((await build(scores())).data as { id: number }[]).map((r) => r.id);
    const scores = () => supabase.from('scores').select('id').order('id');
    expect(await ids((q) => q.eq('player', 'bob'))).toEqual([2]);
    expect(await ids((q) => q.neq('player', 'bob'))).toEqual([1, 3, 4]);
    expect(await ids((q) => q.gt('points', 10))).toEqual([1, 4]);
    expect(await ids((q) => q.gte('points', 20))).toEqual([1, 4]);
    expect(await ids((q) => q.lt('points', 20))).toEqual([2]);
    expect(await ids((q) => q.lte('points', 20))).toEqual([2, 4]);
    expect(await ids((q) => q.in('player', ['ada', 'cy', 'zed']))).toEqual([1, 3]);
    expect(await ids((q) => q.is('points', null))).toEqual([3]);
    expect(await ids((q) => q.not('points', 'is', null))).toEqual([1, 2, 4]);
  });

  it('orders with nulls placement, pages with limit/range and counts exactly', async () => {
    await fresh();
    const desc = await supabase
      .from('scores')
      .select('player, pts:points')
      .order('points', { ascending: false, nullsFirst: false });
    expect(desc.data).toEqual([
      { player: 'ada', pts: 30 },
      { player: 'dee', pts: 20 },
      { player: 'bob', pts: 10 },
      { player: 'cy', pts: null },
    ]);
    const page = await supabase.from('scores').select('id', { count: 'exact' }).order('id').range(1, 2);
    expect(page.data).toEqual([{ id: 2 }, { id: 3 }]);
    expect(page.count).toBe(4);
    const head = await supabase.from('scores').select('*', { count: 'exact', head: true }).gt('points', 15);
    expect(head.count).toBe(2);
    const raw = await fetch(`${stack?.url}/rest/v1/scores?select=id&order=id&offset=1&limit=2`, {
      headers: { apikey: LOCAL_ANON_KEY, Prefer: 'count=exact' },
    });
    expect(raw.headers.get('content-range')).toBe('1-2/4');
    expect(head.data).toBeNull();
    const single = await supabase.from('scores').select('player').eq('id', 4).single();
    expect(single.data).toEqual({ player: 'dee' });
  });

  it('reads under RLS as the caller', async () => {
    const { url, sql } = await fresh();
    const { client, userId } = await signedIn(url);
    await sql(`insert into public.scores values (5, 'mine', 99, $1), (6, 'theirs', 98, gen_random_uuid())`, [
      userId,
    ]);
    const anonIds = (await supabase.from('scores').select('id').order('id')).data?.map((r) => r.id);
    expect(anonIds).toEqual([1, 2, 3, 4]);
    const mine = (await client.from('scores').select('id').gt('points', 50)).data;
    expect(mine).toEqual([{ id: 5 }]);
    const service = testClient(url, { key: LOCAL_SERVICE_ROLE_KEY });
    expect((await service.from('scores').select('id', { count: 'exact', head: true })).count).toBe(6);
  });

  it('answers an unknown table with 404 PGRST205, unknown relationships and bad syntax as PostgREST', async () => {
    await fresh();
    const missing = await supabase.from('nope').select('*');
    expect(missing.status).toBe(404);
    expect(missing.error?.code).toBe('PGRST205');
    const embed = await supabase.from('scores').select('id, owner(*)');
    expect(embed.status).toBe(400);
    expect(embed.error).toMatchObject({
      code: 'PGRST200',
      message: "Could not find a relationship between 'scores' and 'owner' in the schema cache",
    });
    const badOperator = await supabase.from('scores').select('id').filter('id', 'nope', 1);
    expect(badOperator.status).toBe(400);
    expect(badOperator.error?.code).toBe('PGRST100');
    const sneaky = await supabase.from('scores').select('points::int);drop');
    expect(sneaky.status).toBe(400);
    expect(sneaky.error?.code).toBe('PGRST100');
    const cast = await supabase.from('scores').select('id::text').eq('id', 1);
    expect(cast.data).toEqual([{ id: '1' }]);
    const unknownColumn = await supabase.from('scores').select('nope');
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.error?.code).toBe('42703');
  });

  it('serves only exposed schemas (Accept-Profile)', async () => {
    const { url } = await fresh();
    const res = await fetch(`${url}/rest/v1/users`, {
      headers: { apikey: LOCAL_ANON_KEY, 'Accept-Profile': 'auth' },
    });
    expect(res.status).toBe(406);
    expect(await res.json()).toEqual({
      code: 'PGRST106',
      message: 'Invalid schema: auth',
      details: null,
      hint: 'Only the following schemas are exposed: public',
    });
  });
});
