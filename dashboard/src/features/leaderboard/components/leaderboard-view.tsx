import { useCallback, useMemo } from 'react';
import { Link } from 'react-router';
import { type LeaderboardRow, markMe, type Scope } from '../../../shared/leaderboard-rows.ts';
import { useMyPlayerId } from '../../../shared/my-stats.ts';
import { LeaderboardTable } from '../../../shared/ui/leaderboard-table.tsx';
import { Empty, ErrorMessage, Loading } from '../../../shared/ui/state-message.tsx';
import { useLeaderboard } from '../api/get-leaderboard.ts';
import { useLiveBoard } from '../api/get-live-board.ts';
import { useMyRank } from '../api/get-my-rank.ts';
import type { LiveBoard } from '../api/live-board.ts';

function MyRankNote({ scope }: { scope: Scope }) {
  const myRank = useMyRank(scope);
  if (!myRank.data || myRank.data.rank === null) return null;
  return (
    <p
      className="mt-3 rounded-xl border border-calm/30 bg-calm/5 px-4 py-3 text-sm text-slate-200"
      data-testid="my-rank"
    >
      You are <strong className="text-calm">#{myRank.data.rank}</strong> of{' '}
      {myRank.data.total_players.toLocaleString('en')} with {myRank.data.score.toLocaleString('en')} XP.
    </p>
  );
}

interface BoardState {
  readonly rows: readonly LeaderboardRow[] | undefined;
  readonly isPending: boolean;
  readonly error: Error | null;
  retry(): void;
}

function BoardBody({ scope, teamId, board }: { scope: Scope; teamId: string | null; board: BoardState }) {
  if (board.rows === undefined && board.isPending) return <Loading label="Loading the leaderboard…" />;
  if (board.rows === undefined) return <ErrorMessage error={board.error} retry={board.retry} />;
  if (board.rows.length === 0) {
    return (
      <Empty title={scope === 'weekly' ? 'Nobody has breathed this week yet' : 'No one on the board yet'}>
        Be the first:{' '}
        <Link to="/breathe" className="text-calm underline underline-offset-4">
          take a breath
        </Link>
        .
      </Empty>
    );
  }
  const meListed = board.rows.some((row) => row.is_me);
  return (
    <>
      <LeaderboardTable
        rows={board.rows}
        scope={scope}
        caption={scope === 'weekly' ? 'Weekly leaderboard' : 'All-time leaderboard'}
      />
      {!meListed && !teamId ? <MyRankNote scope={scope} /> : null}
    </>
  );
}

/** A public board: one of the live board's two, my row flagged here (the board is the same for everyone). */
function PublicBoard({ scope }: { scope: Scope }) {
  const select = useCallback((board: LiveBoard) => board[scope], [scope]);
  const board = useLiveBoard(select);
  const myPlayerId = useMyPlayerId();
  const rows = useMemo(
    () => (board.data ? markMe(board.data, myPlayerId) : undefined),
    [board.data, myPlayerId],
  );
  return (
    <BoardBody
      scope={scope}
      teamId={null}
      board={{ rows, isPending: board.isPending, error: board.error, retry: () => void board.refetch() }}
    />
  );
}

/** A team's board (members only), as `get_leaderboard` lists it and the team channel rebuilds it. */
function TeamBoard({ scope, teamId }: { scope: Scope; teamId: string }) {
  const board = useLeaderboard(scope, teamId);
  return (
    <BoardBody
      scope={scope}
      teamId={teamId}
      board={{
        rows: board.data,
        isPending: board.isPending,
        error: board.error,
        retry: () => void board.refetch(),
      }}
    />
  );
}

export function LeaderboardView({ scope, teamId }: { scope: Scope; teamId: string | null }) {
  return teamId ? <TeamBoard scope={scope} teamId={teamId} /> : <PublicBoard scope={scope} />;
}
