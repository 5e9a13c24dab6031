import type { MyStats } from '@breath-master/sync';
import { SyncError } from '@breath-master/sync/errors';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BoardRow } from '../../../shared/leaderboard-rows.ts';
import { myStatsKey } from '../../../shared/my-stats.ts';
import { myTeamsQueryOptions } from '../../../shared/my-teams.ts';
import { usePlayerChannel } from '../../../shared/player-channel.ts';
import { createQueryClient } from '../../../shared/query-client.ts';
import { fakeRealtimeClient, renderWithProviders, testQueryClient } from '../../../test-utils.tsx';
import { liveBoardKey, POLL_MS } from '../api/get-live-board.ts';
import { type MyRank, myRankQueryOptions } from '../api/get-my-rank.ts';
import type { LiveBoard, LiveBoardMessage, LiveStats } from '../api/live-board.ts';
import { LeaderboardPage } from './leaderboard-page.tsx';
import { LeaderboardView } from './leaderboard-view.tsx';

// The network boundary: anonymous reads (`get_live_board`), reads as this device (`get_my_rank`), the
// light public realtime client (the private `leaderboard` topic) and, for a device's own topic, the
// sync client's supabase client.
const server = vi.hoisted(() => ({
  callAnonymous: vi.fn<(fn: string, args?: Record<string, unknown>) => Promise<unknown>>(),
  callPublic: vi.fn<(fn: string, args?: Record<string, unknown>) => Promise<unknown>>(),
  callAsDevice: vi.fn(),
  hasDevice: vi.fn(() => true),
  syncClient: vi.fn(),
}));
vi.mock('../../../shared/server.ts', () => server);
const realtimeEntry = vi.hoisted(() => ({ publicRealtime: vi.fn() }));
vi.mock('../../../shared/public-realtime.ts', () => realtimeEntry);

let realtime = fakeRealtimeClient();

const row = (player_id: string, handle: string, fields: Partial<BoardRow> = {}): BoardRow => ({
  rank: 0,
  player_id,
  handle,
  level: 1,
  total_xp: 0,
  weekly_xp: 0,
  current_streak: 0,
  ...fields,
});

const otter = row('a', 'Calm Otter', { rank: 1, level: 4, total_xp: 700, weekly_xp: 20, current_streak: 5 });
const heron = row('b', 'Quiet Heron', { rank: 2, level: 3, total_xp: 450, weekly_xp: 90 });
const lynx = row('me', 'Still Lynx', { rank: 3, level: 2, total_xp: 120, weekly_xp: 60 });

const stats: LiveStats = {
  players: 1234,
  active_today: 56,
  cycles_today: 7890,
  seconds_today: 99_000,
  breathing_now: 3,
};

const board: LiveBoard = {
  seq: 41,
  at: '2026-12-03T20:00:00Z',
  week_start: '2026-11-30',
  all_time: [otter, heron, lynx],
  weekly: [
    { ...heron, rank: 1 },
    { ...lynx, rank: 2 },
    { ...otter, rank: 3 },
  ],
  stats,
};

const myStats = { player_id: 'me', handle: 'Still Lynx', total_xp: 120 } as MyStats;

function message(seq: number, fields: Partial<LiveBoardMessage> = {}): LiveBoardMessage {
  return { seq, at: '2026-12-03T20:00:05Z', week_start: '2026-11-30', stats, ...fields };
}

/** What `get_live_board` answers in this test. */
let serverBoard: LiveBoard = board;

function bodyRows(): HTMLElement[] {
  return screen.getAllByRole('row').filter((r) => r.hasAttribute('data-player'));
}

function cellsOf(r: HTMLElement): string[] {
  return within(r)
    .getAllByRole('cell')
    .map((cell) => cell.textContent ?? '');
}

const handles = () => bodyRows().map((r) => cellsOf(r)[1]);

function statValue(label: string): string {
  return screen.getByText(label, { selector: 'dt' }).nextElementSibling?.textContent ?? '';
}

const liveBoardCalls = () => server.callAnonymous.mock.calls.filter(([fn]) => fn === 'get_live_board').length;

function seed(queryClient = testQueryClient(), live: LiveBoard | null = board) {
  if (live) queryClient.setQueryData(liveBoardKey, live);
  queryClient.setQueryData(myStatsKey, myStats);
  queryClient.setQueryData(myTeamsQueryOptions.queryKey, []);
  return queryClient;
}

