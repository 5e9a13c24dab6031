import { emptyProgress, localDayOf } from '@breath-master/core';
import { SyncError } from '@breath-master/sync/errors';
import { QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useConnection } from '../shared/connection-store.ts';
import { loadRecord, RECORD_KEY } from '../shared/local-progress.ts';
import { myStatsKey } from '../shared/my-stats.ts';
import { createQueryClient } from '../shared/query-client.ts';
import { setSyncConsent } from '../shared/sync-consent.ts';
import { ConnectionBanner } from './connection-banner.tsx';
import { Layout } from './layout.tsx';

// The sync runner pushes through the sync client; nothing here may reach a server.
const sync = vi.hoisted(() => ({ push: vi.fn() }));
const server = vi.hoisted(() => ({
  syncClient: vi.fn(),
  hasDevice: vi.fn(() => false),
  callPublic: vi.fn(),
  callAsDevice: vi.fn(),
}));
vi.mock('../shared/server.ts', () => server);

const UNREACHABLE = 'The server can’t be reached.';
const banner = () => screen.queryByRole('status');

beforeEach(() => {
  vi.clearAllMocks();
  server.syncClient.mockResolvedValue(sync);
  useConnection.setState({ serverReachable: true, browserOnline: true });
});

describe('connection banner', () => {
  it('stays away while the server answers and the browser is online', () => {
    render(<ConnectionBanner />);
    expect(banner()).not.toBeInTheDocument();
  });

  it('says the server cannot be reached, and that breathing still works', () => {
    useConnection.setState({ serverReachable: false });
    render(<ConnectionBanner />);
    expect(banner()).toHaveTextContent(UNREACHABLE);
    expect(banner()).toHaveTextContent('Breathing still works here');
    // Without a server, an export file still shows one's progress.
    expect(within(screen.getByRole('status')).getByRole('link', { name: 'an export file' })).toHaveAttribute(
      'href',
      '/import',
    );
  });

  it('says the browser is offline when it is', () => {
    useConnection.setState({ browserOnline: false });
    render(<ConnectionBanner />);
    expect(banner()).toHaveTextContent('You are offline.');
    expect(banner()).not.toHaveTextContent(UNREACHABLE);
  });

  it('follows what queries learn about the server', async () => {
    const queryClient = createQueryClient();
    render(<ConnectionBanner />);
    const run = (queryFn: () => Promise<unknown>) =>
      act(() =>
        queryClient.fetchQuery({ queryKey: ['probe', Math.random()], queryFn, retry: false }).catch(() => {}),
      );

    await run(() => Promise.reject(new SyncError('network_error', 'retry', 0)));
    expect(banner()).toHaveTextContent(UNREACHABLE);

    await run(() => Promise.resolve('ok'));
    expect(banner()).not.toBeInTheDocument();

    // A refusal is an answer: the server is there.
    await run(() => Promise.reject(new SyncError('team_not_found', 'final', 404)));
    expect(banner()).not.toBeInTheDocument();
  });

  it('follows failed mutations too', async () => {
    const queryClient = createQueryClient();
    render(<ConnectionBanner />);
    await act(() =>
      queryClient
        .getMutationCache()
        .build(queryClient, {
          mutationFn: () => Promise.reject(new SyncError('timeout', 'retry', 0)),
        })
        .execute(undefined)
        .catch(() => {}),
    );
    expect(banner()).toHaveTextContent(UNREACHABLE);
  });
});

describe('layout with the sync runner', () => {
  const today = localDayOf(new Date());

  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const record = {
      ...emptyProgress(),
      deviceDays: { [today]: { xp: 12, cycles: 3, seconds: 48 } },
      dirty: true,
    };
    localStorage.setItem(RECORD_KEY, JSON.stringify(record));
    // A visitor who chose to sync: without that choice the runner sends nothing (use-sync-runner.test.tsx).
    setSyncConsent(true);
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  function renderLayout() {
    const queryClient = createQueryClient();
    render(
      <QueryClientProvider client={queryClient}>
        <MemoryRouter>
          <Routes>
            <Route path="/" element={<Layout />}>
              <Route index element={<p>page</p>} />
            </Route>
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>,
    );
    return queryClient;
  }

  it('shows the banner while pushes cannot reach the server, and clears it once one lands', async () => {
    sync.push
      .mockRejectedValueOnce(new SyncError('network_error', 'retry', 0))
      .mockResolvedValueOnce({ player_id: 'p1', handle: 'Calm Otter' });
    const queryClient = renderLayout();
    expect(banner()).not.toBeInTheDocument();

    await act(() => vi.advanceTimersByTimeAsync(3_000));
    expect(sync.push).toHaveBeenCalledTimes(1);
    expect(sync.push).toHaveBeenCalledWith([{ day: today, xp: 12, cycles: 3, seconds: 48 }], today);
    expect(banner()).toHaveTextContent(UNREACHABLE);
    expect(loadRecord().dirty).toBe(true);

    // The retry after the backoff gets through.
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(sync.push).toHaveBeenCalledTimes(2);
    expect(banner()).not.toBeInTheDocument();
    expect(loadRecord().dirty).toBe(false);
    expect(queryClient.getQueryData(myStatsKey)).toMatchObject({ handle: 'Calm Otter' });
  });

  it('says the browser is offline, and pushes at once when it is back', async () => {
    sync.push.mockResolvedValue({ player_id: 'p1', handle: 'Calm Otter' });
    renderLayout();
    act(() => {
      window.dispatchEvent(new Event('offline'));
    });
    expect(banner()).toHaveTextContent('You are offline.');

    await act(async () => {
      window.dispatchEvent(new Event('online'));
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(banner()).not.toBeInTheDocument();
    expect(sync.push).toHaveBeenCalledTimes(1);
  });
});
