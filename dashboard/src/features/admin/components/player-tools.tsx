import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Button } from '../../../shared/ui/button.tsx';
import { findPlayerQueryOptions, useDeletePlayer, useHidePlayer } from '../api/admin-queries.ts';
import type { AdminPlayer } from '../api/admin-types.ts';
import { adminErrorText } from './admin-error-text.ts';

/** Find a player by handle, hide it from public boards, or delete it after a confirmation naming it. */
export function PlayerTools({ adminKey }: { adminKey: string }) {
  const id = useId();
  const [input, setInput] = useState('');
  const [handle, setHandle] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const found = useQuery(findPlayerQueryOptions(adminKey, handle));

  function search(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    setHandle(input.trim());
  }

  return (
    <div className="flex flex-col gap-4">
      <form className="flex flex-wrap items-end gap-3" onSubmit={search}>
        <div className="flex min-w-48 flex-1 flex-col gap-1">
          <label htmlFor={id} className="text-sm text-slate-300">
            Handle
          </label>
          <input
            id={id}
            value={input}
            onChange={(e) => setInput(e.target.value)}
            autoComplete="off"
            className="min-h-11 rounded-xl border border-line bg-panel-2 px-3 text-sm text-slate-100"
          />
        </div>
        <Button type="submit" variant="secondary" disabled={input.trim() === ''}>
          Find player
        </Button>
      </form>
      {notice ? (
        <p role="status" className="text-sm text-calm">
          {notice}
        </p>
      ) : null}
      {found.error ? (
        <p role="alert" className="text-sm text-rose-200">
          {adminErrorText(found.error)}
        </p>
      ) : null}
      {found.data?.length === 0 ? (
        <p className="text-sm text-slate-400">No player has a handle starting with “{handle}”.</p>
      ) : null}
      {found.data && found.data.length > 0 ? (
        <ul className="flex flex-col gap-2" aria-label="Players found">
          {found.data.map((p) => (
            <PlayerRow key={p.player_id} player={p} adminKey={adminKey} onDone={setNotice} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function status(p: AdminPlayer): string {
  if (p.hidden_by_operator) return 'hidden by an operator';
  return p.show_on_leaderboard ? 'on public boards' : 'hidden by the player';
}

function PlayerRow({
  player,
  adminKey,
  onDone,
}: {
  player: AdminPlayer;
  adminKey: string;
  onDone: (notice: string) => void;
}) {
  const hide = useHidePlayer(adminKey);
  const remove = useDeletePlayer(adminKey);
  const [confirming, setConfirming] = useState(false);
  const error = hide.error ?? remove.error;

  return (
    <li className="rounded-xl bg-panel-2/70 px-4 py-3" aria-label={player.handle}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <p className="font-medium text-slate-100">{player.handle}</p>
          <p className="text-xs text-slate-400">
            level {player.level} · {player.total_xp} XP · {player.device_count}{' '}
            {player.device_count === 1 ? 'device' : 'devices'} · since {player.created_on} · {status(player)}
          </p>
        </div>
        <div className="flex gap-2">
          <Button
            variant="secondary"
            disabled={hide.isPending}
            onClick={() =>
              // mutateAsync, not mutate's own callbacks: those are dropped when the refreshed list unmounts
              // this row first, and the notice belongs to the list, which stays. A failure shows below.
              hide.mutateAsync({ playerId: player.player_id, hidden: !player.hidden_by_operator }).then(
                (p) =>
                  onDone(
                    p.hidden_by_operator
                      ? `${p.handle} is hidden from public boards.`
                      : `${p.handle} may show again.`,
                  ),
                () => {},
              )
            }
          >
            {player.hidden_by_operator ? 'Unhide' : 'Hide from boards'}
          </Button>
          <Button variant="danger" onClick={() => setConfirming(true)} disabled={confirming}>
            Delete
          </Button>
        </div>
      </div>
      {confirming ? (
        <div
          role="alertdialog"
          aria-label={`Delete ${player.handle}?`}
          className="mt-3 rounded-xl border border-rose-400/40 p-3"
        >
          <p className="text-sm text-rose-100">
            Delete <strong>{player.handle}</strong>? Its progress, devices, sign-ins and team memberships are
            erased. This cannot be undone.
          </p>
          <div className="mt-3 flex gap-2">
            <Button
              variant="danger"
              disabled={remove.isPending}
              onClick={() =>
                remove.mutateAsync(player.player_id).then(
                  (gone) =>
                    onDone(
                      `Deleted ${gone.handle} (${gone.devices_removed} ${gone.devices_removed === 1 ? 'device' : 'devices'}).`,
                    ),
                  () => {},
                )
              }
            >
              Delete {player.handle}
            </Button>
            <Button variant="ghost" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="mt-2 text-sm text-rose-200">
          {adminErrorText(error)}
        </p>
      ) : null}
    </li>
  );
}