beforeEach(() => {
  vi.clearAllMocks();
  realtime = fakeRealtimeClient();
  serverBoard = board;
  server.hasDevice.mockReturnValue(true);
  realtimeEntry.publicRealtime.mockImplementation(async () => realtime.client);
  server.callAnonymous.mockImplementation(async (fn) =>
    fn === 'get_live_board' ? serverBoard : new Promise(() => {}),
  );
  // Anything else not in the cache would be asked for here: by default it never answers.
  server.callPublic.mockImplementation(() => new Promise(() => {}));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('leaderboard page', () => {
  it('shows rank, handle, level, streak and XP of each row, highlighting mine', () => {
    renderWithProviders(<LeaderboardPage />, { queryClient: seed() });
    expect(screen.getByRole('table', { name: 'All-time leaderboard' })).toBeInTheDocument();
    expect(bodyRows().map(cellsOf)).toEqual([
      ['1', 'Calm Otter', '4', '5 d', '700'],
      ['2', 'Quiet Heron', '3', '–', '450'],
      ['3', 'Still Lynxyou', '2', '–', '120'],
    ]);
    const mine = bodyRows().filter((r) => r.getAttribute('aria-current') === 'true');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toHaveTextContent('Still Lynx');
    expect(mine[0]).toHaveClass('bg-calm/10');
  });

  it('switches between the all-time and weekly boards with the tabs', async () => {
    const user = userEvent.setup();
    renderWithProviders(<LeaderboardPage />, { queryClient: seed() });
    const weeklyTab = screen.getByRole('tab', { name: 'This week' });
    await user.click(weeklyTab);
    expect(weeklyTab).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('table', { name: 'Weekly leaderboard' })).toBeInTheDocument();
    expect(handles()).toEqual(['Quiet Heron', 'Still Lynxyou', 'Calm Otter']);
    expect(bodyRows().map((r) => cellsOf(r)[4])).toEqual(['90', '60', '20']);
    await user.keyboard('{ArrowLeft}');
    expect(screen.getByRole('tab', { name: 'All time' })).toHaveAttribute('aria-selected', 'true');
  });

  it('shows the tiles from the live board, breathing now included', () => {
    renderWithProviders(<LeaderboardPage />, { queryClient: seed() });
    expect(statValue('Players')).toBe('1,234');
    expect(statValue('Active today')).toBe('56');
    expect(statValue('Cycles today')).toBe('7,890');
    expect(statValue('Breathing now')).toBe('3');
  });

  it('joins the private leaderboard topic on the light client, then loads the snapshot', async () => {
    const queryClient = seed(createQueryClient(), null);
    renderWithProviders(<LeaderboardPage />, { queryClient });
    expect(await screen.findByText('Live')).toBeInTheDocument();
    const channel = realtime.channelOf('leaderboard');
    expect(channel?.options).toEqual({ config: { private: true } });
    expect(channel?.handlers.map((h) => `${h.type}:${h.event}`)).toEqual(['broadcast:board']);
    await waitFor(() => expect(handles()).toEqual(['Calm Otter', 'Quiet Heron', 'Still Lynxyou']));
    expect(server.callAnonymous).toHaveBeenCalledWith('get_live_board');
    // Nothing here needs the sync client (supabase-js) for a visitor.
    expect(server.syncClient).not.toHaveBeenCalled();
    expect(server.callPublic).not.toHaveBeenCalledWith('get_leaderboard', expect.anything());
  });

  it('applies the next board message: rows move, only changed rows glow, tiles update, nothing refetches', async () => {
    const queryClient = seed(createQueryClient());
    renderWithProviders(<LeaderboardPage />, { queryClient });
    await screen.findByText('Live');
    await waitFor(() => expect(liveBoardCalls()).toBe(1)); // the load after joining
    realtime.broadcast(
      'leaderboard',
      'board',
      message(42, {
        all_time: { rows: [{ ...lynx, level: 5, total_xp: 1500, current_streak: 2, rank: 1 }], removed: [] },
        weekly: { rows: [{ ...lynx, weekly_xp: 140, rank: 1 }], removed: [] },
        stats: { ...stats, players: 1235, breathing_now: 4 },
      }),
    );
    await waitFor(() => expect(handles()[0]).toBe('Still Lynxyou'));
    expect(bodyRows().map(cellsOf)).toEqual([
      ['1', 'Still Lynxyou', '5', '2 d', '1,500'],
      ['2', 'Calm Otter', '4', '5 d', '700'],
      ['3', 'Quiet Heron', '3', '–', '450'],
    ]);
    expect(bodyRows()[0]).toHaveClass('row-updated');
    expect(bodyRows()[1]).not.toHaveClass('row-updated');
    expect(bodyRows()[0]).toHaveAttribute('aria-current', 'true');
    expect(queryClient.getQueryData<LiveBoard>(liveBoardKey)?.weekly.map((r) => r.player_id)).toEqual([
      'me',
      'b',
      'a',
    ]);
    expect(statValue('Players')).toBe('1,235');
    expect(statValue('Breathing now')).toBe('4');
    expect(queryClient.getQueryData<LiveBoard>(liveBoardKey)?.seq).toBe(42);

    // An old or repeated message changes nothing; neither does a malformed one.
    const before = queryClient.getQueryData(liveBoardKey);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    realtime.broadcast('leaderboard', 'board', message(42, { stats: { ...stats, players: 1 } }));
    realtime.broadcast('leaderboard', 'board', message(40, { stats: { ...stats, players: 1 } }));
    realtime.broadcast('leaderboard', 'board', { seq: 43, stats: 'lots' });
    expect(queryClient.getQueryData(liveBoardKey)).toBe(before);
    expect(liveBoardCalls()).toBe(1);
  });

  it('drops removed rows and closes the ranks', async () => {
    const queryClient = seed(createQueryClient());
    renderWithProviders(<LeaderboardPage />, { queryClient });
    await screen.findByText('Live');
    await waitFor(() => expect(liveBoardCalls()).toBe(1));
    realtime.broadcast('leaderboard', 'board', message(42, { all_time: { rows: [], removed: ['a'] } }));
    await waitFor(() => expect(bodyRows()).toHaveLength(2));
    expect(bodyRows().map((r) => cellsOf(r).slice(0, 2))).toEqual([
      ['1', 'Quiet Heron'],
      ['2', 'Still Lynxyou'],
    ]);
    // The weekly board did not change: it was not in the message.
    expect(queryClient.getQueryData<LiveBoard>(liveBoardKey)?.weekly).toHaveLength(3);
  });

  it('refetches the snapshot on a gap, then applies what arrived meanwhile', async () => {
    const queryClient = seed(createQueryClient());
    renderWithProviders(<LeaderboardPage />, { queryClient });
    await screen.findByText('Live');
    await waitFor(() => expect(liveBoardCalls()).toBe(1));

    // Message 42 is lost; 43 reveals it. The server's snapshot is at 43; 44 arrives while it loads.
    let answer: (b: LiveBoard) => void = () => {};
    server.callAnonymous.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    realtime.broadcast('leaderboard', 'board', message(43, { all_time: { rows: [], removed: ['a'] } }));
    expect(liveBoardCalls()).toBe(2);
    realtime.broadcast(
      'leaderboard',
      'board',
      message(44, { all_time: { rows: [{ ...heron, total_xp: 900 }], removed: [] } }),
    );
    await act(async () =>
      answer({
        ...board,
        seq: 43,
        all_time: [
          { ...heron, rank: 1 },
          { ...lynx, rank: 2 },
        ],
      }),
    );
    await waitFor(() => expect(queryClient.getQueryData<LiveBoard>(liveBoardKey)?.seq).toBe(44));
    await waitFor(() => expect(bodyRows().map((r) => cellsOf(r)[4])).toEqual(['900', '120']));
    expect(liveBoardCalls()).toBe(2);
  });

  it('says when live updates are unavailable, polls every 10 s, and recovers when realtime is back', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    vi.spyOn(Math, 'random').mockReturnValue(0.5); // no jitter: exactly POLL_MS
    realtime = fakeRealtimeClient({ autoJoin: false });
    const queryClient = seed(createQueryClient());
    renderWithProviders(<LeaderboardPage />, { queryClient });
    await act(() => vi.advanceTimersByTimeAsync(0));
    const channel = realtime.channelOf('leaderboard');
    expect(screen.getByText('Connecting…')).toBeInTheDocument();
    expect(screen.queryByTestId('live-fallback')).not.toBeInTheDocument();

    vi.spyOn(console, 'warn').mockImplementation(() => {});
    channel?.status('CHANNEL_ERROR', new Error('Unauthorized: too many joins'));
    expect(screen.getByTestId('live-fallback')).toHaveTextContent(
      'Live updates unavailable — refreshing every 10 s',
    );
    expect(screen.queryByTestId('live')).not.toBeInTheDocument();

    serverBoard = { ...board, seq: 50, stats: { ...stats, players: 2000 } };
    const calls = liveBoardCalls();
    await act(() => vi.advanceTimersByTimeAsync(POLL_MS - 100));
    expect(liveBoardCalls()).toBe(calls);
    await act(() => vi.advanceTimersByTimeAsync(200));
    expect(liveBoardCalls()).toBe(calls + 1);
    expect(statValue('Players')).toBe('2,000');
    await act(() => vi.advanceTimersByTimeAsync(POLL_MS));
    expect(liveBoardCalls()).toBe(calls + 2);

    // Realtime rejoins on its own: the notice goes, the snapshot is loaded once, polling stops.
    channel?.status('SUBSCRIBED');
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(screen.queryByTestId('live-fallback')).not.toBeInTheDocument();
    expect(screen.getByTestId('live')).toHaveAttribute('data-live', 'true');
    expect(liveBoardCalls()).toBe(calls + 3);
    await act(() => vi.advanceTimersByTimeAsync(POLL_MS * 3));
    expect(liveBoardCalls()).toBe(calls + 3);

    for (const state of ['TIMED_OUT', 'CLOSED']) {
      channel?.status(state);
      expect(screen.getByTestId('live-fallback')).toBeInTheDocument();
      channel?.status('SUBSCRIBED');
    }
  });

  it('falls back to polling when the realtime client cannot even load', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    realtimeEntry.publicRealtime.mockRejectedValue(
      new TypeError('Failed to fetch dynamically imported module'),
    );
    renderWithProviders(<LeaderboardPage />, { queryClient: seed(createQueryClient()) });
    expect(await screen.findByTestId('live-fallback')).toBeInTheDocument();
    expect(handles()).toEqual(['Calm Otter', 'Quiet Heron', 'Still Lynxyou']);
  });
});

