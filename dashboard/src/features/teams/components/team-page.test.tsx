import { SyncError } from '@breath-master/sync/errors';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LeaderboardRow } from '../../../shared/leaderboard-rows.ts';
import { myStatsKey } from '../../../shared/my-stats.ts';
import { myTeamsQueryOptions, type TeamSummary } from '../../../shared/my-teams.ts';
import { teamBoardKey, teamKey } from '../../../shared/team-channel.ts';
import { boardRow, fakeRealtimeClient, renderWithProviders, testQueryClient } from '../../../test-utils.tsx';
import type { Team } from '../api/team-types.ts';
import { TeamPage } from './team-page.tsx';

// Team calls go through callAsPlayer; the team channel through the sync client's supabase client.
const player = vi.hoisted(() => ({
  callAsPlayer: vi.fn<(fn: string, args?: Record<string, unknown>) => Promise<unknown>>(),
}));
vi.mock('../../../shared/call-as-player.ts', () => player);
const server = vi.hoisted(() => ({
  hasDevice: vi.fn(() => true),
  syncClient: vi.fn(),
  callPublic: vi.fn(),
  callAsDevice: vi.fn(),
}));
vi.mock('../../../shared/server.ts', () => server);

let realtime = fakeRealtimeClient();

const team: Team = {
  id: 't1',
  name: 'Crew',
  join_code: 'K7P2QX9M',
  member_count: 3,
  goal: {
    metric: 'minutes',
    target: 120,
    progress: 30,
    starts_on: '2026-03-01',
    ends_on: '2026-03-31',
    reached_on: null,
  },
};

const members: LeaderboardRow[] = [
  boardRow('a', { rank: 1, handle: 'Calm Otter', level: 3, total_xp: 400, current_streak: 2 }),
  boardRow('me', { rank: 2, handle: 'Still Lynx', level: 2, total_xp: 150, is_me: true }),
  boardRow('c', { rank: 3, handle: 'Shy Newt', level: 1, total_xp: 0 }),
];

const summaries: TeamSummary[] = [
  { id: 't1', name: 'Crew', join_code: 'K7P2QX9M', member_count: 3 },
  { id: 't2', name: 'Night owls', join_code: 'ZZ3Q7PWA', member_count: 5 },
];

function seeded(t: Team = team) {
  const queryClient = testQueryClient();
  queryClient.setQueryData(teamKey(t.id), t);
  queryClient.setQueryData(teamBoardKey('all_time', t.id), members);
  queryClient.setQueryData(myTeamsQueryOptions.queryKey, summaries);
  return queryClient;
}

function renderTeam(queryClient = seeded()) {
  return renderWithProviders(<TeamPage />, {
    queryClient,
    at: '/teams/t1',
    path: '/teams/:id',
    routes: { '/teams': <p>all teams</p> },
  });
}

const bodyRows = () => screen.getAllByRole('row').filter((row) => row.hasAttribute('data-player'));
const handles = () => bodyRows().map((row) => within(row).getAllByRole('cell')[1]?.textContent);

