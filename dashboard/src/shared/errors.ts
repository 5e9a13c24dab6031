import { isSyncError } from '@breath-master/sync/errors';

const messages: Record<string, string> = {
  network_error: 'The server cannot be reached right now.',
  timeout: 'The server took too long to answer.',
  not_registered: 'This browser has no progress on the server yet.',
  not_authenticated: 'This browser’s session has expired. Breathe or pair again to continue.',
  pairing_code_invalid: 'That pairing code is unknown or was already used.',
  pairing_code_expired: 'That pairing code has expired. Ask your editor for a new one.',
  team_not_found: 'No team has that code.',
  team_full: 'That team is full (50 players).',
  too_many_teams: 'You are already in 10 teams.',
  not_a_member: 'You are not a member of this team.',
  invalid_team_name: 'A team name needs 1 to 40 visible characters.',
  invalid_goal: 'That goal is not valid: check the target and the date.',
  handle_exhausted: 'No free handle was found. Try again.',
  client_outdated:
    'This version of Breath Master is older than the server accepts. Reload the page to update.',
};

/** A sentence for a person, from an error with a stable code. */
export function describeError(error: unknown): string {
  if (isSyncError(error)) return messages[error.code] ?? `Something went wrong (${error.code}).`;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
