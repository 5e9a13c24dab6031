import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BREATHING_HEARTBEAT_MS, breathingEnded, breathingStarted } from './breathing-now.ts';
import { setSyncConsent } from './sync-consent.ts';

// The network boundary: the sync client's setBreathing (an RPC over supabase-js).
const sync = vi.hoisted(() => ({ setBreathing: vi.fn(async (_active: boolean) => true) }));
const server = vi.hoisted(() => ({
  hasDevice: vi.fn(() => true),
  syncClient: vi.fn(async () => sync),
}));
vi.mock('./server.ts', () => server);

let visibility: DocumentVisibilityState = 'visible';

function setVisibility(state: DocumentVisibilityState) {
  visibility = state;
  document.dispatchEvent(new Event('visibilitychange'));
}

/** The `active` flags sent so far, once the chunk promise and the call have settled. */
async function sent(): Promise<boolean[]> {
  await vi.advanceTimersByTimeAsync(0);
  return sync.setBreathing.mock.calls.map(([active]) => active);
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.clearAllMocks();
  server.hasDevice.mockReturnValue(true);
  setSyncConsent(true);
  visibility = 'visible';
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
});

afterEach(() => {
  breathingEnded();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('breathing now announcements', () => {
  it('announces at the start, every minute while running, and stops at the end', async () => {
    breathingStarted();
    expect(await sent()).toEqual([true]);
    await vi.advanceTimersByTimeAsync(BREATHING_HEARTBEAT_MS * 2);
    expect(await sent()).toEqual([true, true, true]);
    breathingEnded();
    expect(await sent()).toEqual([true, true, true, false]);
    await vi.advanceTimersByTimeAsync(BREATHING_HEARTBEAT_MS * 3);
    expect(await sent()).toEqual([true, true, true, false]);
  });

  it('stops while the page is hidden and resumes when it is shown again', async () => {
    breathingStarted();
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(BREATHING_HEARTBEAT_MS * 2);
    expect(await sent()).toEqual([true, false]);
    setVisibility('visible');
    expect(await sent()).toEqual([true, false, true]);
    breathingEnded();
    // Hidden after the end: nothing more to say.
    setVisibility('hidden');
    expect(await sent()).toEqual([true, false, true, false]);
  });

  it('says it stopped when the page goes away mid-session', async () => {
    breathingStarted();
    window.dispatchEvent(new Event('pagehide'));
    expect(await sent()).toEqual([true, false]);
  });

  it('never loads the sync client in a browser that is no device', async () => {
    server.hasDevice.mockReturnValue(false);
    breathingStarted();
    await vi.advanceTimersByTimeAsync(BREATHING_HEARTBEAT_MS);
    breathingEnded();
    expect(await sent()).toEqual([]);
    expect(server.syncClient).not.toHaveBeenCalled();
  });

  it('sends nothing from a device whose visitor stopped syncing', async () => {
    setSyncConsent(false);
    breathingStarted();
    await vi.advanceTimersByTimeAsync(BREATHING_HEARTBEAT_MS);
    breathingEnded();
    expect(await sent()).toEqual([]);
  });

  it('logs a failed announcement instead of ignoring it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    sync.setBreathing.mockRejectedValueOnce(new Error('offline'));
    breathingStarted();
    await sent();
    expect(warn).toHaveBeenCalledWith('breathing now: the announcement failed', expect.any(Error));
  });
});
