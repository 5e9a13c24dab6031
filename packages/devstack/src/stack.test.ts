import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClient } from './gateway/test-clients.ts';
import { type Devstack, startTestStack } from './stack.ts';

// The whole stack with the real migrations, driven by supabase-js the way the extension and the
// dashboard use it: anonymous session, sync_progress, leaderboards, errors and the live broadcast.

let stack: Devstack;

beforeAll(async () => {
  stack = await startTestStack();
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

const today = () => new Date().toISOString().slice(0, 10);

describe('startTestStack', () => {
  it('serves the app RPCs: sync_progress, leaderboard and rank through supabase-js', async () => {
    const device = testClient(stack.apiUrl);
    expect((await device.auth.signInAnonymously()).error).toBeNull();
    const pushed = await device.rpc('sync_progress', {
      days: [{ day: today(), xp: 30, cycles: 6, seconds: 120 }],
      today: today(),
      device_kind: 'vscode',
    });
    expect(pushed.error).toBeNull();
    expect(pushed.data).toMatchObject({ total_xp: 30, total_cycles: 6, total_seconds: 120, device_count: 1 });
    const board = await testClient(stack.apiUrl).rpc('get_leaderboard', { scope: 'all_time' });
    expect(board.error).toBeNull();
    expect(board.data).toEqual([expect.objectContaining({ rank: 1, total_xp: 30, is_me: false })]);
    const rank = await device.rpc('get_my_rank').single();
    expect(rank.data).toMatchObject({ rank: 1, total_players: 1 });
  });

  it('answers the app errors with their statuses and stable codes', async () => {
    const anon = await testClient(stack.apiUrl).rpc('sync_progress', { days: [], today: today() });
    expect(anon.status).toBe(401);
    expect(anon.error?.code).toBe('42501');
    const device = testClient(stack.apiUrl);
    await device.auth.signInAnonymously();
    const bad = await device.rpc('sync_progress', { days: [{ day: 'yesterday' }], today: today() });
    expect(bad.status).toBe(400);
    expect(bad.error).toMatchObject({ code: 'PT400', message: 'invalid_payload' });
    const notRegistered = await device.rpc('get_my_progress');
    expect(notRegistered.status).toBe(404);
    expect(notRegistered.error?.message).toBe('not_registered');
  });

  it('sends the live board: a push reaches private `leaderboard` viewers through the cron-run flush', async () => {
    // docs/live-boards.md: viewers join privately with the anon key; private.flush_live_boards(), run every
    // second from cron.job by the devstack, sends coalesced `board` messages.
    const watcher = testClient(stack.apiUrl);
    await watcher.realtime.setAuth(stack.anonKey);
    const boards: Array<Record<string, unknown>> = [];
    watcher
      .channel('leaderboard', { config: { private: true } })
      .on('broadcast', { event: 'board' }, (message) =>
        boards.push(message.payload as Record<string, unknown>),
      )
      .subscribe();
    await expect.poll(() => watcher.getChannels()[0]?.state, { timeout: 5000 }).toBe('joined');
    const device = testClient(stack.apiUrl);
    await device.auth.signInAnonymously();
    const pushed = await device.rpc('sync_progress', {
      days: [{ day: today(), xp: 12, cycles: 3, seconds: 60 }],
      today: today(),
    });
    const playerId = (pushed.data as { player_id: string }).player_id;
    await expect
      .poll(
        () =>
          boards.some((board) =>
            ((board.all_time as { rows?: Array<Record<string, unknown>> } | undefined)?.rows ?? []).some(
              (row) => row.player_id === playerId && row.total_xp === 12,
            ),
          ),
        { timeout: 8000 },
      )
      .toBe(true);
    await watcher.removeAllChannels();
  });

  it("runs cron.job rows as pg_cron would (the live boards' flush is scheduled this way)", async () => {
    const db = new pg.Client({ connectionString: stack.dbUrl });
    await db.connect();
    try {
      await db.query('create table public.stack_cron_probe (at timestamptz default now())');
      await db.query(
        `select cron.schedule('stack-probe', '1 seconds', 'insert into public.stack_cron_probe default values')`,
      );
      await expect
        .poll(
          async () => (await db.query('select count(*)::int as n from public.stack_cron_probe')).rows[0].n,
          {
            timeout: 5000,
          },
        )
        .toBeGreaterThanOrEqual(2);
      expect(stack.cron?.stats().find((job) => job.jobname === 'stack-probe')).toMatchObject({ failures: 0 });
      await db.query(`select cron.unschedule('stack-probe')`);
    } finally {
      await db.end();
    }
  });

  it('stop() removes the temporary data directory', async () => {
    const other = await startTestStack();
    const dir = other.dataDir ?? '';
    expect(existsSync(dir)).toBe(true);
    const res = await fetch(`${other.apiUrl}/auth/v1/health`);
    expect(res.status).toBe(200);
    await other.stop();
    await expect(fetch(`${other.apiUrl}/auth/v1/health`)).rejects.toThrow();
    expect(existsSync(dir)).toBe(false);
  });
});
