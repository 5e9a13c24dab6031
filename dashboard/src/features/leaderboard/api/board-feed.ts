import type { QueryClient } from '@tanstack/react-query';
import { liveBoardKey } from './get-live-board.ts';
import {
  applyBoardMessage,
  catchUp,
  type LiveBoard,
  type LiveBoardMessage,
  nextStep,
  parseLiveBoardMessage,
} from './live-board.ts';

// Feeds `board` messages into the cached live board in seq order. A message that is the next one is
// applied; an older one is dropped; a gap (or no board yet) fetches the snapshot again, holding back
// what arrives meanwhile and applying it on top of the answer. The snapshot is fetched through the
// query, so a failure reaches the connection banner like any other.

/** Messages kept while a snapshot is on its way: at one per second, more would mean a stuck request. */
const MAX_HELD = 120;

export interface BoardFeed {
  receive(payload: unknown): void;
  /** Loads the snapshot now (after joining) and applies what arrived meanwhile. */
  resync(): Promise<void>;
  stop(): void;
}

export function boardFeed(queryClient: QueryClient): BoardFeed {
  let held: LiveBoardMessage[] = [];
  let syncing = false;
  let stopped = false;

  const board = () => queryClient.getQueryData<LiveBoard>(liveBoardKey);
  const hold = (message: LiveBoardMessage) => {
    held.push(message);
    if (held.length > MAX_HELD) held.shift();
  };

  async function resync(): Promise<void> {
    if (syncing || stopped) return;
    syncing = true;
    const before = queryClient.getQueryState(liveBoardKey)?.dataUpdatedAt ?? 0;
    try {
      // A new request even when one is in flight: it must start after the message that revealed the gap.
      await queryClient.refetchQueries({ queryKey: liveBoardKey, exact: true });
    } finally {
      syncing = false;
    }
    const fetched = board();
    const landed = (queryClient.getQueryState(liveBoardKey)?.dataUpdatedAt ?? 0) > before;
    const waiting = held;
    held = [];
    // No answer: polling (or the next message) tries again; spinning here would only hammer the server.
    if (stopped || !fetched || !landed) return;
    const { board: next, gap } = catchUp(fetched, waiting);
    if (next !== fetched) queryClient.setQueryData(liveBoardKey, next);
    if (gap) await resync();
  }

  function receive(payload: unknown): void {
    if (stopped) return;
    const message = parseLiveBoardMessage(payload);
    if (!message) {
      console.warn('live boards: ignored a malformed board message', payload);
      return;
    }
    const current = board();
    if (syncing || !current) {
      hold(message);
      void resync();
      return;
    }
    const step = nextStep(current, message.seq);
    if (step === 'apply') queryClient.setQueryData(liveBoardKey, applyBoardMessage(current, message));
    else if (step === 'gap') {
      hold(message);
      void resync();
    }
  }

  return {
    receive,
    resync,
    stop: () => {
      stopped = true;
      held = [];
    },
  };
}
