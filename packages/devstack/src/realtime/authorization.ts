import pg from 'pg';
import type { JwtClaims } from '../gateway/jwt.ts';

// Private channels are authorised the way Supabase Realtime does it: RLS on realtime.messages decides.
// In one always-rolled-back transaction: a probe row for the topic is inserted as service_role (which
// bypasses RLS), then, as the joining user's role with their claims and realtime.topic() set, we ask
// whether that row is visible (read) and whether the user may insert a row for the topic (write).
// Nothing is committed, and NOTIFY from a rolled-back transaction is never delivered.

export interface ChannelPermissions {
  read: boolean;
  write: boolean;
}

export type Authorize = (claims: JwtClaims, subTopic: string) => Promise<ChannelPermissions>;

const PROBE_EVENT = 'devstack_authorization_probe';
const INSUFFICIENT_PRIVILEGE = '42501';

export class AuthorizationError extends Error {
  readonly code = 'realtime_authorization_failed';
}

export function createAuthorizer(pool: pg.Pool): Authorize {
  return async (claims, subTopic) => {
    const role = typeof claims.role === 'string' && claims.role !== '' ? claims.role : 'anon';
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('begin');
      await client.query('set local role service_role');
      const probe = await client.query<{ id: string }>(
        `insert into realtime.messages (topic, extension, payload, event, private)
         values ($1, 'broadcast', '{}'::jsonb, $2, true) returning id`,
        [subTopic, PROBE_EVENT],
      );
      const probeId = probe.rows[0]?.id;
      await client.query(`set local role ${pg.escapeIdentifier(role)}`);
      await client.query(
        `select set_config('request.jwt.claims', $1, true),
                set_config('request.jwt.claim.sub', $2, true),
                set_config('request.jwt.claim.role', $3, true),
                set_config('realtime.topic', $4, true)`,
        [JSON.stringify(claims), typeof claims.sub === 'string' ? claims.sub : '', role, subTopic],
      );
      const read = await allowed(client, 'read', async () => {
        const seen = await client.query(
          `select 1 from realtime.messages
           where id = $1 and topic = realtime.topic() and extension = 'broadcast'`,
          [probeId],
        );
        return (seen.rowCount ?? 0) > 0;
      });
      const write = await allowed(client, 'write', async () => {
        await client.query(
          `insert into realtime.messages (topic, extension, payload, event, private)
           values (realtime.topic(), 'broadcast', '{}'::jsonb, $1, true)`,
          [PROBE_EVENT],
        );
        return true;
      });
      return { read, write };
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

/** Runs one check in a savepoint: a permission error means "not allowed", anything else is a failure. */
async function allowed(client: pg.PoolClient, name: string, check: () => Promise<boolean>): Promise<boolean> {
  await client.query(`savepoint ${name}`);
  try {
    const result = await check();
    await client.query(`release savepoint ${name}`);
    return result;
  } catch (error) {
    await client.query(`rollback to savepoint ${name}`);
    if (isInsufficientPrivilege(error)) return false;
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
