import { addDays, localDayOf } from '@breath-master/core';
import type { MyProgress, MyStats } from '@breath-master/sync';
import { SyncError } from '@breath-master/sync/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RECORD_KEY } from '../../../shared/local-progress.ts';
import { myStatsKey } from '../../../shared/my-stats.ts';
import { renderWithProviders, testQueryClient } from '../../../test-utils.tsx';
import { myProgressKey } from '../api/get-my-progress.ts';
import { MePage } from './me-page.tsx';

// The network boundary of this feature: the sync client (its RPC wrappers) behind shared/server.ts.
const sync = vi.hoisted(() => ({
  pull: vi.fn(),
  redeemPairingCode: vi.fn(),
  setLeaderboardVisibility: vi.fn(),
  regenerateHandle: vi.fn(),
  exportMyData: vi.fn(),
  deleteMyData: vi.fn(),
}));
const server = vi.hoisted(() => ({
  hasDevice: vi.fn(() => true),
  syncClient: vi.fn(),
  callPublic: vi.fn(),
  callAsDevice: vi.fn(),
}));
vi.mock('../../../shared/server.ts', () => server);

const today = localDayOf(new Date());
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const stats: MyStats = {
  player_id: 'p1',
  handle: 'Calm Otter',
  show_on_leaderboard: true,
  total_xp: 450, // level 3 runs from 300 to 600 XP: half way
  level: 3,
  total_cycles: 1234,
  total_seconds: 5_430,
  active_days: 12,
  current_streak: 4,
  longest_streak: 9,
  last_active_day: today,
  week_start: null,
  weekly_xp: 60,
  device_count: 3,
};

const progress: MyProgress = {
  stats,
  daily: [
    { day: today, xp: 25, cycles: 6, seconds: 300 },
    { day: addDays(today, -1), xp: 5, cycles: 1, seconds: 30 },
    { day: addDays(today, -3), xp: 40, cycles: 10, seconds: 900 },
  ],
  devices: [
    { kind: 'vscode', created_at: '2026-01-02T10:00:00Z', last_sync_at: minutesAgo(5), is_current: false },
    { kind: 'web', created_at: '2026-02-01T10:00:00Z', last_sync_at: null, is_current: true },
    {
      kind: 'jetbrains',
      created_at: '2026-02-03T10:00:00Z',
      last_sync_at: minutesAgo(180),
      is_current: false,
    },
  ],
  achievements: [
    { id: 'first-breath', unlocked_on: '2026-03-14' },
    { id: 'streak-3', unlocked_on: '2026-03-16' },
  ],
};

function seeded(data: MyProgress | null = progress) {
  const queryClient = testQueryClient();
  queryClient.setQueryData(myProgressKey, data);
  return queryClient;
}

function statValue(label: string): string {
  return screen.getByText(label, { selector: 'dt' }).nextElementSibling?.textContent ?? '';
}

function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

// jsdom has <dialog> without showModal/close.
const dialogProto = HTMLDialogElement.prototype as Partial<HTMLDialogElement>;
const originalShowModal = dialogProto.showModal;
const originalClose = dialogProto.close;
beforeAll(() => {
  dialogProto.showModal = function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  dialogProto.close = function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
});
afterAll(() => {
  dialogProto.showModal = originalShowModal;
  dialogProto.close = originalClose;
});

/** Gives the XP chart's container a size, as a browser's layout would. */
class SizedResizeObserver {
  constructor(readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    const contentRect = { width: 480, height: 224 } as DOMRectReadOnly;
    this.callback([{ target, contentRect } as ResizeObserverEntry], this);
  }
  unobserve() {}
  disconnect() {}
}

