import { hasDevice, syncClient } from './server.ts';
import { syncAllowed } from './sync-consent.ts';

// "Breathing now" is counted by the server (`set_breathing`, one row per device that expires after
// 90 s), never from presence: a tab cannot inflate it. A running web session announces itself at the
// start and every 60 s, and stops at the end or when the page is hidden (the expiry covers a tab that
// is closed before its last call lands). Only a browser that is already a device and still syncs
// announces: a visitor who just breathes is not signed in for this, and one who stopped syncing sends nothing.

export const BREATHING_HEARTBEAT_MS = 60_000;

let running = false;
let heartbeat: ReturnType<typeof setInterval> | undefined;

function announce(active: boolean): void {
  if (!hasDevice() || !syncAllowed()) return;
  syncClient()
    .then((client) => client.setBreathing(active))
    .catch((error: unknown) => console.warn('breathing now: the announcement failed', error));
}

function beat(): void {
  clearInterval(heartbeat);
  announce(true);
  heartbeat = setInterval(() => announce(true), BREATHING_HEARTBEAT_MS);
}

function pause(): void {
  clearInterval(heartbeat);
  heartbeat = undefined;
  announce(false);
}

function onVisibility(): void {
  if (!running) return;
  if (document.visibilityState === 'hidden') pause();
  else beat();
}

/** A session started: count this device until breathingEnded() (or the page is hidden). */
export function breathingStarted(): void {
  if (running) return;
  running = true;
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', pause);
  if (document.visibilityState !== 'hidden') beat();
}

/** The session ended (finished, stopped or the page left): stop counting this device at once. */
export function breathingEnded(): void {
  if (!running) return;
  running = false;
  document.removeEventListener('visibilitychange', onVisibility);
  window.removeEventListener('pagehide', pause);
  pause();
}
