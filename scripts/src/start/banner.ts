import type { LocalSettings } from '@breath-master/devstack';

// The lines `npm start` prints once everything is up: where each part is, the keys to use, and the
// Realtime quotas the local stack enforces (so a refused join or a closed channel is no surprise).

export interface BannerInput {
  apiUrl: string;
  dbUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  dashboardUrl: string | null;
  dashboardNote: string | null;
  demoPlayers: number;
  /** What the stack runs with: the Realtime plan and quotas, and the files they came from. */
  settings: Pick<LocalSettings, 'realtime' | 'files'>;
}

/** The quotas in Supabase's words, on two lines. */
export function realtimeLimitsLines(realtime: LocalSettings['realtime']): [string, string] {
  const l = realtime.limits;
  return [
    `${realtime.plan} plan: ${l.maxConcurrentUsers} concurrent connections, ${l.maxEventsPerSecond} messages/s, ${l.maxJoinsPerSecond} joins/s`,
    `${l.maxChannelsPerClient} channels per connection, ${l.maxPresenceEventsPerSecond} presence messages/s`,
  ];
}

export function banner(input: BannerInput): string {
  const limits = realtimeLimitsLines(input.settings.realtime);
  const rows: [string, string][] = [
    ['API URL', input.apiUrl],
    ['REST', `${input.apiUrl}/rest/v1`],
    ['Auth', `${input.apiUrl}/auth/v1`],
    ['Realtime', `${input.apiUrl.replace(/^http/, 'ws')}/realtime/v1/websocket`],
    ['DB URL', input.dbUrl],
    ['Dashboard', input.dashboardUrl ?? `not served: ${input.dashboardNote ?? 'disabled'}`],
    ['JWT secret', input.jwtSecret],
    ['anon key', input.anonKey],
    ['service_role key', input.serviceRoleKey],
    ['Realtime limits', limits[0]],
    ['', limits[1]],
    ['Settings', settingsFiles(input.settings.files)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const line = '─'.repeat(72);
  return [
    line,
    ' Breath Master local stack is running',
    line,
    ...rows.map(([label, value]) => ` ${label.padStart(width)}  ${value}`),
    line,
    input.demoPlayers > 0 ? ` ${input.demoPlayers} demo players are syncing every few seconds.` : null,
    ' Extension: breathMaster.sync.serverUrl and breathMaster.sync.anonKey default to these values.',
    ' Ctrl-C stops everything (press it twice to force).',
    line,
  ]
    .filter((l): l is string => l !== null)
    .join('\n');
}

function settingsFiles(files: LocalSettings['files']): string {
  const found = [files.config, files.devstack].filter((file): file is string => file !== null);
  return found.length > 0 ? found.join(', ') : "none found: the Supabase CLI's defaults";
}
