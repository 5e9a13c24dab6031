// The lines `npm start` prints once everything is up: where each part is and the keys to use.

export interface BannerInput {
  apiUrl: string;
  dbUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  dashboardUrl: string | null;
  dashboardNote: string | null;
  demoPlayers: number;
}

export function banner(input: BannerInput): string {
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
