import type { MyStats } from '@breath-master/sync';
import { useRef, useState } from 'react';
import { Button } from '../../../shared/ui/button.tsx';
import { ErrorMessage } from '../../../shared/ui/state-message.tsx';
import { useDeleteMyData } from '../api/delete-my-data.ts';
import { useExportMyData } from '../api/export-my-data.ts';
import { useRegenerateHandle } from '../api/regenerate-handle.ts';
import { useSetLeaderboardVisibility } from '../api/set-leaderboard-visibility.ts';

export function PrivacyPanel({ stats }: { stats: MyStats }) {
  const visibility = useSetLeaderboardVisibility();
  const handle = useRegenerateHandle();
  const exporter = useExportMyData();
  const remover = useDeleteMyData();
  const dialog = useRef<HTMLDialogElement>(null);
  const [confirmText, setConfirmText] = useState('');
  const error = visibility.error ?? handle.error ?? exporter.error ?? remover.error;

  return (
    <div className="space-y-5">
      <label className="flex min-h-11 items-center justify-between gap-4">
        <span>
          <span className="block text-sm font-medium text-slate-100">Hide me from leaderboards</span>
          <span className="block text-xs text-slate-400">Teams you join still see your progress.</span>
        </span>
        <input
          type="checkbox"
          role="switch"
          aria-checked={!stats.show_on_leaderboard}
          checked={!stats.show_on_leaderboard}
          disabled={visibility.isPending}
          onChange={(e) => visibility.mutate(!e.target.checked)}
          className="size-5 accent-teal-300"
        />
      </label>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => handle.mutate()} disabled={handle.isPending}>
          New handle
        </Button>
        <Button variant="secondary" onClick={() => exporter.mutate()} disabled={exporter.isPending}>
          {exporter.isPending ? 'Preparing…' : 'Export my data (JSON)'}
        </Button>
        <Button variant="danger" onClick={() => dialog.current?.showModal()}>
          Delete everything
        </Button>
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      <dialog
        ref={dialog}
        aria-labelledby="delete-title"
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-2xl border border-line bg-panel p-6 text-slate-100 backdrop:bg-black/70"
      >
        <h2 id="delete-title" className="text-lg font-semibold">
          Delete everything?
        </h2>
        <p className="mt-2 text-sm text-slate-300">
          This removes {stats.handle}, all daily counters, devices and team memberships from the server, and
          this browser’s own record. It cannot be undone. Type <strong>delete</strong> to confirm.
        </p>
        <input
          aria-label="Type delete to confirm"
          value={confirmText}
          onChange={(e) => setConfirmText(e.target.value)}
          className="mt-4 min-h-11 w-full rounded-lg border border-line bg-panel-2 px-3"
        />
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="ghost" onClick={() => dialog.current?.close()}>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={confirmText.trim().toLowerCase() !== 'delete' || remover.isPending}
            onClick={() => remover.mutate(undefined, { onSettled: () => dialog.current?.close() })}
          >
            {remover.isPending ? 'Deleting…' : 'Delete for good'}
          </Button>
        </div>
      </dialog>
    </div>
  );
}
