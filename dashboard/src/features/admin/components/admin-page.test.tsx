import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test-utils.tsx';
import type { AdminDay, AdminOverview, AdminPlayer } from '../api/admin-types.ts';
import { AdminPage } from './admin-page.tsx';

// The network is mocked at the admin client; AdminError stays the real class the page reads codes from.
const client = vi.hoisted(() => ({
  adminCall: vi.fn<(key: string, fn: string, args?: Record<string, unknown>) => Promise<unknown>>(),
  fetchRealtimeStats: vi.fn<(key: string) => Promise<unknown>>(),
}));
vi.mock('../api/admin-client.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/admin-client.ts')>()),
  ...client,
}));
const { AdminError } = await import('../api/admin-client.ts');

const KEY = 'service-role-key';

const overview: AdminOverview = {
  as_of: '2026-12-03T12:00:00Z',
  players: 312,
  devices: 340,
  on_public_boards: 270,
  hidden_by_player: 30,
  hidden_by_operator: 2,
  devices_per_player: [
    { devices: 1, players: 284 },
    { devices: 2, players: 28 },
  ],
  teams: {
    count: 5,
    members: 41,
    sizes: [{ members: 8, teams: 5 }],
    goals: { active: 4, reached: 1, missed: 0, minutes: 3, cycles: 2 },
  },
};

const days: AdminDay[] = [
  { day: '2026-12-02', active_players: 40, accepted: 120, refused: { implausible_counters: 3 } },
  { day: '2026-12-03', active_players: 52, accepted: 90, refused: {} },
];

const otter: AdminPlayer = {
  player_id: 'p1',
  handle: 'Calm Otter',
  show_on_leaderboard: true,
  hidden_by_operator: false,
  total_xp: 900,
  level: 4,
  device_count: 2,
  created_on: '2026-11-30',
};

class SizedResizeObserver {
  constructor(readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    this.callback(
      [{ target, contentRect: { width: 480, height: 224 } as DOMRectReadOnly } as ResizeObserverEntry],
      this,
    );
  }
  unobserve() {}
  disconnect() {}
}

function answer(fn: string, args?: Record<string, unknown>): Promise<unknown> {
  if (fn === 'admin_overview') return Promise.resolve(overview);
  if (fn === 'admin_daily_activity') return Promise.resolve(days);
  if (fn === 'admin_find_player') return Promise.resolve([otter]);
  if (fn === 'admin_hide_player')
    return Promise.resolve({ ...otter, hidden_by_operator: args?.hidden, show_on_leaderboard: false });
  if (fn === 'admin_delete_player')
    return Promise.resolve({ player_id: 'p1', handle: 'Calm Otter', devices_removed: 2 });
  return Promise.reject(new Error(`unexpected ${fn}`));
}

beforeEach(() => {
  vi.clearAllMocks();
  localStorage.clear();
  vi.stubGlobal('ResizeObserver', SizedResizeObserver);
  client.adminCall.mockImplementation((_key, fn, args) => answer(fn, args));
  client.fetchRealtimeStats.mockResolvedValue(null);
});
afterEach(() => vi.unstubAllGlobals());

async function signIn(key = KEY) {
  const user = userEvent.setup();
  renderWithProviders(<AdminPage />, { at: '/admin', path: '/admin' });
  const input = screen.getByLabelText('service_role key');
  expect(input).toHaveAttribute('type', 'password');
  await user.type(input, key);
  await user.click(screen.getByRole('button', { name: 'Open the admin view' }));
  return user;
}

