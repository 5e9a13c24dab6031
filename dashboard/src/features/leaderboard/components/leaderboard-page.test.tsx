import { SyncError } from '@breath-master/sync/errors';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LeaderboardRow, utcWeekStart } from '../../../shared/leaderboard-rows.ts';
import { myTeamsQueryOptions } from '../../../shared/my-teams.ts';
import { createQueryClient } from '../../../shared/query-client.ts';
import { boardRow, fakeRealtimeClient, renderWithProviders, testQueryClient } from '../../../test-utils.tsx';
import { globalStatsQueryOptions } from '../api/get-global-stats.ts';
import { leaderboardKey } from '../api/get-leaderboard.ts';
import { type MyRank, myRankQueryOptions } from '../api/get-my-rank.ts';
import { LeaderboardPage } from './leaderboard-page.tsx';
import { LeaderboardView } from './leaderboard-view.tsx';

// The network boundary: public reads (`callPublic`) and the light public realtime client (the
// `leaderboard` broadcast and `breathing-now` presence); the page never needs the sync client.
const server = vi.hoisted(() => ({
  callPublic: vi.fn<(fn: string, args?: Record<string, unknown>) => Promise<unknown>>(),
  callAsDevice: vi.fn(),
  hasDevice: vi.fn(() => true),
  syncClient: vi.fn(),
}));
vi.mock('../../../shared/server.ts', () => server);
const realtimeEntry = vi.hoisted(() => ({ publicRealtime: vi.fn() }));
vi.mock('../../../shared/public-realtime.ts', () => realtimeEntry);

// One fake realtime client for the whole file: the presence module keeps its channel for the tab.
const realtime = fakeRealtimeClient();

const allTime: LeaderboardRow[] = [
  boardRow('a', { rank: 1, handle: 'Calm Otter', level: 4, total_xp: 700, weekly_xp: 20, current_streak: 5 }),
  boardRow('b', {
    rank: 2,
    handle: 'Quiet Heron',
    level: 3,
    total_xp: 450,
    weekly_xp: 90,
    current_streak: 0,
  }),
  boardRow('me', { rank: 3, handle: 'Still Lynx', level: 2, total_xp: 120, weekly_xp: 60, is_me: true }),
];
const weekly: LeaderboardRow[] = [
  boardRow('b', { rank: 1, handle: 'Quiet Heron', level: 3, total_xp: 450, weekly_xp: 90 }),
  boardRow('me', { rank: 2, handle: 'Still Lynx', level: 2, total_xp: 120, weekly_xp: 60, is_me: true }),
  boardRow('a', { rank: 3, handle: 'Calm Otter', level: 4, total_xp: 700, weekly_xp: 20, current_streak: 5 }),
];

function bodyRows(): HTMLElement[] {
  return screen.getAllByRole('row').filter((row) => row.hasAttribute('data-player'));
}

function cellsOf(row: HTMLElement): string[] {
  return within(row)
    .getAllByRole('cell')
    .map((cell) => cell.textContent ?? '');
}

function statValue(label: string): string {
  return screen.getByText(label, { selector: 'dt' }).nextElementSibling?.textContent ?? '';
}

function seed(queryClient = testQueryClient()) {
  queryClient.setQueryData(leaderboardKey('all_time', null), allTime);
  queryClient.setQueryData(leaderboardKey('weekly', null), weekly);
  queryClient.setQueryData(myTeamsQueryOptions.queryKey, []);
  queryClient.setQueryData(globalStatsQueryOptions.queryKey, {
    players: 1234,
    active_today: 56,
    cycles_today: 7890,
    seconds_today: 99_000,
  });
  return queryClient;
}

