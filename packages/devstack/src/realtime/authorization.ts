import pg from 'pg';
import type { JwtClaims } from '../gateway/jwt.ts';
import { roleOf } from './context.ts';

// Private channels are authorised the way Supabase Realtime does it: RLS on realtime.messages decides,
// per extension (broadcast, presence). In one always-rolled-back transaction: a probe row per extension
// is inserted for the topic as service_role (which bypasses RLS); then, as the user's role with their
// claims and realtime.topic() set, the probes that are visible grant *read*, and an insert for the
// topic that RLS accepts (tried in a savepoint) grants *write*. Nothing is committed, and NOTIFY from
// a rolled-back transaction is never delivered.

export interface Permission {
  read: boolean;
  write: boolean;
}

export interface ChannelPermissions {
  broadcast: Permission;
  presence: Permission;
}

/** Public channels: no RLS involved. */
export const PUBLIC_PERMISSIONS: ChannelPermissions = Object.freeze({
  broadcast: Object.freeze({ read: true, write: true }),
  presence: Object.freeze({ read: true, write: true }),
});

export type Authorize = (claims: JwtClaims, subTopic: string) => Promise<ChannelPermissions>;

const EXTENSIONS = ['broadcast', 'presence'] as const;
const INSUFFICIENT_PRIVILEGE = '42501';

/** What Realtime tells a client when the policies could not be evaluated. */
export const UNABLE_TO_CHECK = 'Realtime was unable to connect to the project database';

export class AuthorizationError extends Error {
  readonly code = 'realtime_authorization_failed';
}

export function createAuthorizer(pool: pg.Pool): Authorize {
  return async (claims, subTopic) => {
    const role = roleOf(claims);
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('begin');
      await client.query('set local role service_role');
      const probes = await client.query<{ id: string; extension: string }>(
        `insert into realtime.messages (topic, extension)
         select $1, extension from unnest($2::text[]) as extension
         returning id, extension`,
        [subTopic, EXTENSIONS],
      );
      await client.query(`set local role ${pg.escapeIdentifier(role)}`);
      await client.query(
        `select set_config('realtime.topic', $4, true),
                set_config('request.jwt.claims', $1, true),
                set_config('request.jwt.claim.sub', $2, true),
                set_config('request.jwt.claim.role', $3, true)`,
        [JSON.stringify(claims), typeof claims.sub === 'string' ? claims.sub : '', role, subTopic],
      );
      const visible = await attempt(client, 'probe_read', async () => {
        const seen = await client.query<{ id: string }>(
          'select id from realtime.messages where id = any($1::uuid[])',
          [probes.rows.map((row) => row.id)],
        );
        return new Set(seen.rows.map((row) => row.id));
      });
      const readable = (extension: string) =>
        probes.rows.some((row) => row.extension === extension && visible?.has(row.id) === true);
      const writable = (extension: string) =>
        attempt(client, `probe_write_${extension}`, async () => {
          await client.query('insert into realtime.messages (topic, extension) values ($1, $2)', [
            subTopic,
            extension,
          ]);
          return true;
        }).then((ok) => ok === true);
      return {
        broadcast: { read: readable('broadcast'), write: await writable('broadcast') },
        presence: { read: readable('presence'), write: await writable('presence') },
      };
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      throw new AuthorizationError(`could not check access to '${subTopic}': ${broken.message}`, {
        cause: error,
      });
    } finally {
      try {
        await client.query('rollback');
      } catch (rollbackError) {
        broken ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      // A connection whose transaction state is unknown must not go back to the pool.
      client.release(broken);
    }
  };
}

/**
 * Runs one check in a savepoint. A permission error (no grant, or RLS refusing an insert) means
 * "not allowed" and yields undefined; anything else is a real failure and propagates.
 */
async function attempt<T>(
  client: pg.PoolClient,
  name: string,
  check: () => Promise<T>,
): Promise<T | undefined> {
  await client.query(`savepoint ${name}`);
  try {
    const result = await check();
    await client.query(`release savepoint ${name}`);
    return result;
  } catch (error) {
    await client.query(`rollback to savepoint ${name}`);
    if (isInsufficientPrivilege(error)) return undefined;
    throw error;
  }
}

function isInsufficientPrivilege(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === INSUFFICIENT_PRIVILEGE
  );
}