beforeEach(() => {
  vi.clearAllMocks();
  realtime = fakeRealtimeClient();
  server.syncClient.mockResolvedValue({ ensureSession: async () => {}, supabase: realtime.client });
  player.callAsPlayer.mockImplementation(() => new Promise(() => {}));
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('team page', () => {
  it('shows the team, its goal progress and its member board', () => {
    renderTeam();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Crew');
    expect(screen.getByText('3 members')).toBeInTheDocument();
    expect(screen.getByTestId('goal-progress')).toHaveTextContent('30 / 120 minutes');
    expect(screen.getByText('by Mar 31, 2026')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Team goal progress' })).toHaveAttribute(
      'aria-valuenow',
      '25',
    );
    expect(screen.getByRole('table', { name: 'Crew leaderboard' })).toBeInTheDocument();
    expect(handles()).toEqual(['Calm Otter', 'Still Lynxyou', 'Shy Newt']);
    expect(bodyRows()[1]).toHaveAttribute('aria-current', 'true');
    expect(screen.getByTestId('join-code')).toHaveTextContent('K7P2QX9M');
    expect(screen.getByRole('textbox', { name: 'Invite link' })).toHaveValue(
      `${location.origin}/join?code=K7P2QX9M`,
    );
    expect(player.callAsPlayer).not.toHaveBeenCalled();
  });

  it('shows a reached goal as reached, the bar full', () => {
    renderTeam(
      seeded({
        ...team,
        goal: { ...team.goal, progress: 150, reached_on: '2026-03-20' } as Team['goal'],
      }),
    );
    expect(screen.getByTestId('goal-progress')).toHaveTextContent('150 / 120 minutes');
    expect(screen.getByText('Reached on Mar 20, 2026')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Team goal progress' })).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
  });

  it('invites to set a goal when there is none', () => {
    renderTeam(seeded({ ...team, goal: null }));
    expect(screen.getByText('No goal yet')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar', { name: 'Team goal progress' })).not.toBeInTheDocument();
  });

  it('follows the team channel: a team message replaces the goal, the members and both boards', async () => {
    const queryClient = seeded();
    queryClient.setQueryData(myStatsKey, { player_id: 'me' });
    renderTeam(queryClient);
    await waitFor(() => expect(screen.getByTestId('live')).toHaveAttribute('data-live', 'true'));
    const channel = realtime.channelOf('team:t1');
    expect(channel?.options).toEqual({ config: { private: true } });
    expect(channel?.handlers.map((h) => `${h.type}:${h.event}`)).toEqual(['broadcast:team']);

    // Shy Newt pushed, Quick Finch joined (no score yet): one message carries the whole state.
    const member = (id: string, handle: string, total_xp: number, weekly_xp = 0) => {
      const { rank: _rank, is_me: _isMe, ...fields } = boardRow(id, { handle, total_xp, weekly_xp });
      return fields;
    };
    realtime.broadcast('team:t1', 'team', {
      team: { ...team, member_count: 4, goal: { ...team.goal, progress: 90 } },
      members: [
        member('a', 'Calm Otter', 400, 10),
        member('me', 'Still Lynx', 150, 150),
        member('c', 'Shy Newt', 650, 40),
        member('f', 'Quick Finch', 0),
      ],
      id: 77,
    });
    await waitFor(() => expect(screen.getByTestId('goal-progress')).toHaveTextContent('90 / 120 minutes'));
    expect(screen.getByRole('progressbar', { name: 'Team goal progress' })).toHaveAttribute(
      'aria-valuenow',
      '75',
    );
    expect(screen.getByText('4 members')).toBeInTheDocument();
    expect(handles()).toEqual(['Shy Newt', 'Calm Otter', 'Still Lynxyou', 'Quick Finch']);
    expect(bodyRows().map((r) => within(r).getAllByRole('cell')[0]?.textContent)).toEqual([
      '1',
      '2',
      '3',
      '4',
    ]);
    const weekly = queryClient.getQueryData<LeaderboardRow[]>(teamBoardKey('weekly', 't1'));
    expect(weekly?.map((r) => [r.player_id, r.rank, r.is_me])).toEqual([
      ['me', 1, true],
      ['c', 2, false],
      ['a', 3, false],
      ['f', 4, false],
    ]);
    expect(queryClient.getQueryData<TeamSummary[]>(myTeamsQueryOptions.queryKey)?.[0]?.member_count).toBe(4);

    // Calm Otter left: gone from the board, the count follows, still without a request.
    realtime.broadcast('team:t1', 'team', {
      team: { ...team, member_count: 3, goal: { ...team.goal, progress: 80 } },
      members: [member('me', 'Still Lynx', 150), member('c', 'Shy Newt', 650), member('f', 'Quick Finch', 0)],
    });
    await waitFor(() => expect(handles()).toEqual(['Shy Newt', 'Still Lynxyou', 'Quick Finch']));
    expect(screen.getByText('3 members')).toBeInTheDocument();
    expect(player.callAsPlayer).not.toHaveBeenCalled();
  });

  it('ignores a team message for another team or of the wrong shape', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const queryClient = seeded();
    renderTeam(queryClient);
    await waitFor(() => expect(screen.getByTestId('live')).toHaveAttribute('data-live', 'true'));
    const before = queryClient.getQueryData(teamBoardKey('all_time', 't1'));
    realtime.broadcast('team:t1', 'team', { team: { ...team, id: 't2' }, members: [] });
    realtime.broadcast('team:t1', 'team', { team, members: [{ player_id: 'x' }] });
    realtime.broadcast('team:t1', 'team', { members: [] });
    expect(queryClient.getQueryData(teamBoardKey('all_time', 't1'))).toBe(before);
    expect(queryClient.getQueryData(teamKey('t1'))).toBe(team);
  });

  it('joins again with a fresh token when the server closes the channel', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1); // the backoff's ceiling: 2 s for a first retry
    renderTeam();
    await waitFor(() => expect(screen.getByTestId('live')).toHaveAttribute('data-live', 'true'));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const first = realtime.channelOf('team:t1');
    first?.status('CLOSED');
    expect(screen.getByTestId('live')).toHaveAttribute('data-live', 'false');
    await act(() => vi.advanceTimersByTimeAsync(1_900));
    expect(realtime.channels.filter((c) => c.topic === 'team:t1')).toHaveLength(1);
    await act(() => vi.advanceTimersByTimeAsync(200));
    vi.useRealTimers();
    await waitFor(() => expect(screen.getByTestId('live')).toHaveAttribute('data-live', 'true'));
    expect(first?.removed).toBe(true);
    expect(realtime.channels.filter((c) => c.topic === 'team:t1')).toHaveLength(2);
  });

  it('asks before leaving and does nothing when the answer is no', async () => {
    const user = userEvent.setup();
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    renderTeam();
    await user.click(screen.getByRole('button', { name: 'Leave team' }));
    expect(confirm).toHaveBeenCalledWith('Leave Crew?');
    expect(player.callAsPlayer).not.toHaveBeenCalled();
    expect(screen.getByTestId('location')).toHaveTextContent('/teams/t1');
  });

  it('leaves once confirmed and returns to the teams', async () => {
    const user = userEvent.setup();
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    player.callAsPlayer.mockImplementation(async (fn) => {
      if (fn === 'leave_team') return null;
      throw new SyncError('not_a_member', 'final', 403); // the team is no longer this player's to see
    });
    const queryClient = seeded();
    renderTeam(queryClient);
    await user.click(screen.getByRole('button', { name: 'Leave team' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/teams$/));
    expect(player.callAsPlayer).toHaveBeenCalledWith('leave_team', { team_id: 't1' });
    expect(queryClient.getQueryData<TeamSummary[]>(myTeamsQueryOptions.queryKey)?.map((t) => t.id)).toEqual([
      't2',
    ]);
    expect(queryClient.getQueryData(teamKey('t1'))).toBeUndefined();
  });

  it('stays and explains when leaving fails', async () => {
    const user = userEvent.setup();
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    player.callAsPlayer.mockRejectedValue(new SyncError('network_error', 'retry', 0));
    renderTeam();
    await user.click(screen.getByRole('button', { name: 'Leave team' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The server cannot be reached right now.');
    expect(screen.getByTestId('location')).toHaveTextContent('/teams/t1');
  });

  it('sets a goal and shows the team the server answers with', async () => {
    const user = userEvent.setup();
    const next: Team = {
      ...team,
      goal: {
        metric: 'cycles',
        target: 500,
        progress: 0,
        starts_on: '2026-03-10',
        ends_on: '2026-04-30',
        reached_on: null,
      },
    };
    player.callAsPlayer.mockResolvedValue(next);
    renderTeam();
    const target = screen.getByRole('spinbutton', { name: 'Target' });
    await user.clear(target);
    await user.type(target, '500');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Of' }), 'cycles');
    const by = screen.getByLabelText('By');
    await user.clear(by);
    await user.type(by, '2026-04-30');
    await user.click(screen.getByRole('button', { name: 'Set goal' }));

    expect(player.callAsPlayer).toHaveBeenCalledWith('set_team_goal', {
      team_id: 't1',
      metric: 'cycles',
      target: 500,
      ends_on: '2026-04-30',
    });
    await waitFor(() => expect(screen.getByTestId('goal-progress')).toHaveTextContent('0 / 500 cycles'));
  });

  it('shows why a goal was refused', async () => {
    const user = userEvent.setup();
    player.callAsPlayer.mockRejectedValue(new SyncError('invalid_goal', 'final', 400));
    renderTeam();
    await user.click(screen.getByRole('button', { name: 'Set goal' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'That goal is not valid: check the target and the date.',
    );
    expect(screen.getByTestId('goal-progress')).toHaveTextContent('30 / 120 minutes');
  });

  it('explains when this browser is not a member', async () => {
    player.callAsPlayer.mockRejectedValue(new SyncError('not_a_member', 'final', 403));
    renderWithProviders(<TeamPage />, { at: '/teams/t9', path: '/teams/:id' });
    expect(screen.getByRole('status')).toHaveTextContent('Loading the team…');
    expect(await screen.findByRole('alert')).toHaveTextContent('You are not a member of this team.');
    expect(screen.getByRole('link', { name: 'All teams' })).toHaveAttribute('href', '/teams');
    expect(player.callAsPlayer).toHaveBeenCalledWith('get_team', { team_id: 't9' });
    // No channel is joined for a team one cannot see.
    expect(realtime.channels).toHaveLength(0);
  });
});
