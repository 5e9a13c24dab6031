// Simulated devices: an anonymous session and 30 days of counters that pass sync_progress's
// plausibility checks (seconds <= 86400, cycles * 4 <= seconds + 60, xp <= ceil(seconds / 3) + 10) and
// grow between pushes, as after a breathing session, so every push changes rows and stats.

import { seededRandom } from '@breath-master/core/random';

export const PUSH_DAYS = 30;
const MAX_SECONDS = 86_400;
// One minute of breathing: box breathing is 16 s a cycle, and XP accrues well below 1 per 3 s.
const SESSION = { seconds: 60, cycles: 4, xp: 10 };

interface Counters {
  xp: number;
  cycles: number;
  seconds: number;
}

export interface Device {
  accessToken: string;
  /** The token's payload, which the gateway publishes as request.jwt.claims. */
  claimsJson: string;
  /** Oldest first: index PUSH_DAYS - 1 is today. */
  counters: Counters[];
}

export function createDevice(index: number, accessToken: string): Device {
  const next = seededRandom(index + 1);
  const counters: Counters[] = [];
  for (let i = 0; i < PUSH_DAYS; i++) {
    const seconds = next() < 0.3 ? 0 : 60 + Math.floor(next() * 1740);
    counters.push({ seconds, cycles: Math.floor(seconds / 16), xp: Math.floor(seconds / 6) });
  }
  const payload = accessToken.split('.')[1] ?? '';
  const claimsJson = JSON.stringify(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  return { accessToken, claimsJson, counters };
}

/** Adds one session to the latest day that still has room (today, unless the run filled it). */
export function addSession(device: Device): void {
  for (let i = PUSH_DAYS - 1; i >= 0; i--) {
    const day = device.counters[i];
    if (day && day.seconds + SESSION.seconds <= MAX_SECONDS) {
      day.seconds += SESSION.seconds;
      day.cycles += SESSION.cycles;
      day.xp += SESSION.xp;
      return;
    }
  }
}

/** The `days` argument of sync_progress for the window ending on `today`. */
export function pushDays(
  device: Device,
  dayNames: readonly string[],
): { day: string; xp: number; cycles: number; seconds: number }[] {
  return device.counters.map((c, i) => ({
    day: dayNames[i] ?? '',
    xp: c.xp,
    cycles: c.cycles,
    seconds: c.seconds,
  }));
}

/** YYYY-MM-DD of the PUSH_DAYS days ending on `today`, oldest first. */
export function windowDays(today: string): string[] {
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: PUSH_DAYS }, (_, i) =>
    new Date(end - (PUSH_DAYS - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}
