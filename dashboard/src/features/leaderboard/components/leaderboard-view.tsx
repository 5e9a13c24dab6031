import { Link } from 'react-router';
import type { Scope } from '../../../shared/leaderboard-rows.ts';
import { LeaderboardTable } from '../../../shared/ui/leaderboard-table.tsx';
import { Empty, ErrorMessage, Loading } from '../../../shared/ui/state-message.tsx';
import { useLeaderboard } from '../api/get-leaderboard.ts';
import { useMyRank } from '../api/get-my-rank.ts';

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

export function LeaderboardView({ scope, teamId }: { scope: Scope; teamId: string | null }) {
  const board = useLeaderboard(scope, teamId);
  if (board.isPending) return <Loading label="Loading the leaderboard…" />;
  if (board.isError) return <ErrorMessage error={board.error} retry={() => void board.refetch()} />;
  if (board.data.length === 0) {
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
  const meListed = board.data.some((row) => row.is_me);
  return (
    <>
      <LeaderboardTable
        rows={board.data}
        scope={scope}
        caption={scope === 'weekly' ? 'Weekly leaderboard' : 'All-time leaderboard'}
      />
      {!meListed && !teamId ? <MyRankNote scope={scope} /> : null}
    </>
  );
}
