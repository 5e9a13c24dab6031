import { SyncError } from '@breath-master/sync/errors';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { myTeamsQueryOptions, type TeamSummary } from '../../../shared/my-teams.ts';
import { renderWithProviders, testQueryClient } from '../../../test-utils.tsx';
import { JoinPage } from './join-page.tsx';
import { TeamsPage } from './teams-page.tsx';

const player = vi.hoisted(() => ({
  callAsPlayer: vi.fn<(fn: string, args?: Record<string, unknown>) => Promise<unknown>>(),
}));
vi.mock('../../../shared/call-as-player.ts', () => player);
// `get_my_teams` is a public read.
const server = vi.hoisted(() => ({
  hasDevice: vi.fn(() => true),
  callPublic: vi.fn<(fn: string, args?: Record<string, unknown>) => Promise<unknown>>(),
  callAsDevice: vi.fn(),
  syncClient: vi.fn(),
}));
vi.mock('../../../shared/server.ts', () => server);

const crew: TeamSummary = { id: 't1', name: 'Crew', join_code: 'K7P2QX9M', member_count: 3 };
const solo: TeamSummary = { id: 't2', name: 'Solo', join_code: 'ZZ3Q7PWA', member_count: 1 };

function seeded(teams: TeamSummary[] = []) {
  const queryClient = testQueryClient();
  queryClient.setQueryData(myTeamsQueryOptions.queryKey, teams);
  return queryClient;
}

function renderTeams(queryClient = seeded()) {
  return renderWithProviders(<TeamsPage />, {
    queryClient,
    at: '/teams',
    path: '/teams',
    routes: { '/teams/:id': <p>team page</p> },
  });
}

const nameInput = () => screen.getByRole('textbox', { name: 'Team name' });
const createButton = () => screen.getByRole('button', { name: 'Create team' });
const codeInput = () => screen.getByRole('textbox', { name: 'Join code' });
const joinButton = () => screen.getByRole('button', { name: 'Join team' });

beforeEach(() => {
  vi.clearAllMocks();
  server.hasDevice.mockReturnValue(true);
  player.callAsPlayer.mockImplementation(() => new Promise(() => {}));
  server.callPublic.mockImplementation(() => new Promise(() => {}));
});

describe('my teams', () => {
  it('lists my teams with links to them', () => {
    renderTeams(seeded([crew, solo]));
    const links = screen.getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Crew3 members', '/teams/t1'],
      ['Solo1 member', '/teams/t2'],
    ]);
    expect(screen.queryByText('You are not in a team yet')).not.toBeInTheDocument();
  });

  it('says so when I am in no team', () => {
    renderTeams();
    expect(screen.getByText('You are not in a team yet')).toBeInTheDocument();
  });

  it('shows an error when my teams cannot be read', async () => {
    server.callPublic.mockRejectedValue(new SyncError('network_error', 'retry', 0));
    renderWithProviders(<TeamsPage />);
    expect(await screen.findByRole('alert')).toHaveTextContent('The server cannot be reached right now.');
    expect(server.callPublic).toHaveBeenCalledWith('get_my_teams');
  });
});

