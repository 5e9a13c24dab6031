import { useClientOutdated } from '../shared/client-outdated.ts';

export function ClientOutdatedBanner() {
  const outdated = useClientOutdated((s) => s.outdated);
  if (!outdated) return null;
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center justify-center gap-x-3 gap-y-1 border-b border-amber-300/30 bg-amber-400/15 px-4 py-2 text-center text-sm text-amber-100"
    >
      <span>
        This version of Breath Master is older than the server accepts, so syncing is paused. Your progress is
        kept on this device.
      </span>
      <button
        type="button"
        onClick={() => window.location.reload()}
        className="min-h-9 rounded-lg bg-amber-300/20 px-3 font-medium text-amber-50 hover:bg-amber-300/30"
      >
        Reload to update
      </button>
    </div>
  );
}
