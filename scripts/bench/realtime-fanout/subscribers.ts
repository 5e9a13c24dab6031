import type { Api } from './devices.ts';
import type { Population } from './population.ts';
import type { SubscriberChild } from './processes.ts';
import type { SubscriberSpec } from './protocol.ts';

/** A subscriber process as connectSubscribers drives it, whatever its specs (other benchmarks reuse it). */
export interface JoiningChild<S> {
  onMessage(message: { type: string; joined?: number }): void;
  request(
    message: { type: 'connect'; apiUrl: string; anonKey: string; specs: S[]; concurrency: number },
    type: 'connected',
    timeoutMs: number,
  ): Promise<{ joined: number; failures: string[] }>;
}

// The subscribers as the benchmark drives them: who listens to what, spread over the subscriber
// processes, and waiting until every expected event has arrived.

const JOINS_IN_FLIGHT_PER_PROCESS = 20;
const JOIN_TIMEOUT_MS = 300_000;
const PROGRESS_EVERY_MS = 2000;

/** Visitors on the public leaderboard, and each team device on its private team topic. */
export function subscriberSpecs(population: Population, visitors: number): SubscriberSpec[] {
  const board: SubscriberSpec[] = Array.from({ length: visitors }, () => ({
    kind: 'leaderboard',
    topic: 'leaderboard',
    private: false,
    event: 'player_stats',
    token: null,
  }));
  const team: SubscriberSpec[] = population.teamDevices.map((device) => ({
    kind: 'team',
    topic: `team:${population.teamId}`,
    private: true,
    event: 'member_stats',
    token: device.token,
  }));
  return [...board, ...team];
}

/** Deals the subscribers round-robin over the processes, so each has both kinds, and joins them all. */
export async function connectSubscribers<S>(
  api: Api,
  specs: S[],
  children: JoiningChild<S>[],
  progress: (line: string) => void,
) {
  const joinedBy = children.map(() => 0);
  let lastLine = 0;
  const replies = await Promise.all(
    children.map((child, i) => {
      child.onMessage = (message) => {
        if (message.type !== 'progress') return;
        joinedBy[i] = message.joined ?? 0;
        if (Date.now() - lastLine < PROGRESS_EVERY_MS) return;
        lastLine = Date.now();
        progress(`  ${joinedBy.reduce((a, b) => a + b, 0)}/${specs.length} joined`);
      };
      const share = specs.filter((_, j) => j % children.length === i);
      return child.request(
        {
          type: 'connect',
          apiUrl: api.url,
          anonKey: api.anonKey,
          specs: share,
          concurrency: JOINS_IN_FLIGHT_PER_PROCESS,
        },
        'connected',
        JOIN_TIMEOUT_MS,
      );
    }),
  );
  const joined = replies.reduce((n, r) => n + r.joined, 0);
  return { joined, failed: specs.length - joined, failures: replies.flatMap((r) => r.failures) };
}

/** Waits until the subscribers hold `expected` receipts or `timeoutMs` has passed; returns the count. */
export async function drain(
  children: SubscriberChild[],
  expected: number,
  timeoutMs: number,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let received = 0;
  do {
    const counts = await Promise.all(children.map((c) => c.request({ type: 'count' }, 'count', 10_000)));
    received = counts.reduce((n, c) => n + c.received, 0);
    if (received >= expected) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  } while (Date.now() < deadline);
  return received;
}