describe('my row', () => {
  class FakeIntersectionObserver {
    static last: FakeIntersectionObserver | undefined;
    target: Element | undefined;
    constructor(readonly callback: (entries: { isIntersecting: boolean }[]) => void) {
      FakeIntersectionObserver.last = this;
    }
    observe(target: Element) {
      this.target = target;
    }
    disconnect() {}
  }

  it('pins my row while it is scrolled out of view', () => {
    vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
    renderWithProviders(<LeaderboardPage />, { queryClient: seed() });
    const observer = FakeIntersectionObserver.last;
    expect(observer?.target).toHaveAttribute('data-player', 'me');
    act(() => observer?.callback([{ isIntersecting: false }]));
    const pinned = screen.getByTestId('pinned-me');
    expect(cellsOf(within(pinned).getByRole('row', { name: 'Your row' }))).toEqual([
      '3',
      'Still Lynxyou',
      '2',
      '–',
      '120',
    ]);
    act(() => observer?.callback([{ isIntersecting: true }]));
    expect(screen.queryByTestId('pinned-me')).not.toBeInTheDocument();
  });

  it('flags no row for a visitor who is no device', () => {
    const queryClient = seed();
    queryClient.setQueryData(myStatsKey, null);
    renderWithProviders(<LeaderboardPage />, { queryClient });
    expect(bodyRows().filter((r) => r.getAttribute('aria-current') === 'true')).toHaveLength(0);
  });

  it('tells me my rank when I am not among the listed rows, and says nothing when I am unranked', () => {
    const queryClient = seed();
    queryClient.setQueryData(liveBoardKey, { ...board, all_time: [otter, heron] });
    const ranked: MyRank = { rank: 250, total_players: 1200, score: 40 };
    queryClient.setQueryData(myRankQueryOptions('all_time').queryKey, ranked);
    const { unmount } = renderWithProviders(<LeaderboardPage />, { queryClient });
    expect(screen.getByTestId('my-rank')).toHaveTextContent('You are #250 of 1,200 with 40 XP.');
    unmount();
    const unranked: MyRank = { rank: null, total_players: 1200, score: 0 };
    queryClient.setQueryData(myRankQueryOptions('all_time').queryKey, unranked);
    renderWithProviders(<LeaderboardPage />, { queryClient });
    expect(screen.queryByTestId('my-rank')).not.toBeInTheDocument();
  });

  it('follows my player topic: a my_stats message updates my stats and my rank', async () => {
    const device = fakeRealtimeClient({ accessToken: 'device-token' });
    server.syncClient.mockResolvedValue({ ensureSession: async () => 'user-1', supabase: device.client });
    serverBoard = { ...board, all_time: [otter, heron] };
    const queryClient = seed(createQueryClient(), serverBoard);
    queryClient.setQueryData<MyRank>(myRankQueryOptions('all_time').queryKey, {
      rank: 250,
      total_players: 1200,
      score: 120,
    });
    function WithPlayerChannel() {
      usePlayerChannel();
      return <LeaderboardPage />;
    }
    renderWithProviders(<WithPlayerChannel />, { queryClient });
    expect(screen.getByTestId('my-rank')).toHaveTextContent('You are #250 of 1,200 with 120 XP.');

    await waitFor(() => expect(device.channelOf('player:me')).toBeDefined());
    expect(device.channelOf('player:me')?.options).toEqual({ config: { private: true } });
    // The token is in place before the private join.
    expect(device.log).toEqual(['setAuth device-token', 'subscribe player:me']);

    server.callPublic.mockImplementation(async (fn) =>
      fn === 'get_my_rank' ? { rank: 180, total_players: 1200, score: 300 } : new Promise(() => {}),
    );
    device.broadcast('player:me', 'my_stats', {
      ...myStats,
      total_xp: 300,
      level: 3,
      device_count: 2,
      id: 99,
    });
    expect(queryClient.getQueryData(myStatsKey)).toEqual({
      ...myStats,
      total_xp: 300,
      level: 3,
      device_count: 2,
    });
    await waitFor(() =>
      expect(screen.getByTestId('my-rank')).toHaveTextContent('You are #180 of 1,200 with 300 XP.'),
    );
    expect(server.callPublic).toHaveBeenCalledWith('get_my_rank', { scope: 'all_time', team_id: null });
  });

  it('joins no player topic in a browser that is no device', async () => {
    server.hasDevice.mockReturnValue(false);
    const queryClient = seed(createQueryClient());
    queryClient.removeQueries({ queryKey: myStatsKey });
    function WithPlayerChannel() {
      usePlayerChannel();
      return <LeaderboardPage />;
    }
    renderWithProviders(<WithPlayerChannel />, { queryClient });
    await screen.findByText('Live');
    expect(server.syncClient).not.toHaveBeenCalled();
    expect(server.callPublic).not.toHaveBeenCalledWith('get_my_progress', expect.anything());
  });
});

