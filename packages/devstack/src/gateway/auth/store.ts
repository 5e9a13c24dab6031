import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { authErrors } from './auth-error.ts';
import { ANONYMOUS_APP_METADATA, newRefreshToken, type UserRow } from './tokens.ts';

// auth.users, auth.sessions and auth.refresh_tokens, used the way GoTrue uses them: a session per
// sign-in, refresh tokens chained by `parent` within a session, each used once.

const USER_COLUMNS =
  'id, aud, role, is_anonymous, raw_app_meta_data, raw_user_meta_data, created_at, updated_at, last_sign_in_at';

export interface IssuedSession {
  user: UserRow;
  sessionId: string;
  /** When the session started (seconds), for the `amr` claim. */
  signedInAt: number;
  refreshToken: string;
}

export interface AuthStore {
  signUpAnonymous(userMetadata: Record<string, unknown>, userAgent: string | null): Promise<IssuedSession>;
  refresh(token: string, reuseIntervalMs: number): Promise<IssuedSession>;
  findUser(userId: string): Promise<UserRow | null>;
  sessionExists(sessionId: string): Promise<boolean>;
  logout(userId: string, sessionId: string | null, scope: 'global' | 'local' | 'others'): Promise<void>;
}

export function createAuthStore(pool: pg.Pool): AuthStore {
  async function inTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const result = await fn(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  return {
    signUpAnonymous(userMetadata, userAgent) {
      return inTransaction(async (client) => {
        const userId = randomUUID();
        const { rows } = await client.query<UserRow>(
          `insert into auth.users (id, aud, role, is_anonymous, raw_app_meta_data, raw_user_meta_data,
             created_at, updated_at, last_sign_in_at)
           values ($1, 'authenticated', 'authenticated', true, $2, $3, now(), now(), now())
           returning ${USER_COLUMNS}`,
          [userId, JSON.stringify(ANONYMOUS_APP_METADATA), JSON.stringify(userMetadata)],
        );
        const user = rows[0] as UserRow;
        const sessionId = randomUUID();
        await client.query(
          `insert into auth.sessions (id, user_id, created_at, updated_at, user_agent)
           values ($1, $2, now(), now(), $3)`,
          [sessionId, userId, userAgent],
        );
        const refreshToken = await insertRefreshToken(client, userId, sessionId, null);
        return { user, sessionId, signedInAt: Math.floor(Date.now() / 1000), refreshToken };
      });
    },

    async refresh(token, reuseIntervalMs) {
      const outcome = await inTransaction(async (client): Promise<IssuedSession | 'reused'> => {
        const found = await client.query<{
          revoked: boolean;
          updated_at: Date;
          session_id: string | null;
          user_id: string;
          session_created_at: Date | null;
        }>(
          `select rt.revoked, rt.updated_at, rt.session_id, rt.user_id, s.created_at as session_created_at
             from auth.refresh_tokens rt left join auth.sessions s on s.id = rt.session_id
            where rt.token = $1
            for update of rt`,
          [token],
        );
        const row = found.rows[0];
        if (row === undefined || row.session_id === null || row.session_created_at === null) {
          throw authErrors.refreshTokenNotFound();
        }
        const user = await selectUser(client, row.user_id);
        if (user === null) throw authErrors.refreshTokenNotFound();
        const sessionId = row.session_id;
        const signedInAt = Math.floor(row.session_created_at.getTime() / 1000);
        // Lock the session so two refreshes of one family are serialised.
        await client.query('select 1 from auth.sessions where id = $1 for update', [sessionId]);
        if (row.revoked) {
          const withinReuse = row.updated_at.getTime() + reuseIntervalMs > Date.now();
          const active = withinReuse
            ? await client.query<{ token: string }>(
                `select token from auth.refresh_tokens where session_id = $1 and not revoked
                  order by id desc limit 1`,
                [sessionId],
              )
            : undefined;
          const current = active?.rows[0]?.token;
          if (current !== undefined) return { user, sessionId, signedInAt, refreshToken: current };
          // A used token presented again: assume it was stolen and end the whole session.
          await deleteSessions(client, 'id = $1', [sessionId]);
          return 'reused';
        }
        await client.query(
          'update auth.refresh_tokens set revoked = true, updated_at = now() where token = $1',
          [token],
        );
        await client.query(
          'update auth.sessions set updated_at = now(), refreshed_at = now() where id = $1',
          [sessionId],
        );
        const refreshToken = await insertRefreshToken(client, user.id, sessionId, token);
        return { user, sessionId, signedInAt, refreshToken };
      });
      // The revocation is committed before the client hears about it.
      if (outcome === 'reused') throw authErrors.refreshTokenAlreadyUsed();
      return outcome;
    },

    async findUser(userId) {
      const client = await pool.connect();
      try {
        return await selectUser(client, userId);
      } finally {
        client.release();
      }
    },

    async sessionExists(sessionId) {
      const { rowCount } = await pool.query('select 1 from auth.sessions where id = $1', [sessionId]);
      return (rowCount ?? 0) > 0;
    },

    logout(userId, sessionId, scope) {
      return inTransaction(async (client) => {
        if (scope === 'global' || sessionId === null) {
          if (scope !== 'others') await deleteSessions(client, 'user_id = $1', [userId]);
        } else if (scope === 'local') {
          await deleteSessions(client, 'id = $1', [sessionId]);
        } else {
          await deleteSessions(client, 'user_id = $1 and id <> $2', [userId, sessionId]);
        }
      });
    },
  };
}

async function selectUser(client: pg.PoolClient, userId: string): Promise<UserRow | null> {
  if (!isUuid(userId)) return null;
  const { rows } = await client.query<UserRow>(`select ${USER_COLUMNS} from auth.users where id = $1`, [
    userId,
  ]);
  return rows[0] ?? null;
}

async function insertRefreshToken(
  client: pg.PoolClient,
  userId: string,
  sessionId: string,
  parent: string | null,
): Promise<string> {
  const token = newRefreshToken();
  await client.query(
    `insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ($1, $2, false, now(), now(), $3, $4)`,
    [token, userId, parent, sessionId],
  );
  return token;
}

async function deleteSessions(client: pg.PoolClient, where: string, values: unknown[]): Promise<void> {
  await client.query(
    `delete from auth.refresh_tokens where session_id in (select id from auth.sessions where ${where})`,
    values,
  );
  await client.query(`delete from auth.sessions where ${where}`, values);
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
