import { AdminError } from '../api/admin-client.ts';

const messages: Record<string, string> = {
  key_refused: 'The server refused this key: it is not an API key of this backend.',
  not_service_role:
    'This key is not the service_role key: only service_role may use the admin view (the anon key is refused).',
  network_error: 'The server cannot be reached right now.',
  player_not_found: 'That player no longer exists.',
  invalid_payload: 'The server refused the request as malformed.',
};

/** A sentence for the operator, from an admin call's failure. */
export function adminErrorText(error: unknown): string {
  if (error instanceof AdminError)
    return messages[error.code] ?? `The server answered ${error.status}: ${error.message}`;
  return error instanceof Error ? error.message : 'Something went wrong.';
}