describe('leaderboard states', () => {
  it('shows a loading state while the board is on its way', () => {
    renderWithProviders(<LeaderboardView scope="all_time" teamId={null} />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading the leaderboard…');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows an empty board with a way to start, naming the week on the weekly one', () => {
    const queryClient = testQueryClient();
    queryClient.setQueryData(liveBoardKey, { ...board, all_time: [], weekly: [] });
    const { unmount } = renderWithProviders(<LeaderboardView scope="all_time" teamId={null} />, {
      queryClient,
    });
    expect(screen.getByText('No one on the board yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'take a breath' })).toHaveAttribute('href', '/breathe');
    unmount();
    renderWithProviders(<LeaderboardView scope="weekly" teamId={null} />, { queryClient });
    expect(screen.getByText('Nobody has breathed this week yet')).toBeInTheDocument();
  });

  it('shows an error with a retry that asks again', async () => {
    const user = userEvent.setup();
    server.callAnonymous.mockRejectedValueOnce(new SyncError('network_error', 'retry', 0));
    renderWithProviders(<LeaderboardView scope="all_time" teamId={null} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('The server cannot be reached right now.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: 'All-time leaderboard' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(liveBoardCalls()).toBe(2);
  });

  it('refuses an answer of the wrong shape instead of showing it', async () => {
    server.callAnonymous.mockResolvedValue({ seq: 1, all_time: 'rows' });
    renderWithProviders(<LeaderboardView scope="all_time" teamId={null} />);
    expect(await screen.findByRole('alert')).toBeInTheDocument();
  });
});