beforeEach(() => {
  vi.clearAllMocks();
  server.hasDevice.mockReturnValue(true);
  server.syncClient.mockResolvedValue(sync);
  sync.pull.mockImplementation(() => new Promise(() => {}));
  // The XP chart's container measures itself.
  vi.stubGlobal('ResizeObserver', SizedResizeObserver);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('my progress', () => {
  it('shows the level and the progress to the next one', async () => {
    renderWithProviders(<MePage />, { queryClient: seeded() });
    expect(screen.getByTestId('handle')).toHaveTextContent('Calm Otter');
    expect(screen.getByRole('heading', { name: 'Level 3 · Steady Breather' })).toBeInTheDocument();
    const bar = screen.getByRole('progressbar', { name: 'Progress to level 4' });
    expect(bar).toHaveAttribute('aria-valuenow', '50');
    expect(screen.getByTestId('total-xp').parentElement).toHaveTextContent('450 XP · 150 XP to level 4');
    expect(screen.queryByText('Hidden from leaderboards')).not.toBeInTheDocument();
    // The lazily loaded chart and the calendar read the same daily counters.
    expect(
      await screen.findByRole('img', { name: 'XP per day over the last 30 days, 70 XP in all' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'Activity calendar: 2 active days in the last year' }),
    ).toBeInTheDocument();
  });

  it('shows streaks, cycles and minutes', () => {
    renderWithProviders(<MePage />, { queryClient: seeded() });
    expect(statValue('Current streak')).toBe('4 d');
    expect(statValue('Longest streak')).toBe('9 d');
    expect(statValue('Cycles')).toBe('1,234');
    expect(statValue('Minutes')).toBe('91');
  });

  it('lists achievements with the date each was unlocked', () => {
    renderWithProviders(<MePage />, { queryClient: seeded() });
    const section = screen.getByRole('heading', { name: 'Achievements' }).closest('section') as HTMLElement;
    const items = within(section).getAllByRole('listitem');
    expect(items).toHaveLength(13);
    const item = (name: string) => items.find((li) => li.textContent?.startsWith(name)) as HTMLElement;
    expect(item('First Breath')).toHaveTextContent('Unlocked Mar 14, 2026');
    expect(item('Three in a Row')).toHaveTextContent('Unlocked Mar 16, 2026');
    expect(item('A Calm Week')).toHaveTextContent('A 7-day streak');
    expect(item('A Calm Week')).not.toHaveTextContent('Unlocked');
    expect(items.filter((li) => li.textContent?.includes('Unlocked'))).toHaveLength(2);
  });

  it('lists the linked devices and marks this browser', () => {
    renderWithProviders(<MePage />, { queryClient: seeded() });
    const section = screen.getByRole('heading', { name: 'Linked devices' }).closest('section') as HTMLElement;
    const items = within(section).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      'VS Codesynced 5 min ago',
      'Web browserthis browsernever synced',
      'jetbrainssynced 3 h ago',
    ]);
  });

  it('offers pairing when this browser has no progress yet', () => {
    renderWithProviders(<MePage />, { queryClient: seeded(null) });
    expect(screen.getByText('No progress here yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'breathe here' })).toHaveAttribute('href', '/breathe');
    expect(screen.getByRole('link', { name: 'Open it here' })).toHaveAttribute('href', '/import');
    expect(screen.getByRole('textbox', { name: /Pairing code/ })).toBeInTheDocument();
    expect(screen.queryByTestId('handle')).not.toBeInTheDocument();
  });

  it('shows loading, then an error with a retry', async () => {
    const user = userEvent.setup();
    const answer = deferred<MyProgress>();
    sync.pull.mockReturnValueOnce(answer.promise).mockResolvedValueOnce(progress);
    renderWithProviders(<MePage />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading your progress…');
    answer.reject(new SyncError('timeout', 'retry', 0));
    expect(await screen.findByRole('alert')).toHaveTextContent('The server took too long to answer.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('handle')).toHaveTextContent('Calm Otter');
    expect(sync.pull).toHaveBeenCalledWith(365);
  });
});

describe('privacy panel', () => {
  const hideSwitch = () => screen.getByRole('switch', { name: /Hide me from leaderboards/ });

  it('hides me from leaderboards at once and keeps the answer', async () => {
    const user = userEvent.setup();
    const answer = deferred<MyStats>();
    sync.setLeaderboardVisibility.mockReturnValue(answer.promise);
    const queryClient = seeded();
    renderWithProviders(<MePage />, { queryClient });
    expect(hideSwitch()).not.toBeChecked();

    await user.click(hideSwitch());
    expect(sync.setLeaderboardVisibility).toHaveBeenCalledWith(false);
    expect(hideSwitch()).toBeChecked();
    expect(hideSwitch()).toBeDisabled();
    expect(screen.getByText('Hidden from leaderboards')).toBeInTheDocument();

    answer.resolve({ ...stats, show_on_leaderboard: false });
    await waitFor(() => expect(hideSwitch()).toBeEnabled());
    expect(hideSwitch()).toBeChecked();
    expect(queryClient.getQueryData<MyStats>(myStatsKey)?.show_on_leaderboard).toBe(false);
  });

  it('puts the switch back when the server refuses', async () => {
    const user = userEvent.setup();
    sync.setLeaderboardVisibility.mockRejectedValue(new SyncError('not_authenticated', 'final', 401));
    renderWithProviders(<MePage />, { queryClient: seeded() });
    await user.click(hideSwitch());
    expect(await screen.findByRole('alert')).toHaveTextContent('This browser’s session has expired.');
    expect(hideSwitch()).not.toBeChecked();
    expect(screen.queryByText('Hidden from leaderboards')).not.toBeInTheDocument();
  });

  it('asks for a new handle and shows it', async () => {
    const user = userEvent.setup();
    sync.regenerateHandle.mockResolvedValue({ ...stats, handle: 'Brisk Wren' });
    renderWithProviders(<MePage />, { queryClient: seeded() });
    await user.click(screen.getByRole('button', { name: 'New handle' }));
    await waitFor(() => expect(screen.getByTestId('handle')).toHaveTextContent('Brisk Wren'));
    expect(sync.regenerateHandle).toHaveBeenCalledTimes(1);
  });

  it('downloads the export as a JSON file', async () => {
    const user = userEvent.setup();
    const data = { player: { handle: 'Calm Otter' }, daily: [{ day: today, xp: 25 }] };
    sync.exportMyData.mockResolvedValue(data);
    let blob: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:export';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const clicked: { href: string; download: string; attached: boolean }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download, attached: this.isConnected });
    });

    renderWithProviders(<MePage />, { queryClient: seeded() });
    await user.click(screen.getByRole('button', { name: 'Export my data (JSON)' }));

    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(clicked[0]).toEqual({
      href: 'blob:export',
      download: expect.stringMatching(/^breath-master-export-\d{4}-\d{2}-\d{2}\.json$/),
      attached: true,
    });
    expect(blob?.type).toBe('application/json');
    expect(JSON.parse((await blob?.text()) ?? '')).toEqual(data);
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('deletes nothing when the confirmation is cancelled', async () => {
    const user = userEvent.setup();
    renderWithProviders(<MePage />, { queryClient: seeded() });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Delete everything' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete everything?' });
    expect(dialog).toHaveTextContent('This removes Calm Otter');
    const confirm = within(dialog).getByRole('button', { name: 'Delete for good' });
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByRole('textbox', { name: 'Type delete to confirm' }), 'delet');
    expect(confirm).toBeDisabled();

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(sync.deleteMyData).not.toHaveBeenCalled();
    expect(screen.getByTestId('handle')).toHaveTextContent('Calm Otter');
  });

  it('deletes everything once "delete" is typed, then starts over', async () => {
    const user = userEvent.setup();
    localStorage.setItem(RECORD_KEY, JSON.stringify({ version: 1 }));
    sync.deleteMyData.mockImplementation(async () => {
      // The server forgot the player and its anonymous users: this browser is no device any more.
      server.hasDevice.mockReturnValue(false);
    });
    renderWithProviders(<MePage />, { queryClient: seeded() });

    await user.click(screen.getByRole('button', { name: 'Delete everything' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete everything?' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Type delete to confirm' }), ' DELETE ');
    await user.click(within(dialog).getByRole('button', { name: 'Delete for good' }));

    expect(await screen.findByText('No progress here yet')).toBeInTheDocument();
    expect(sync.deleteMyData).toHaveBeenCalledTimes(1);
    expect(localStorage.getItem(RECORD_KEY)).toBeNull();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
