import type { DeviceInfo } from '@breath-master/sync';

const kindNames: Record<string, string> = { vscode: 'VS Code', web: 'Web browser' };

function ago(iso: string | null): string {
  if (!iso) return 'never synced';
  const minutes = Math.round((Date.now() - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return 'synced just now';
  if (minutes < 60) return `synced ${minutes} min ago`;
  if (minutes < 48 * 60) return `synced ${Math.round(minutes / 60)} h ago`;
  return `synced ${new Date(iso).toLocaleDateString('en', { dateStyle: 'medium' })}`;
}

export function DevicesList({ devices }: { devices: readonly DeviceInfo[] }) {
  return (
    <ul className="divide-y divide-line/60">
      {devices.map((device) => (
        <li
          key={`${device.kind}-${device.created_at}`}
          className="flex items-center justify-between gap-3 py-2 text-sm"
        >
          <span className="text-slate-100">
            {kindNames[device.kind] ?? device.kind}
            {device.is_current ? (
              <span className="ml-2 rounded-full bg-dusk/15 px-2 py-0.5 text-xs text-dusk">this browser</span>
            ) : null}
          </span>
          <span className="text-slate-400">{ago(device.last_sync_at)}</span>
        </li>
      ))}
    </ul>
  );
}
