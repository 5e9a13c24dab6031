import { useConnection } from '../shared/connection-store.ts';

export function ConnectionBanner() {
  const { serverReachable, browserOnline } = useConnection();
  if (serverReachable && browserOnline) return null;
  return (
    <div
      role="status"
      className="border-b border-amber-300/30 bg-amber-400/10 px-4 py-2 text-center text-sm text-amber-100"
    >
      {browserOnline ? 'The server can’t be reached.' : 'You are offline.'} Breathing still works here; your
      progress is kept on this device and syncs when the connection is back. Live boards need the server;{' '}
      <a href="/import" className="underline underline-offset-4">
        an export file
      </a>{' '}
      opens without one.
    </div>
  );
}
