import { emptyProgress, localDayOf, type ProgressRecord } from '@breath-master/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { act, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadRecord, updateRecord } from '../shared/local-progress.ts';
import { setSyncConsent } from '../shared/sync-consent.ts';
import { testQueryClient } from '../test-utils.tsx';
import { useSyncRunner } from './use-sync-runner.ts';

// The network is mocked where the app meets it: the shared sync client.
const sync = vi.hoisted(() => {
  const push = vi.fn(async (_days: unknown[], _today: string) => ({ total_xp: 2 }));
  return { push, syncClient: vi.fn(async () => ({ push })) };
});
vi.mock('../shared/server.ts', () => ({ syncClient: sync.syncClient }));

function Runner() {
  useSyncRunner();
  return null;
}

function mount() {
  return render(
    <QueryClientProvider client={testQueryClient()}>
      <Runner />
    </QueryClientProvider>,
  );
}

/** A finished session as the breathing page records it: today's counters grow, the record is dirty. */
function breathe(): void {
  const day = localDayOf(new Date());
  act(() => {
    updateRecord(
      (record): ProgressRecord => ({
        ...record,
        dirty: true,
        deviceDays: { ...record.deviceDays, [day]: { xp: 2, cycles: 1, seconds: 9 } },
      }),
    );
  });
}

async function elapse(ms: number): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.clearAllMocks();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('useSyncRunner', () => {
  it('sends nothing, not even a sign-in, before the visitor chose to sync', async () => {
    expect(loadRecord()).toEqual(emptyProgress());
    mount();
    breathe();
    await elapse(60_000);
    expect(sync.syncClient).not.toHaveBeenCalled();
    expect(loadRecord().dirty).toBe(true);
  });

  it('pushes a few seconds after the visitor chose to sync, and marks the record synced', async () => {
    mount();
    breathe();
    act(() => setSyncConsent(true));
    await elapse(3_100);
    expect(sync.push).toHaveBeenCalledTimes(1);
    expect(sync.push.mock.calls[0]?.[0]).toEqual([
      { day: localDayOf(new Date()), xp: 2, cycles: 1, seconds: 9 },
    ]);
    expect(loadRecord().dirty).toBe(false);
  });

  it('stops pushing when the visitor stops syncing', async () => {
    setSyncConsent(true);
    mount();
    act(() => setSyncConsent(false));
    breathe();
    await elapse(60_000);
    expect(sync.push).not.toHaveBeenCalled();
  });
});
