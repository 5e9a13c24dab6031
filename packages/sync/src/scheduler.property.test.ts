import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.ts';
import { SyncScheduler } from './scheduler.ts';

type Op =
  | { kind: 'change' }
  | { kind: 'session' }
  | { kind: 'online' }
  | { kind: 'tick'; ms: number }
  | { kind: 'network'; up: boolean };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ kind: 'change' } as const),
  fc.constant({ kind: 'session' } as const),
  fc.constant({ kind: 'online' } as const),
  fc.integer({ min: 0, max: 400_000 }).map((ms) => ({ kind: 'tick', ms }) as const),
  fc.boolean().map((up) => ({ kind: 'network', up }) as const),
);

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('SyncScheduler under any interleaving', () => {
  it('never pushes twice at once, never reports offline as an error, and ends with the latest state sent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { maxLength: 40 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        async (ops, r) => {
          const clock = new FakeClock();
          let local = 0; // what the device has (a grow-only version of its counters)
          let server = 0; // the highest version the server has seen
          let up = true;
          let active = 0;
          let overlap = false;
          const finals: string[] = [];
          const s = new SyncScheduler({
            clock,
            random: () => r,
            backoff: { baseMs: 1_000, capMs: 60_000 },
            dirtyDelayMs: 5_000,
            onFinalError: (e) => finals.push(e.code),
            push: async () => {
              const snapshot = local;
              active++;
              if (active > 1) overlap = true;
              // A push spans several of the steps below, so changes land while it is in flight.
              for (let i = 0; i < 3; i++) await flush();
              active--;
              if (!up) throw new TypeError('fetch failed');
              server = Math.max(server, snapshot);
            },
          });
          for (const o of ops) {
            if (o.kind === 'change') {
              local++;
              s.markDirty();
            } else if (o.kind === 'session') {
              local++;
              s.markDirty();
              void s.pushNow();
            } else if (o.kind === 'online') s.networkOnline();
            else if (o.kind === 'network') up = o.up;
            else clock.advance(o.ms);
            await flush();
          }
          // The network comes back for good; the host says so, and time passes.
          up = true;
          s.networkOnline();
          for (let i = 0; i < 20 && (s.status().dirty || clock.pendingTimers() > 0); i++) {
            await s.settled();
            clock.advance(60_000);
            await flush();
          }
          await s.settled();
          expect(overlap).toBe(false);
          expect(finals).toEqual([]);
          expect(server).toBe(local);
          expect(s.status().dirty).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });
});
