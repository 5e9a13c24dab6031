import type { Settings } from './settings.ts';
import type { SyncService } from './sync/sync-service.ts';

/**
 * Brings the status item and sync in line with the settings. `changed` is false at activation
 * (no request may be made then) and true when the person changed something.
 */
export function applySettings(
  settings: Settings,
  changed: boolean,
  item: { show(): void; hide(): void },
  sync: SyncService,
): void {
  if (settings.showStatusBar) item.show();
  else item.hide();
  const server = { serverUrl: settings.serverUrl, anonKey: settings.anonKey };
  if (settings.syncEnabled) sync.enable(server, { pushNow: changed });
  else sync.disable();
}
