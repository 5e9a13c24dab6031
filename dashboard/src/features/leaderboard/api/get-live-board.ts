import { SyncError } from '@breath-master/sync/errors';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { callAnonymous } from '../../../shared/server.ts';
import { type LiveBoard, newerBoard, parseLiveBoard } from './live-board.ts';

// Both public boards and the tiles are one cache entry: one request loads them all, and each
// `board` message moves them together, so a seq always describes the whole of what is shown.

export const liveBoardKey = ['live-board'] as const;

/** While there is no live channel the snapshot is polled this often, ± POLL_JITTER_MS so tabs spread out. */
export const POLL_MS = 10_000;
export const POLL_JITTER_MS = 2_000;

export function pollInterval(random: () => number = Math.random): number {
  return POLL_MS + Math.round((random() * 2 - 1) * POLL_JITTER_MS);
}

export async function getLiveBoard(): Promise<LiveBoard> {
  // The same for everyone: no token, so a visitor never waits for the sync client to load.
  const body = await callAnonymous<unknown>('get_live_board');
  const board = parseLiveBoard(body);
  if (!board)
    throw new SyncError('invalid_response', 'retry', 200, 'get_live_board answered an unexpected shape');
  return board;
}

export const liveBoardQueryOptions = queryOptions({
  queryKey: liveBoardKey,
  // Messages applied while the request was on its way may already be past the answer: keep the newer.
  queryFn: async ({ client }) =>
    newerBoard(client.getQueryData<LiveBoard>(liveBoardKey), await getLiveBoard()),
  // Kept current by `board` messages, or by the channel hook's polling while there is no channel.
  staleTime: Number.POSITIVE_INFINITY,
});

/** A part of the live board (one board's rows, the tiles), re-rendering only when that part changes. */
export function useLiveBoard<T>(select: (board: LiveBoard) => T) {
  return useQuery({ ...liveBoardQueryOptions, select });
}
