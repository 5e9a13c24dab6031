import { RealtimeClient } from '@supabase/realtime-js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';
import { e2eConfig, launch, openApp, phone, snapshot } from './browser.ts';
import { ExtensionDevice } from './extension-device.ts';

// The live-boards contract from the outside (docs/live-boards.md): what the board and team pages
// render comes only from private topics the database sends on, never from anything a client can send;
// the board keeps working by polling without a socket; team pages follow joins without a push.

// A flush runs every second; a busy machine gets a generous margin.
const LIVE = { timeout: 15_000 };
const FORGED = 'Forged Phantom';
const FORGED_ID = '00000000-0000-4000-8000-00000000f0f0';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface LiveBoardAnswer {
  seq: number;
  week_start: string;
  all_time: { player_id: string; total_xp: number }[];
}

async function liveBoard(): Promise<LiveBoardAnswer> {
  const { apiUrl, anonKey } = e2eConfig();
  const response = await fetch(`${apiUrl}/rest/v1/rpc/get_live_board`, {
    method: 'POST',
    headers: { apikey: anonKey, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(response.status).toBe(200);
  return (await response.json()) as LiveBoardAnswer;
}

const forgedRow = {
  player_id: FORGED_ID,
  handle: FORGED,
  level: 99,
  total_xp: 99_999_999,
  weekly_xp: 99_999_999,
  current_streak: 99,
};

/** A `board` message as the flush would send it, with the next seq, so a page that listened would apply it. */
async function forgedBoard(): Promise<Record<string, unknown>> {
  const { seq, week_start } = await liveBoard();
  const diff = { rows: [{ ...forgedRow, rank: 1 }], removed: [] };
  return {
    seq: seq + 1,
    at: new Date().toISOString(),
    week_start,
    all_time: diff,
    weekly: diff,
    stats: {
      players: 999_999,
      active_today: 999_999,
      cycles_today: 999_999,
      seconds_today: 1,
      breathing_now: 999_999,
    },
  };
}

/** The old public event, for pages that would still listen to it. */
const forgedPlayerStats = { ...forgedRow, week_start: new Date().toISOString().slice(0, 10) };

/** Broadcasts on a channel and returns realtime-js's verdict (`ok`, `error`, `timed out`). */
async function sendOn(
  client: RealtimeClient | ExtensionDevice['client']['supabase'],
  topic: string,
  isPrivate: boolean,
  messages: { event: string; payload: Record<string, unknown> }[],
): Promise<string[]> {
  const channel = client.channel(topic, { config: { private: isPrivate, broadcast: { ack: true } } });
  const joined = await new Promise<string>((resolve) => {
    channel.subscribe((status) => {
      if (status !== 'SUBSCRIBED' && status !== 'CHANNEL_ERROR' && status !== 'TIMED_OUT') return;
      resolve(status);
    });
  });
  const verdicts = [`join:${joined}`];
  if (joined === 'SUBSCRIBED') {
    for (const m of messages)
      verdicts.push(await channel.send({ type: 'broadcast', event: m.event, payload: m.payload }));
  }
  await client.removeChannel(channel);
  return verdicts;
}

/** Joins `topic` privately and records every event of `events` as `<event> <payload JSON>`. */
async function listen(
  client: RealtimeClient | ExtensionDevice['client']['supabase'],
  topic: string,
  events: string[],
  heard: string[],
): Promise<void> {
  const channel = client.channel(topic, { config: { private: true } });
  for (const event of events) {
    channel.on('broadcast', { event }, ({ payload }) => heard.push(`${event} ${JSON.stringify(payload)}`));
  }
  await new Promise<void>((resolve, reject) => {
    channel.subscribe((status, error) => {
      if (status === 'SUBSCRIBED') resolve();
      else reject(error ?? new Error(`${topic}: ${status}`));
    });
  });
}

/** `POST /realtime/v1/api/broadcast` as a client would, with the anon key or a device's token. */
async function httpBroadcast(
  topic: string,
  isPrivate: boolean,
  event: string,
  payload: unknown,
  token?: string,
) {
  const { apiUrl, anonKey } = e2eConfig();
  const response = await fetch(`${apiUrl}/realtime/v1/api/broadcast`, {
    method: 'POST',
    headers: {
      apikey: anonKey,
      authorization: `Bearer ${token ?? anonKey}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ messages: [{ topic, event, payload, private: isPrivate }] }),
  });
  return response.status;
}

async function accessToken(device: ExtensionDevice): Promise<string> {
  await device.client.ensureSession();
  const { data } = await device.client.supabase.auth.getSession();
  const token = data.session?.access_token;
  if (!token) throw new Error('the device has no session');
  return token;
}

async function waitLive(page: Page): Promise<void> {
  await page.locator('[data-testid="live"][data-live="true"]').waitFor({ timeout: 20_000 });
}

const stat = (page: Page, label: string) =>
  page.locator('dt', { hasText: label }).locator('xpath=..').locator('dd').first();

describe('live boards', () => {
  it('never renders a forged event, from a visitor, a device or a team member, while real pushes show', async () => {
    const { apiUrl, anonKey } = e2eConfig();
    // A browser that is a device (paired with an editor) and a member of a team, on the board and the team page.
    const editor = new ExtensionDevice().breathe(8);
    const me = await editor.push();
    const captain = new ExtensionDevice().breathe(20);
    await captain.push();
    const team = await captain.rpc<{ id: string; join_code: string }>('create_team', {
      name: 'Forgery watch',
    });
    await editor.rpc('join_team', { code: team.join_code });
    const forger = new ExtensionDevice().breathe(3);
    await forger.push();
    await forger.rpc('join_team', { code: team.join_code });

    const { code } = await editor.client.createPairingCode();
    const { page, context } = await openApp(browser, `/pair?code=${code}`);
    await page.waitForURL(/\/me$/);
    await page.goto(new URL('/', page.url()).toString());
    await waitLive(page);
    await page.locator('tbody tr').first().waitFor();
    const teamPage = await context.newPage();
    await teamPage.goto(new URL(`/teams/${team.id}`, page.url()).toString());
    await waitLive(teamPage);
    await teamPage.getByText('3 members', { exact: true }).waitFor();
    const playersBefore = await stat(page, 'Players').innerText();

    // Witnesses: a visitor and a member listening where the pages listen, recording every message.
    const heard: string[] = [];
    const witness = new RealtimeClient(`${apiUrl.replace('http', 'ws')}/realtime/v1`, {
      params: { apikey: anonKey },
      transport: ws as unknown as typeof WebSocket,
    });
    await witness.setAuth(anonKey);
    const member = captain.client.supabase;
    await member.realtime.setAuth(await accessToken(captain));
    await Promise.all([
      listen(witness, 'leaderboard', ['board', 'player_stats'], heard),
      listen(member, `team:${team.id}`, ['team', 'member_stats'], heard),
    ]);

    // 1. An anonymous visitor on the socket: whatever the public channel does with its sends (Supabase
    // relays them to public subscribers), the page does not listen there; the private one refuses them.
    const visitor = new RealtimeClient(`${apiUrl.replace('http', 'ws')}/realtime/v1`, {
      params: { apikey: anonKey },
      transport: ws as unknown as typeof WebSocket,
    });
    const forgedMessages = async () => [
      { event: 'board', payload: await forgedBoard() },
      { event: 'player_stats', payload: forgedPlayerStats },
    ];
    const verdicts = { visitorPublic: await sendOn(visitor, 'leaderboard', false, await forgedMessages()) };
    await visitor.setAuth(anonKey);
    const visitorPrivate = await sendOn(visitor, 'leaderboard', true, await forgedMessages());
    expect(visitorPrivate[0]).toBe('join:SUBSCRIBED');
    expect(visitorPrivate.slice(1)).not.toContain('ok');
    visitor.disconnect();

    // 2. The HTTP broadcast endpoint with the anon key (Supabase answers 202 and drops what RLS refuses).
    const publicHttp = await httpBroadcast('leaderboard', false, 'board', await forgedBoard());
    const privateHttp = await httpBroadcast('leaderboard', true, 'board', await forgedBoard());

    // 3. A signed-in device: may read the private topic, may not send on it, over the socket or HTTP.
    const device = forger.client.supabase;
    await device.realtime.setAuth(await accessToken(forger));
    const deviceVerdicts = await sendOn(device, 'leaderboard', true, await forgedMessages());
    expect(deviceVerdicts[0]).toBe('join:SUBSCRIBED');
    expect(deviceVerdicts.slice(1)).not.toContain('ok');
    const deviceHttp = await httpBroadcast(
      'leaderboard',
      true,
      'board',
      await forgedBoard(),
      await accessToken(forger),
    );

    // 4. A team member on its own team topic: a forged `team` message with a fake member.
    const forgedTeam = {
      team: { id: team.id, name: 'Forged team', join_code: team.join_code, member_count: 50, goal: null },
      members: [forgedRow],
    };
    const memberVerdicts = await sendOn(device, `team:${team.id}`, true, [
      { event: 'team', payload: forgedTeam },
      { event: 'member_stats', payload: forgedPlayerStats },
    ]);
    expect(memberVerdicts[0]).toBe('join:SUBSCRIBED');
    expect(memberVerdicts.slice(1)).not.toContain('ok');
    const memberPublic = await sendOn(device, `team:${team.id}`, false, [
      { event: 'team', payload: forgedTeam },
    ]);
    const memberHttp = await httpBroadcast(
      `team:${team.id}`,
      true,
      'team',
      forgedTeam,
      await accessToken(forger),
    );
    // For the record: what the public variants and the HTTP endpoint answered (the witnesses and the
    // pages are the judges: nothing forged may reach a private channel).
    console.log('forged sends', {
      ...verdicts,
      publicHttp,
      privateHttp,
      deviceHttp,
      memberPublic,
      memberHttp,
    });

    // Nothing forged shows, while the pages stay live: a real push that enters the top 100 appears on
    // the board, and on the team page.
    const top = await liveBoard();
    const rival = new ExtensionDevice();
    const topXp = top.all_time[0]?.total_xp ?? 0;
    const cycles = Math.ceil((topXp * 0.6) / 4 / 3);
    for (let day = 0; day < 3; day += 1) rival.breathe(cycles, day);
    const rivalStats = await rival.push();
    await page.locator(`tr[data-player="${rivalStats.player_id}"]`).waitFor(LIVE);
    const more = await editor.breathe(5).push();
    await expect
      .poll(() => teamPage.locator('tbody tr[aria-current="true"] td').last().innerText(), LIVE)
      .toBe(more.total_xp.toLocaleString('en'));
    expect(more.player_id).toBe(me.player_id);

    expect(heard.some((m) => m.includes(rivalStats.player_id))).toBe(true);
    expect(heard.some((m) => m.startsWith('team'))).toBe(true);
    expect(heard.filter((m) => m.includes(FORGED) || m.includes(FORGED_ID))).toEqual([]);
    witness.disconnect();
    for (const p of [page, teamPage]) {
      expect(await p.getByText(FORGED).count()).toBe(0);
      expect(await p.locator(`tr[data-player="${FORGED_ID}"]`).count()).toBe(0);
    }
    expect(await teamPage.getByRole('heading', { level: 1 }).innerText()).toBe('Forgery watch');
    expect(await teamPage.getByText('3 members', { exact: true }).count()).toBe(1);
    expect(await stat(page, 'Breathing now').innerText()).not.toContain('999,999');
    expect(await stat(page, 'Players').innerText()).not.toBe('999,999');
    expect(playersBefore).not.toBe('999,999');

    await snapshot(page, 'live-board-desktop');
    await page.setViewportSize(phone);
    await page.locator(`tr[data-player="${rivalStats.player_id}"]`).waitFor();
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(phone.width);
    await snapshot(page, 'live-board-phone', { fullPage: true });
    await context.close();
  });

  it('keeps the board current by polling when the WebSocket is blocked, and says so', async () => {
    const { appUrl, apiUrl } = e2eConfig();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      serviceWorkers: 'block',
    });
    // No socket: the upgrade never reaches the server, and the HTTP side of realtime is refused too.
    await context.routeWebSocket(/\/realtime\//, (socket) => socket.close());
    await context.route('**/realtime/**', (route) => route.abort());
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
    const url = new URL('/', appUrl);
    url.searchParams.set('api', apiUrl);
    await page.goto(url.toString());

    const notice = page.getByTestId('live-fallback');
    await notice.waitFor(LIVE);
    expect(await notice.innerText()).toBe('Live updates unavailable — refreshing every 10 s');
    expect(await page.locator('[data-testid="live"]').count()).toBe(0);
    await page.locator('tbody tr').first().waitFor();

    // A push that enters the board shows within a poll (10 s ± 2 s) and a flush.
    const top = await liveBoard();
    const rival = new ExtensionDevice();
    const cycles = Math.ceil(((top.all_time[0]?.total_xp ?? 0) * 0.5) / 4 / 3);
    for (let day = 0; day < 3; day += 1) rival.breathe(cycles, day);
    const stats = await rival.push();
    await page.locator(`tr[data-player="${stats.player_id}"]`).waitFor({ timeout: 25_000 });
    expect(await notice.isVisible()).toBe(true);
    await snapshot(page, 'live-board-polling-desktop');
    await page.setViewportSize(phone);
    await snapshot(page, 'live-board-polling-phone');
    await context.close();
  });

  it('shows a member joining and leaving on another member’s open team page, without a push', async () => {
    const captain = new ExtensionDevice().breathe(6);
    await captain.push();
    const team = await captain.rpc<{ id: string; join_code: string }>('create_team', { name: 'Open door' });
    const { code } = await captain.client.createPairingCode();
    const { page, context } = await openApp(browser, `/pair?code=${code}`);
    await page.waitForURL(/\/me$/);
    await page.goto(new URL(`/teams/${team.id}`, page.url()).toString());
    await waitLive(page);
    await page.getByText('1 member', { exact: true }).waitFor();

    // A newcomer who has a player (its first sync) but pushes nothing while joining.
    const newcomer = new ExtensionDevice();
    const newStats = await newcomer.push();
    await newcomer.rpc('join_team', { code: team.join_code });
    const row = page.locator(`tr[data-player="${newStats.player_id}"]`);
    await row.waitFor(LIVE);
    await page.getByText('2 members', { exact: true }).waitFor(LIVE);
    expect(await row.locator('td').last().innerText()).toBe('0');
    await snapshot(page, 'team-live-join-desktop');

    await newcomer.rpc('leave_team', { team_id: team.id });
    await row.waitFor({ state: 'detached', ...LIVE });
    await page.getByText('1 member', { exact: true }).waitFor(LIVE);
    await context.close();
  });

  it('counts a web breathing session of a device in breathing now, and stops counting it at the end', async () => {
    const editor = new ExtensionDevice().breathe(4);
    await editor.push();
    const { code } = await editor.client.createPairingCode();
    const { page, context } = await openApp(browser, `/pair?code=${code}`);
    await page.waitForURL(/\/me$/);
    const board = await context.newPage();
    await board.goto(new URL('/', page.url()).toString());
    await waitLive(board);
    const now = stat(board, 'Breathing now');
    await expect.poll(() => now.innerText()).toMatch(/^\d+$/);
    const before = Number(await now.innerText());

    await page.goto(new URL('/breathe', page.url()).toString());
    await page.getByText('Until I stop').click();
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByTestId('phase').filter({ hasText: 'Breathe in' }).waitFor();
    await expect.poll(() => now.innerText(), LIVE).toBe(String(before + 1));
    await page.getByRole('button', { name: 'Finish' }).click();
    await expect.poll(() => now.innerText(), LIVE).toBe(String(before));
    await context.close();
  });
});
