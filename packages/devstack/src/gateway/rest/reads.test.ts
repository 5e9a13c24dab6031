import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ANON_KEY } from '../../keys.ts';
import { testClient } from '../test-clients.ts';
import { type GatewayTestCluster, startGatewayTestCluster, type TestGateway } from '../test-cluster.ts';

// Conformance of reads with PostgREST, through supabase-js: resource embedding over foreign keys
// (one-to-many, many-to-one, one-to-one, !inner, aliases, hints, filters/order/limit on embedded
// resources), logic trees, JSON paths, the other operators, multi-column order, range statuses.

const SCHEMA = `
create table public.teams (id int primary key, name text not null, meta jsonb, tags text[] not null default '{}');
create table public.team_members (
  team_id int not null references public.teams (id),
  player text not null,
  role text,
  points int,
  primary key (team_id, player)
);
create table public.team_goals (team_id int primary key references public.teams (id), target int not null);
create table public.matches (
  id int primary key,
  home int not null references public.teams (id),
  away int not null references public.teams (id)
);
alter table public.team_members enable row level security;
create policy members_read on public.team_members for select using (role is distinct from 'hidden');
insert into public.teams values
  (1, 'Calm', '{"level": {"n": 3}, "color": "blue"}', '{a,b}'),
  (2, 'Bold', '{"level": {"n": 1}, "color": "red"}', '{b}'),
  (3, 'Zen', null, '{}');
insert into public.team_members values
  (1, 'ada', 'owner', 30), (1, 'bob', 'member', 10), (1, 'eve', 'hidden', 99),
  (2, 'cy', 'owner', null), (2, 'dee', 'member', 20);
insert into public.team_goals values (1, 100);
insert into public.matches values (1, 1, 2), (2, 2, 3);
create table public.clubs (id int primary key, name text not null);
create table public.people (id int primary key, name text not null);
create table public.club_people (
  club_id int references public.clubs (id),
  person_id int references public.people (id),
  since int,
  primary key (club_id, person_id)
);
insert into public.clubs values (1, 'Chess'), (2, 'Go');
insert into public.people values (1, 'ada'), (2, 'bob'), (3, 'cy');
insert into public.club_people values (1, 1, 2020), (1, 2, 2021), (2, 2, 2022);
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

describe('resource embedding', () => {
  it('embeds one-to-many as arrays, many-to-one and one-to-one as objects, under RLS', async () => {
    const { data, error } = await db
      .from('teams')
      .select('name, team_members(player, role), team_goals(target)')
      .order('id')
      .order('player', { referencedTable: 'team_members' });
    expect(error).toBeNull();
    expect(data).toEqual([
      {
        name: 'Calm',
        team_members: [
          { player: 'ada', role: 'owner' },
          { player: 'bob', role: 'member' },
        ],
        team_goals: { target: 100 },
      },
      {
        name: 'Bold',
        team_members: [
          { player: 'cy', role: 'owner' },
          { player: 'dee', role: 'member' },
        ],
        team_goals: null,
      },
      { name: 'Zen', team_members: [], team_goals: null },
    ]);
    const up = await db.from('team_members').select('player, teams(name)').eq('player', 'dee').single();
    expect(up.data).toEqual({ player: 'dee', teams: { name: 'Bold' } });
  });

  it('filters, orders and limits embedded resources; !inner filters the parents; aliases rename', async () => {
    const owners = await db
      .from('teams')
      .select('name, staff:team_members!inner(player)')
      .eq('staff.role', 'owner')
      .order('name');
    expect(owners.data).toEqual([
      { name: 'Bold', staff: [{ player: 'cy' }] },
      { name: 'Calm', staff: [{ player: 'ada' }] },
    ]);
    const top = await db
      .from('teams')
      .select('id, team_members(player, points)')
      .order('id')
      .order('points', { referencedTable: 'team_members', ascending: false, nullsFirst: false })
      .limit(1, { referencedTable: 'team_members' })
      .lte('id', 2);
    expect(top.data).toEqual([
      { id: 1, team_members: [{ player: 'ada', points: 30 }] },
      { id: 2, team_members: [{ player: 'dee', points: 20 }] },
    ]);
    const leftOnly = await db
      .from('teams')
      .select('id, team_members(player)')
      .eq('team_members.player', 'bob')
      .order('id');
    expect(leftOnly.data).toEqual([
      { id: 1, team_members: [{ player: 'bob' }] },
      { id: 2, team_members: [] },
      { id: 3, team_members: [] },
    ]);
    const noGoal = await db.from('teams').select('id, team_goals()').is('team_goals', null).order('id');
    expect(noGoal.data).toEqual([{ id: 2 }, { id: 3 }]);
    const byEmbedded = await db
      .from('team_members')
      .select('player, teams(name)')
      .in('player', ['ada', 'cy', 'dee'])
      .order('teams(name)')
      .order('player');
    expect(byEmbedded.data?.map((r) => r.player)).toEqual(['cy', 'dee', 'ada']);
  });

  it('embeds many-to-many through a junction table keyed by both foreign keys', async () => {
    const { data, error } = await db
      .from('clubs')
      .select('name, people(name)')
      .order('id')
      .order('name', { referencedTable: 'people' });
    expect(error).toBeNull();
    expect(data).toEqual([
      { name: 'Chess', people: [{ name: 'ada' }, { name: 'bob' }] },
      { name: 'Go', people: [{ name: 'bob' }] },
    ]);
    const back = await db.from('people').select('name, clubs!club_people!inner(name)').eq('clubs.name', 'Go');
    expect(back.data).toEqual([{ name: 'bob', clubs: [{ name: 'Go' }] }]);
    const junction = await db.from('clubs').select('name, club_people(since, people(name))').eq('id', 2);
    expect(junction.data).toEqual([{ name: 'Go', club_people: [{ since: 2022, people: { name: 'bob' } }] }]);
  });

  it('spreads a to-one embedding into its parent row and refuses to spread a to-many one', async () => {
    const { data } = await db
      .from('team_members')
      .select('player, ...teams(team:name)')
      .in('player', ['ada', 'cy'])
      .order('player');
    expect(data).toEqual([
      { player: 'ada', team: 'Calm' },
      { player: 'cy', team: 'Bold' },
    ]);
    const many = await db.from('teams').select('id, ...team_members(player)');
    expect(many.status).toBe(400);
    expect(many.error?.code).toBe('PGRST127');
  });

  it('chooses a foreign key by hint and answers ambiguity and missing relationships as PostgREST', async () => {
    const ambiguous = await db.from('matches').select('id, teams(name)');
    expect(ambiguous.status).toBe(300);
    expect(ambiguous.error).toMatchObject({
      code: 'PGRST201',
      message: "Could not embed because more than one relationship was found for 'matches' and 'teams'",
      hint: "Try changing 'teams' to one of the following: 'teams!matches_away_fkey', 'teams!matches_home_fkey'. Find the desired relationship in the 'details' key.",
    });
    expect(ambiguous.error?.details).toContainEqual({
      cardinality: 'many-to-one',
      embedding: 'matches with teams',
      relationship: 'matches_home_fkey using matches(home) and teams(id)',
    });
    const hinted = await db
      .from('matches')
      .select('id, home:teams!home(name), away:teams!matches_away_fkey(name)')
      .order('id');
    expect(hinted.data).toEqual([
      { id: 1, home: { name: 'Calm' }, away: { name: 'Bold' } },
      { id: 2, home: { name: 'Bold' }, away: { name: 'Zen' } },
    ]);
    const byColumn = await db.from('matches').select('id, home(name)').eq('id', 2).single();
    expect(byColumn.data).toEqual({ id: 2, home: { name: 'Bold' } });
    const none = await db.from('teams').select('id, matchez(*)');
    expect(none.status).toBe(400);
    expect(none.error).toMatchObject({
      code: 'PGRST200',
      details:
        "Searched for a foreign key relationship between 'teams' and 'matchez' in the schema 'public', but no matches were found.",
    });
    const notEmbedded = await db.from('teams').select('id').eq('team_members.role', 'owner');
    expect(notEmbedded.status).toBe(400);
    expect(notEmbedded.error?.code).toBe('PGRST108');
  });
});

describe('filters', () => {
  const ids = async (query: PromiseLike<{ data: { id: number }[] | null }>) =>
    ((await query).data ?? []).map((r) => r.id);

  it('combines or, and and not trees', async () => {
    const q = () => db.from('teams').select('id').order('id');
    expect(await ids(q().or('name.eq.Calm,id.gt.2'))).toEqual([1, 3]);
    expect(await ids(q().or('and(id.gte.2,name.ilike.b*),name.eq.Zen'))).toEqual([2, 3]);
    expect(await ids(q().not('name', 'in', '(Calm,Zen)'))).toEqual([2]);
    expect(await ids(q().in('name', []))).toEqual([]);
    expect(await ids(q().not('name', 'in', '()'))).toEqual([1, 2, 3]);
    expect(await ids(q().not('id', 'eq', 1).not('id', 'eq', 3))).toEqual([2]);
    const negated = await fetch(`${stack?.url}/rest/v1/teams?select=id&not.or=(id.eq.1,id.eq.2)`, {
      headers: { apikey: LOCAL_ANON_KEY },
    });
    expect(await negated.json()).toEqual([{ id: 3 }]);
    const broken = await db.from('teams').select('id').or('id.eq.1,id.nope.2');
    expect(broken.status).toBe(400);
    expect(broken.error?.code).toBe('PGRST100');
    expect(await ids(q().or('name.eq."Calm",name.in.("Bold","x,y")'))).toEqual([1, 2]);
    const members = await db
      .from('teams')
      .select('id, team_members(player)')
      .or('role.eq.owner,points.gt.15', { referencedTable: 'team_members' })
      .order('id')
      .eq('id', 1);
    expect(members.data).toEqual([{ id: 1, team_members: [{ player: 'ada' }] }]);
  });

  it('reads and filters JSON paths, and the other operators', async () => {
    const paths = await db.from('teams').select('id, color:meta->>color, level:meta->level->n').order('id');
    expect(paths.data).toEqual([
      { id: 1, color: 'blue', level: 3 },
      { id: 2, color: 'red', level: 1 },
      { id: 3, color: null, level: null },
    ]);
    const q = () => db.from('teams').select('id').order('id');
    expect(await ids(q().eq('meta->>color', 'red'))).toEqual([2]);
    expect(await ids(q().gt('meta->level->n', 2))).toEqual([1]);
    expect(await ids(q().contains('tags', ['a']))).toEqual([1]);
    expect(await ids(q().overlaps('tags', ['b', 'z']))).toEqual([1, 2]);
    expect(await ids(q().containedBy('tags', ['b']))).toEqual([2, 3]);
    expect(await ids(q().like('name', '*al*'))).toEqual([1]);
    expect(await ids(q().ilike('name', 'z*'))).toEqual([3]);
    expect(await ids(q().match({ name: 'Bold', id: 2 }))).toEqual([2]);
    expect(await ids(q().is('meta', null))).toEqual([3]);
    expect(await ids(q().filter('name', 'isdistinct', 'Calm'))).toEqual([2, 3]);
    expect(await ids(q().filter('name', 'match', '^[BZ]'))).toEqual([2, 3]);
    expect(await ids(q().likeAnyOf('name', ['C*', 'Z*']))).toEqual([1, 3]);
    expect(await ids(q().textSearch('name', 'bold'))).toEqual([2]);
  });

  it('orders on several columns with nulls placement', async () => {
    const { data } = await db
      .from('team_members')
      .select('player')
      .order('points', { ascending: true, nullsFirst: true })
      .order('player', { ascending: false });
    expect(data?.map((r) => r.player)).toEqual(['cy', 'bob', 'dee', 'ada']);
  });
});

describe('counts and ranges', () => {
  it('answers 206 for a part of the total, 200 for all of it, 416 past its end, HEAD alike', async () => {
    const part = await db.from('teams').select('id', { count: 'exact' }).order('id').range(0, 1);
    expect(part).toMatchObject({ status: 206, count: 3 });
    const all = await db.from('teams').select('id', { count: 'exact' });
    expect(all).toMatchObject({ status: 200, count: 3 });
    const head = await db.from('teams').select('*', { count: 'exact', head: true }).limit(1);
    expect(head).toMatchObject({ status: 206, count: 3, data: null });
    const headAll = await db.from('teams').select('*', { count: 'exact', head: true });
    expect(headAll).toMatchObject({ status: 200, count: 3 });
    const past = await fetch(`${stack?.url}/rest/v1/teams?offset=5`, {
      headers: { apikey: LOCAL_ANON_KEY, Prefer: 'count=exact' },
    });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('*/3');
    expect(await past.json()).toMatchObject({
      code: 'PGRST103',
      details: 'An offset of 5 was requested, but there are only 3 rows.',
    });
    const single = await db.from('teams').select('id').single();
    expect(single.status).toBe(406);
    expect(single.error).toEqual({
      code: 'PGRST116',
      message: 'Cannot coerce the result to a single JSON object',
      details: 'The result contains 3 rows',
      hint: null,
    });
  });
});

describe('what stays unsupported', () => {
  it("answers with PostgREST's own codes instead of a wrong result", async () => {
    const csv = await db.from('teams').select('id').csv();
    expect(csv.status).toBe(406);
    expect(csv.error).toMatchObject({ code: 'PGRST107' });
    const aggregate = await db.from('teams').select('count()');
    expect(aggregate.status).toBe(400);
    expect(aggregate.error).toMatchObject({
      code: 'PGRST123',
      message: 'Use of aggregate functions is not allowed',
    });
    const sum = await db.from('team_members').select('points.sum()');
    expect(sum.error?.code).toBe('PGRST123');
    const put = await fetch(`${stack?.url}/rest/v1/teams?id=eq.9`, {
      method: 'PUT',
      headers: { apikey: LOCAL_ANON_KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 9, name: 'x' }),
    });
    expect(put.status).toBe(400);
    expect(await put.json()).toMatchObject({ code: 'PGRST127', message: 'Feature not implemented' });
  });
});

describe('max rows', () => {
  it('caps every answer at db-max-rows, with the total still counted', async () => {
    const capped = await cluster.freshGateway({ maxRows: 2 });
    try {
      await capped.migrate(SCHEMA);
      const client = testClient(capped.url);
      const page = await client.from('teams').select('id', { count: 'exact' }).order('id');
      expect(page).toMatchObject({ status: 206, count: 3, data: [{ id: 1 }, { id: 2 }] });
      const small = await client.from('teams').select('id').order('id').limit(1);
      expect(small.data).toEqual([{ id: 1 }]);
    } finally {
      await capped.close();
    }
  });
});