describe('the key', () => {
  it('is checked with one admin call, then kept in memory only: not in storage, not in the address', async () => {
    await signIn();
    await screen.findByRole('heading', { name: 'Operator view' });
    expect(client.adminCall).toHaveBeenCalledWith(KEY, 'admin_overview');
    expect(JSON.stringify({ ...localStorage })).not.toContain(KEY);
    expect(JSON.stringify({ ...sessionStorage })).not.toContain(KEY);
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/admin$/);
  });

  it('a key the server does not know is refused with a clear sentence', async () => {
    client.adminCall.mockRejectedValue(new AdminError('key_refused', 401, 'Invalid API key'));
    await signIn('nonsense');
    expect(await screen.findByRole('alert')).toHaveTextContent('The server refused this key');
    expect(screen.queryByRole('heading', { name: 'Operator view' })).not.toBeInTheDocument();
  });

  it('the anon key is told apart: it is a key, but not the service_role key', async () => {
    client.adminCall.mockRejectedValue(new AdminError('not_service_role', 401, 'permission denied'));
    await signIn('anon-key');
    expect(await screen.findByRole('alert')).toHaveTextContent('This key is not the service_role key');
  });

  it('is forgotten on request', async () => {
    const user = await signIn();
    await user.click(await screen.findByRole('button', { name: 'Forget the key' }));
    expect(screen.getByLabelText('service_role key')).toHaveValue('');
  });
});

describe('the figures', () => {
  it('shows players, devices per player, teams, activity, pushes by code, and realtime as not reported', async () => {
    await signIn();
    const players = await screen.findByRole('heading', { name: 'Players', level: 2 });
    const card = players.closest('section') as HTMLElement;
    expect(within(card).getByText('312')).toBeInTheDocument();
    expect(within(card).getByText('284')).toBeInTheDocument();
    expect(screen.getByText('Teams by number of members')).toBeInTheDocument();
    expect(
      await screen.findByRole('img', { name: /Players active per day over the last 2 days, at most 52/ }),
    ).toBeInTheDocument();
    expect(client.adminCall).toHaveBeenCalledWith(KEY, 'admin_daily_activity', { days: 30 });
    const table = screen.getByRole('table', { name: 'Pushes accepted and refused per day' });
    expect(within(table).getByRole('columnheader', { name: 'implausible_counters' })).toBeInTheDocument();
    expect(within(table).getByRole('row', { name: /2026-12-02 120 3/ })).toBeInTheDocument();
    expect(await screen.findByText('Not reported by this backend.')).toBeInTheDocument();
  });

  it('shows realtime connections where the backend reports them, and switches to 90 days', async () => {
    client.fetchRealtimeStats.mockResolvedValue({
      sockets: 7,
      channels: 3,
      users: 6,
      eventsPerSecond: 2,
      joinsPerSecond: 0,
      limits: { maxConcurrentUsers: 500, maxEventsPerSecond: 500 },
      triggered: { events: false, joins: false, presence: false },
    });
    const user = await signIn();
    expect(await screen.findByText('of 500 allowed')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '90 days' }));
    await waitFor(() =>
      expect(client.adminCall).toHaveBeenCalledWith(KEY, 'admin_daily_activity', { days: 90 }),
    );
  });
});

describe('the actions', () => {
  it('hides a player found by handle', async () => {
    const user = await signIn();
    await user.type(await screen.findByLabelText('Handle'), 'calm');
    await user.click(screen.getByRole('button', { name: 'Find player' }));
    const row = await screen.findByRole('listitem', { name: 'Calm Otter' });
    await user.click(within(row).getByRole('button', { name: 'Hide from boards' }));
    expect(client.adminCall).toHaveBeenCalledWith(KEY, 'admin_hide_player', {
      player_id: 'p1',
      hidden: true,
    });
    expect(await screen.findByText('Calm Otter is hidden from public boards.')).toBeInTheDocument();
  });

  it('deletes a player only after a confirmation naming its handle', async () => {
    const user = await signIn();
    await user.type(await screen.findByLabelText('Handle'), 'calm');
    await user.click(screen.getByRole('button', { name: 'Find player' }));
    const row = await screen.findByRole('listitem', { name: 'Calm Otter' });
    await user.click(within(row).getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete Calm Otter?' });
    expect(client.adminCall).not.toHaveBeenCalledWith(KEY, 'admin_delete_player', expect.anything());
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    await user.click(within(row).getByRole('button', { name: 'Delete' }));
    await user.click(screen.getByRole('button', { name: 'Delete Calm Otter' }));
    expect(client.adminCall).toHaveBeenCalledWith(KEY, 'admin_delete_player', { player_id: 'p1' });
    expect(await screen.findByText('Deleted Calm Otter (2 devices).')).toBeInTheDocument();
  });
});
