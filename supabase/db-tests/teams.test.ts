import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  createDevice,
  createTestDatabase,
  device,
  expectError,
  inTransaction,
  push,
  queryAs,
  rpc,
  serverToday,
  type TestDatabase,
} from './support/database.ts';

let db: TestDatabase;
let today: string;
beforeAll(async () => {
  db = await createTestDatabase();
  today = await serverToday(db.client);
});
afterAll(() => db.close());

interface Team {
  id: string;
  name: string;
  join_code: string;
  member_count?: number;
  goal?: { metric: string; target: number; progress: number; starts_on: string; ends_on: string } | null;
}

async function player(seconds = 60, cycles = 1): Promise<string> {
  const id = await createDevice(db.client);
  await push(db.client, id, [{ day: today, xp: 4, cycles, seconds }], today);
  return id;
}

describe('create_team, join_team, get_team, get_my_teams', () => {
  it("creates a team with a join code, lets others join with it and lists members' teams", () =>
    inTransaction(db.client, async () => {
      const a = await player();
      const b = await player();
      const team = await rpc<Team>(db.client, device(a), 'create_team', { name: '  Lunch   Breathers ' });
      expect(team.name).toBe('Lunch Breathers');
      expect(team.join_code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
      const joined = await rpc<Team>(db.client, device(b), 'join_team', {
        code: team.join_code.toLowerCase(),
      });
      expect(joined).toEqual(team);
      // Joining twice is harmless.
      await rpc(db.client, device(b), 'join_team', { code: team.join_code });
      expect(await rpc<Team>(db.client, device(b), 'get_team', { team_id: team.id })).toEqual({
        ...team,
        member_count: 2,
        goal: null,
      });
    }));

  it("get_my_teams lists the caller's teams with member counts", () =>
    inTransaction(db.client, async () => {
      const a = await player();
      const t1 = await rpc<Team>(db.client, device(a), 'create_team', { name: 'Alpha' });
      const t2 = await rpc<Team>(db.client, device(a), 'create_team', { name: 'Beta' });
      const rows = await queryAs(db.client, device(a), 'select * from public.get_my_teams()');
      expect(rows).toEqual([
        { ...t1, member_count: 1 },
        { ...t2, member_count: 1 },
      ]);
    }));

  it.each([[''], ['   '], ['x'.repeat(41)], ['tab\there'.replace('\t', '\u0007')], [null]])(
    'refuses the team name %j with invalid_team_name',
    (name) =>
      inTransaction(db.client, async () => {
        const a = await player();
        await expectError(db.client, () => rpc(db.client, device(a), 'create_team', { name }), {
          code: 'PT400',
          message: 'invalid_team_name',
        });
      }),
  );

  it('refuses an unknown join code with team_not_found', () =>
    inTransaction(db.client, async () => {
      const a = await player();
      await expectError(db.client, () => rpc(db.client, device(a), 'join_team', { code: 'ZZZZZZZZ' }), {
        code: 'PT404',
        message: 'team_not_found',
      });
    }));

  it('keeps a player to 10 teams', () =>
    inTransaction(db.client, async () => {
      const a = await player();
      for (let i = 0; i < 10; i++) await rpc(db.client, device(a), 'create_team', { name: `Team ${i}` });
      await expectError(db.client, () => rpc(db.client, device(a), 'create_team', { name: 'One more' }), {
        code: 'PT409',
        message: 'too_many_teams',
      });
    }));

  it('keeps a team to 50 players', () =>
    inTransaction(db.client, async () => {
      const a = await player();
      const team = await rpc<Team>(db.client, device(a), 'create_team', { name: 'Full house' });
      await db.client.query(
        `with extra as (insert into public.players (handle) select 'Filler Player ' || (1000 + g) from generate_series(1, 49) g returning id)
         insert into public.team_members (team_id, player_id) select $1, id from extra`,
        [team.id],
      );
      const late = await player();
      await expectError(
        db.client,
        () => rpc(db.client, device(late), 'join_team', { code: team.join_code }),
        {
          code: 'PT409',
          message: 'team_full',
        },
      );
    }));

  it('needs a registered device', () =>
    inTransaction(db.client, async () => {
      const fresh = await createDevice(db.client);
      await expectError(db.client, () => rpc(db.client, device(fresh), 'create_team', { name: 'Nope' }), {
        code: 'PT404',
        message: 'not_registered',
      });
    }));
});

describe('non-members', () => {
  it("get team_not_found for unknown teams and not_a_member for others' teams, everywhere", () =>
    inTransaction(db.client, async () => {
      const a = await player();
      const outsider = await player();
      const team = await rpc<Team>(db.client, device(a), 'create_team', { name: 'Private' });
      const unknown = '00000000-0000-4000-8000-000000000000';
      const calls: [string, Record<string, unknown>][] = [
        ['get_team', {}],
        ['leave_team', {}],
        ['set_team_goal', { metric: 'cycles', target: 10, ends_on: today }],
        ['get_leaderboard', { scope: 'all_time' }],
        ['get_my_rank', { scope: 'all_time' }],
      ];
      for (const [fn, args] of calls) {
        await expectError(
          db.client,
          () => rpc(db.client, device(outsider), fn, { team_id: team.id, ...args }),
          {
            code: 'PT403',
            message: 'not_a_member',
          },
        );
        await expectError(
          db.client,
          () => rpc(db.client, device(outsider), fn, { team_id: unknown, ...args }),
          {
            code: 'PT404',
            message: 'team_not_found',
          },
        );
      }
    }));
});

describe('leave_team', () => {
  it('removes the member, and the last member out deletes the team', () =>
    inTransaction(db.client, async () => {
      const a = await player();
      const b = await player();
      const team = await rpc<Team>(db.client, device(a), 'create_team', { name: 'Shortlived' });
      await rpc(db.client, device(b), 'join_team', { code: team.join_code });
      await rpc(db.client, device(a), 'leave_team', { team_id: team.id });
      expect((await rpc<Team>(db.client, device(b), 'get_team', { team_id: team.id })).member_count).toBe(1);
      await rpc(db.client, device(b), 'leave_team', { team_id: team.id });
      const left = await db.client.query('select 1 from public.teams where id = $1', [team.id]);
      expect(left.rowCount).toBe(0);
    }));
});

describe('team goals', () => {
  it("sum members' minutes or cycles between starts_on and ends_on and follow new pushes and members", () =>
    inTransaction(db.client, async () => {
      const a = await player(150, 10);
      const b = await player(100, 20);
      const outsider = await player(3000, 100);
      const team = await rpc<Team>(db.client, device(a), 'create_team', { name: 'Goal getters' });
      await rpc(db.client, device(b), 'join_team', { code: team.join_code });
      const set = await rpc<Team>(db.client, device(a), 'set_team_goal', {
        team_id: team.id,
        metric: 'minutes',
        target: 10,
        ends_on: addDays(today, 6),
      });
      // 150 + 100 seconds = 4 whole minutes; the outsider's 50 minutes do not count.
      expect(set.goal).toMatchObject({
        metric: 'minutes',
        target: 10,
        progress: 4,
        starts_on: today,
        ends_on: addDays(today, 6),
      });
      // Yesterday lies before starts_on and does not count either.
      await push(db.client, a, [{ day: addDays(today, -1), xp: 100, cycles: 100, seconds: 600 }], today);
      await push(db.client, a, [{ day: today, xp: 100, cycles: 10, seconds: 450 }], today);
      expect((await rpc<Team>(db.client, device(b), 'get_team', { team_id: team.id })).goal?.progress).toBe(
        9,
      );
      await rpc(db.client, device(outsider), 'join_team', { code: team.join_code });
      const reached = await rpc<Team & { goal: { reached_on: string } }>(db.client, device(b), 'get_team', {
        team_id: team.id,
      });
      expect(reached.goal).toMatchObject({ progress: 59, reached_on: today });
      await rpc(db.client, device(outsider), 'leave_team', { team_id: team.id });
      expect((await rpc<Team>(db.client, device(b), 'get_team', { team_id: team.id })).goal?.progress).toBe(
        9,
      );
      const cycles = await rpc<Team>(db.client, device(b), 'set_team_goal', {
        team_id: team.id,
        metric: 'cycles',
        target: 1000,
        ends_on: today,
      });
      expect(cycles.goal).toMatchObject({ metric: 'cycles', progress: 30 });
    }));

  it.each([
    [{ metric: 'hours', target: 10, ends: 1 }],
    [{ metric: 'cycles', target: 0, ends: 1 }],
    [{ metric: 'cycles', target: -5, ends: 1 }],
    [{ metric: 'cycles', target: 10_000_001, ends: 1 }],
    [{ metric: 'minutes', target: 10, ends: -1 }],
    [{ metric: 'minutes', target: 10, ends: 367 }],
    [{ metric: null, target: 10, ends: 1 }],
  ])('refuses the goal %j with invalid_goal', ({ metric, target, ends }) =>
    inTransaction(db.client, async () => {
      const a = await player();
      const team = await rpc<Team>(db.client, device(a), 'create_team', { name: 'Goal checks' });
      await expectError(
        db.client,
        () =>
          rpc(db.client, device(a), 'set_team_goal', {
            team_id: team.id,
            metric,
            target,
            ends_on: addDays(today, ends),
          }),
        { code: 'PT400', message: 'invalid_goal' },
      );
      const goals = await db.client.query('select 1 from public.team_goals where team_id = $1', [team.id]);
      expect(goals.rowCount).toBe(0);
    }),
  );
});
