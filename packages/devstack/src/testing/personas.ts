import { randomUUID } from 'node:crypto';
import type pg from 'pg';

// SQL tests as the API's callers. PostgREST runs each request as one transaction that starts by setting,
// transaction-locally, the search path, the role named by the token and `request.jwt.claims`; asPersona
// does the same and always rolls back, so a test can try any write and leave the database as it found it.

export type Persona =
  | 'anon'
  | 'service_role'
  | {
      userId: string;
      /** Default true: our devices sign in anonymously. */
      isAnonymous?: boolean;
      /** Merged over the claims an access token from /auth/v1 carries. */
      claims?: Record<string, unknown>;
    };

// The payloads of the local anon and service_role keys (keys.ts), as PostgREST would decode them.
const KEY_CLAIMS = {
  anon: { iss: 'supabase-demo', role: 'anon', exp: 1983812996 },
  service_role: { iss: 'supabase-demo', role: 'service_role', exp: 1983812996 },
} as const;

/** The role and `request.jwt.claims` a request from this persona carries. */
export function personaClaims(persona: Persona): { role: string; claims: Record<string, unknown> } {
  if (persona === 'anon' || persona === 'service_role')
    return { role: persona, claims: { ...KEY_CLAIMS[persona] } };
  const now = Math.floor(Date.now() / 1000);
  const anonymous = persona.isAnonymous ?? true;
  const claims: Record<string, unknown> = {
    iss: 'http://127.0.0.1:54321/auth/v1',
    sub: persona.userId,
    aud: 'authenticated',
    exp: now + 3600,
    iat: now,
    email: '',
    phone: '',
    app_metadata: anonymous ? { provider: 'anonymous', providers: ['anonymous'] } : {},
    user_metadata: {},
    role: 'authenticated',
    aal: 'aal1',
    amr: [{ method: anonymous ? 'anonymous' : 'token', timestamp: now }],
    session_id: randomUUID(),
    is_anonymous: anonymous,
    ...persona.claims,
  };
  return { role: typeof claims.role === 'string' ? claims.role : 'authenticated', claims };
}

/**
 * Runs `fn` as `persona` inside a transaction that is always rolled back (also when `fn` throws).
 * `client` must not already be in a transaction.
 */
export async function asPersona<T>(
  client: pg.ClientBase,
  persona: Persona,
  fn: (client: pg.ClientBase) => Promise<T>,
): Promise<T> {
  return inRolledBackTransaction(client, async () => {
    await setPersona(client, persona);
    return fn(client);
  });
}

/** Runs `fn` in a transaction that is always rolled back, for tests that switch persona midway. */
export async function inRolledBackTransaction<T>(client: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    return await fn();
  } finally {
    await client.query('rollback');
  }
}

/**
 * Switches the current transaction to `persona` (or back to the superuser with `'postgres'`): one
 * statement, as PostgREST does — the exposed schema plus `extensions` as search path, the role, the claims.
 */
export async function setPersona(client: pg.ClientBase, persona: Persona | 'postgres'): Promise<void> {
  if (persona === 'postgres') {
    await client.query(
      `select set_config('role', 'none', true), set_config('request.jwt.claims', '', true),
              set_config('search_path', '"$user", public', true)`,
    );
    return;
  }
  const { role, claims } = personaClaims(persona);
  await client.query(
    `select set_config('search_path', '"public", "extensions"', true),
            set_config('role', $1, true),
            set_config('request.jwt.claims', $2, true)`,
    [role, JSON.stringify(claims)],
  );
}

export interface CreateAuthUserOptions {
  /** Default: a random uuid. */
  id?: string;
  /** Default true. */
  isAnonymous?: boolean;
  userMetadata?: Record<string, unknown>;
}

/** Inserts an auth.users row as /auth/v1 does for a sign-in; run it as the superuser. */
export async function createAuthUser(
  client: pg.ClientBase,
  options: CreateAuthUserOptions = {},
): Promise<{ id: string }> {
  const id = options.id ?? randomUUID();
  const anonymous = options.isAnonymous ?? true;
  await client.query(
    `insert into auth.users (id, aud, role, is_anonymous, raw_app_meta_data, raw_user_meta_data,
       created_at, updated_at, last_sign_in_at)
     values ($1, 'authenticated', 'authenticated', $2, $3, $4, now(), now(), now())`,
    [
      id,
      anonymous,
      JSON.stringify(anonymous ? { provider: 'anonymous', providers: ['anonymous'] } : {}),
      JSON.stringify(options.userMetadata ?? {}),
    ],
  );
  return { id };
}
