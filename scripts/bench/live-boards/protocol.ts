// Messages between live-boards.ts and its viewer processes (Node IPC, structured clone).
import type { BoardRow, Scope } from './board.ts';
import type { PushSeen, Window } from './measures.ts';

export type ViewerKind =
  /** The new design: private `leaderboard`, `board` messages applied on top of get_live_board(). */
  | 'board'
  /** The old design: public `leaderboard`, one `player_stats` event per changed player. */
  | 'public'
  /** A player's other open device on private `player:<id>`, `my_stats` events, with its own token. */
  | 'me';

export interface ViewerSpec {
  kind: ViewerKind;
  topic: string;
  event: string;
  private: boolean;
  /** The device's access token; viewers use the anon key. */
  token: string | null;
}

export type ToViewers =
  | { type: 'connect'; apiUrl: string; anonKey: string; specs: ViewerSpec[]; concurrency: number }
  | {
      type: 'collect';
      window: Window;
      /** Pushes whose visibility on the boards is measured. */
      pushes: PushSeen[];
      /** Pushes of the players whose other device listens on `player:<id>`. */
      mePushes: PushSeen[];
      /** Board message seq → its commit, as the commit witness saw it. */
      commits: Map<number, number>;
      /** get_leaderboard()'s rows per scope after the last flush (board viewers only). */
      expected: Record<Scope, BoardRow[]> | null;
    }
  | { type: 'stop' };

export interface ViewerResult {
  type: 'result';
  /** Messages per second inside the window, one per board or public viewer. */
  rates: number[];
  /** The shortest time between two messages to one viewer inside the window. */
  shortestGapMs: number;
  /** Push answered → the viewer's board showed it, per (push on the board, viewer). */
  visibleAfterMs: Float64Array;
  pushesShown: number;
  /** A board message's `at` (its flush started) → received, per (message, viewer) inside the window. */
  fromFlushMs: Float64Array;
  /** A board message's commit (witness) → received, per (message, viewer) inside the window. */
  fromCommitMs: Float64Array;
  /** seq → the message's `at` (the flush's start), for every board message received. */
  flushStarts: [number, number][];
  notCaughtUp: number;
  /** Push answered → `my_stats` with at least its XP on the player's other device. */
  meAfterMs: Float64Array;
  meMissing: number;
  /** Board viewers holding a board, and how many of them equal get_leaderboard(). */
  boardsCompared: number;
  boardsEqual: number;
  differences: string[];
  /** Refetches of get_live_board() after a gap, over all viewers. */
  refetches: number;
  /** breathing_now as each board viewer last saw it → how many viewers saw that value. */
  breathingNow: [number, number][];
  /** The newest seq any viewer of this process applied. */
  lastSeq: number;
  /** Loads of get_live_board() that failed (and were retried), with the first messages. */
  loadFailures: number;
  loadFailureSamples: string[];
}

export type FromViewers =
  | { type: 'progress'; joined: number }
  | { type: 'connected'; joined: number; failures: string[] }
  | ViewerResult
  | { type: 'failed'; error: string };