describe('create a team', () => {
  it('needs a name with something visible in it', async () => {
    const user = userEvent.setup();
    renderTeams();
    expect(createButton()).toBeDisabled();
    await user.type(nameInput(), '   ');
    expect(createButton()).toBeDisabled();
    await user.type(nameInput(), 'x');
    expect(createButton()).toBeEnabled();
    await user.clear(nameInput());
    await user.keyboard('{Enter}');
    expect(player.callAsPlayer).not.toHaveBeenCalled();
  });

  it('takes at most 40 characters', async () => {
    const user = userEvent.setup();
    renderTeams();
    await user.type(nameInput(), 'a'.repeat(45));
    expect(nameInput()).toHaveValue('a'.repeat(40));
  });

  it('creates the team with the trimmed name and opens it', async () => {
    const user = userEvent.setup();
    player.callAsPlayer.mockResolvedValue({ id: 't9', name: 'Platform squad', join_code: 'QQ2W3E4R' });
    const queryClient = seeded([crew]);
    renderTeams(queryClient);
    await user.type(nameInput(), '  Platform squad ');
    await user.click(createButton());

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/teams\/t9$/));
    expect(player.callAsPlayer).toHaveBeenCalledWith('create_team', { name: 'Platform squad' });
    expect(queryClient.getQueryData(myTeamsQueryOptions.queryKey)).toEqual([
      crew,
      { id: 't9', name: 'Platform squad', join_code: 'QQ2W3E4R', member_count: 1 },
    ]);
  });

  it('shows why the server refused the team', async () => {
    const user = userEvent.setup();
    player.callAsPlayer.mockRejectedValue(new SyncError('too_many_teams', 'final', 409));
    renderTeams();
    await user.type(nameInput(), 'Eleventh');
    await user.click(createButton());
    expect(await screen.findByRole('alert')).toHaveTextContent('You are already in 10 teams.');
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/teams$/);
  });
});

describe('join a team by code', () => {
  it('needs at least 4 characters', async () => {
    const user = userEvent.setup();
    renderTeams();
    expect(joinButton()).toBeDisabled();
    await user.type(codeInput(), 'K7P');
    expect(joinButton()).toBeDisabled();
    await user.type(codeInput(), '2');
    expect(joinButton()).toBeEnabled();
  });

  it('joins, refreshes my teams and opens the team', async () => {
    const user = userEvent.setup();
    player.callAsPlayer.mockResolvedValue({ id: 't1', name: 'Crew', join_code: 'K7P2QX9M' });
    server.callPublic.mockResolvedValue([crew]);
    const queryClient = seeded();
    renderTeams(queryClient);
    await user.type(codeInput(), ' K7P2QX9M ');
    await user.click(joinButton());

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/teams\/t1$/));
    expect(player.callAsPlayer).toHaveBeenCalledWith('join_team', { code: 'K7P2QX9M' });
    await waitFor(() => expect(queryClient.getQueryData(myTeamsQueryOptions.queryKey)).toEqual([crew]));
    expect(server.callPublic).toHaveBeenCalledWith('get_my_teams');
  });

  it.each([
    ['team_not_found', 404, 'No team has that code.'],
    ['team_full', 409, 'That team is full (50 players).'],
  ])('shows the message for %s', async (code, status, message) => {
    const user = userEvent.setup();
    player.callAsPlayer.mockRejectedValue(new SyncError(code, 'final', status));
    renderTeams();
    await user.type(codeInput(), 'K7P2QX9M');
    await user.click(joinButton());
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(joinButton()).toBeEnabled();
  });
});

describe('join link', () => {
  it('joins with the code from the link once and opens the team', async () => {
    player.callAsPlayer.mockResolvedValue({ id: 't1', name: 'Crew', join_code: 'K7P2QX9M' });
    renderWithProviders(
      <StrictMode>
        <JoinPage />
      </StrictMode>,
      { at: '/join?code=K7P2QX9M', path: '/join', routes: { '/teams/:id': <p>team page</p> } },
    );
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/teams\/t1$/));
    expect(player.callAsPlayer).toHaveBeenCalledTimes(1);
    expect(player.callAsPlayer).toHaveBeenCalledWith('join_team', { code: 'K7P2QX9M' });
  });

  it('keeps the code in the form when joining from the link fails', async () => {
    player.callAsPlayer.mockRejectedValue(new SyncError('team_not_found', 'final', 404));
    renderWithProviders(<JoinPage />, { at: '/join?code=NOPE1234', path: '/join' });
    expect(await screen.findByRole('alert')).toHaveTextContent('No team has that code.');
    expect(codeInput()).toHaveValue('NOPE1234');
    expect(screen.getByTestId('location')).toHaveTextContent('/join?code=NOPE1234');
  });
});