beforeEach(() => {
  vi.clearAllMocks();
  server.hasDevice.mockReturnValue(true);
  realtimeEntry.publicRealtime.mockResolvedValue(realtime.client);
  // Anything not in the cache would be asked for here: by default it never answers.
  server.callPublic.mockImplementation(() => new Promise(() => {}));
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('leaderboard page', () => {
  it('shows rank, handle, level, streak and XP of each row, highlighting mine', () => {
    renderWithProviders(<LeaderboardPage />, { queryClient: seed() });
    const table = screen.getByRole('table', { name: 'All-time leaderboard' });
    expect(table).toBeInTheDocument();
    expect(bodyRows().map(cellsOf)).toEqual([
      ['1', 'Calm Otter', '4', '5 d', '700'],
      ['2', 'Quiet Heron', '3', '–', '450'],
      ['3', 'Still Lynxyou', '2', '–', '120'],
    ]);
    const mine = bodyRows().filter((row) => row.getAttribute('aria-current') === 'true');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toHaveTextContent('Still Lynx');
    expect(mine[0]).toHaveClass('bg-calm/10');
    expect(within(mine[0] as HTMLElement).getByText('you')).toBeInTheDocument();
    expect(server.callPublic).not.toHaveBeenCalledWith('get_leaderboard', expect.anything());
  });

  it('switches between the all-time and weekly boards with the tabs', async () => {
    const user = userEvent.setup();
    renderWithProviders(<LeaderboardPage />, { queryClient: seed() });
    const weeklyTab = screen.getByRole('tab', { name: 'This week' });
    expect(weeklyTab).toHaveAttribute('aria-selected', 'false');

    await user.click(weeklyTab);
    expect(weeklyTab).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('heading', { name: 'This week' })).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Weekly leaderboard' })).toBeInTheDocument();
    // The weekly board's order, and its XP column shows weekly XP.
    expect(bodyRows().map((row) => cellsOf(row)[1])).toEqual(['Quiet Heron', 'Still Lynxyou', 'Calm Otter']);
    expect(bodyRows().map((row) => cellsOf(row)[4])).toEqual(['90', '60', '20']);

    // Arrow keys move between the tabs too.
    await user.keyboard('{ArrowLeft}');
    expect(screen.getByRole('tab', { name: 'All time' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('table', { name: 'All-time leaderboard' })).toBeInTheDocument();
  });

  it('asks the server for the weekly board under its own key when it is not cached', async () => {
    const user = userEvent.setup();
    const queryClient = seed();
    queryClient.removeQueries({ queryKey: leaderboardKey('weekly', null) });
    server.callPublic.mockImplementation(async (fn, args) =>
      fn === 'get_leaderboard' && args?.scope === 'weekly'
        ? [boardRow('z', { rank: 1, handle: 'Brisk Wren', weekly_xp: 33 })]
        : new Promise(() => {}),
    );
    renderWithProviders(<LeaderboardPage />, { queryClient });
    await user.click(screen.getByRole('tab', { name: 'This week' }));

    expect(await screen.findByText('Brisk Wren')).toBeInTheDocument();
    expect(server.callPublic).toHaveBeenCalledWith('get_leaderboard', {
      scope: 'weekly',
      team_id: null,
      row_limit: 100,
    });
    expect(server.callPublic).not.toHaveBeenCalledWith(
      'get_leaderboard',
      expect.objectContaining({ scope: 'all_time' }),
    );
    expect(queryClient.getQueryData(leaderboardKey('weekly', null))).toHaveLength(1);
  });

  it('moves a row when a broadcast patches the cache, without refetching', async () => {
    const queryClient = seed(createQueryClient());
    renderWithProviders(<LeaderboardPage />, { queryClient });
    expect(await screen.findByText('Live')).toBeInTheDocument();
    expect(screen.getByTestId('live')).toHaveAttribute('data-live', 'true');

    realtime.broadcast('leaderboard', 'player_stats', {
      player_id: 'me',
      handle: 'Still Lynx',
      level: 5,
      total_xp: 1500,
      weekly_xp: 140,
      week_start: utcWeekStart(new Date()),
      current_streak: 2,
    });
    // Query observers hear of a cache write on the next tick.
    await waitFor(() => expect(cellsOf(bodyRows()[0] as HTMLElement)[1]).toBe('Still Lynxyou'));
    expect(bodyRows().map(cellsOf)).toEqual([
      ['1', 'Still Lynxyou', '5', '2 d', '1,500'],
      ['2', 'Calm Otter', '4', '5 d', '700'],
      ['3', 'Quiet Heron', '3', '–', '450'],
    ]);
    // Only the row that changed glows; my highlight moved with it.
    expect(bodyRows()[0]).toHaveClass('row-updated');
    expect(bodyRows()[1]).not.toHaveClass('row-updated');
    expect(bodyRows()[0]).toHaveAttribute('aria-current', 'true');
    // The weekly board was patched too.
    expect(
      queryClient.getQueryData<LeaderboardRow[]>(leaderboardKey('weekly', null))?.map((r) => r.player_id),
    ).toEqual(['me', 'b', 'a']);

    realtime.broadcast('leaderboard', 'player_removed', { player_id: 'a' });
    await waitFor(() => expect(bodyRows()).toHaveLength(2));
    expect(bodyRows().map((row) => cellsOf(row).slice(0, 2))).toEqual([
      ['1', 'Still Lynxyou'],
      ['2', 'Quiet Heron'],
    ]);

    // A malformed payload changes nothing.
    const before = queryClient.getQueryData(leaderboardKey('all_time', null));
    realtime.broadcast('leaderboard', 'player_stats', { player_id: 'b', total_xp: 'lots' });
    expect(queryClient.getQueryData(leaderboardKey('all_time', null))).toBe(before);

    expect(server.callPublic).not.toHaveBeenCalledWith('get_leaderboard', expect.anything());
    // Live without the sync client (supabase-js): the channel is on the light public client.
    expect(realtime.channels.find((c) => c.topic === 'leaderboard')).toBeDefined();
    expect(server.syncClient).not.toHaveBeenCalled();
  });

  it('shows the global figures and how many are breathing now', async () => {
    renderWithProviders(<LeaderboardPage />, { queryClient: seed() });
    expect(statValue('Players')).toBe('1,234');
    expect(statValue('Active today')).toBe('56');
    expect(statValue('Cycles today')).toBe('7,890');
    expect(statValue('Breathing now')).toBe('0');

    await waitFor(() => expect(realtime.channels.some((c) => c.topic === 'breathing-now')).toBe(true));
    realtime.syncPresence('breathing-now', { tab1: [{ pattern: 'box' }], tab2: [{}], editor: [{}] });
    expect(statValue('Breathing now')).toBe('3');
    realtime.syncPresence('breathing-now', { tab2: [{}] });
    expect(statValue('Breathing now')).toBe('1');
  });

  it('shows dashes while the global figures are unknown', () => {
    const queryClient = seed();
    queryClient.removeQueries({ queryKey: globalStatsQueryOptions.queryKey });
    renderWithProviders(<LeaderboardPage />, { queryClient });
    expect(statValue('Players')).toBe('–');
    expect(server.callPublic).toHaveBeenCalledWith('get_global_stats');
  });
});

describe('my row off the visible list', () => {
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
    expect(screen.queryByTestId('pinned-me')).not.toBeInTheDocument();

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

  it('tells me my rank when I am not among the listed rows', () => {
    const queryClient = seed();
    queryClient.setQueryData(
      leaderboardKey('all_time', null),
      allTime.filter((row) => !row.is_me),
    );
    const myRank: MyRank = { rank: 250, total_players: 1200, score: 40 };
    queryClient.setQueryData(myRankQueryOptions('all_time').queryKey, myRank);
    renderWithProviders(<LeaderboardPage />, { queryClient });
    expect(screen.getByTestId('my-rank')).toHaveTextContent('You are #250 of 1,200 with 40 XP.');
  });

  it('says nothing about my rank when I am hidden or unranked', () => {
    const queryClient = seed();
    queryClient.setQueryData(
      leaderboardKey('all_time', null),
      allTime.filter((row) => !row.is_me),
    );
    const myRank: MyRank = { rank: null, total_players: 1200, score: 0 };
    queryClient.setQueryData(myRankQueryOptions('all_time').queryKey, myRank);
    renderWithProviders(<LeaderboardPage />, { queryClient });
    expect(screen.queryByTestId('my-rank')).not.toBeInTheDocument();
  });
});

describe('leaderboard states', () => {
  it('shows a loading state while the board is on its way', () => {
    renderWithProviders(<LeaderboardView scope="all_time" teamId={null} />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading the leaderboard…');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows an empty board with a way to start', () => {
    const queryClient = testQueryClient();
    queryClient.setQueryData(leaderboardKey('all_time', null), []);
    renderWithProviders(<LeaderboardView scope="all_time" teamId={null} />, { queryClient });
    expect(screen.getByText('No one on the board yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'take a breath' })).toHaveAttribute('href', '/breathe');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('names the week when the weekly board is empty', () => {
    const queryClient = testQueryClient();
    queryClient.setQueryData(leaderboardKey('weekly', null), []);
    renderWithProviders(<LeaderboardView scope="weekly" teamId={null} />, { queryClient });
    expect(screen.getByText('Nobody has breathed this week yet')).toBeInTheDocument();
  });

  it('shows an error with a retry that asks again', async () => {
    const user = userEvent.setup();
    server.callPublic.mockRejectedValueOnce(new SyncError('network_error', 'retry', 0));
    server.callPublic.mockResolvedValueOnce(allTime);
    renderWithProviders(<LeaderboardView scope="all_time" teamId={null} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('The server cannot be reached right now.');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: 'All-time leaderboard' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(server.callPublic).toHaveBeenCalledTimes(2);
  });
});
