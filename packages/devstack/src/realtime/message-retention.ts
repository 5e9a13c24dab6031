import type pg from 'pg';

// Supabase partitions realtime.messages by day and drops old partitions, because it replays recent
// broadcasts. The devstack relays each row once, when its NOTIFY arrives, and reads a row back only for a
// payload too large for NOTIFY, right then: it has no replay, so it keeps a minute of messages and deletes
// the rest. Without this a running local stack grows the table by every broadcast it ever sent.

export const MESSAGE_RETENTION_MS = 60_000;

/** Deletes messages older than `retentionMs`; returns how many went. Runs as service_role. */
export async function pruneMessages(pool: pg.Pool, retentionMs = MESSAGE_RETENTION_MS): Promise<number> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('begin');
    await client.query('set local role service_role');
    const result = await client.query(
      `delete from realtime.messages where inserted_at < now() - make_interval(secs => $1::double precision)`,
      [retentionMs / 1000],
    );
    await client.query('commit');
    return result.rowCount ?? 0;
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Prunes every `retentionMs / 2`; a failure is logged and tried again next time. */
export function startMessageRetention(
  pool: pg.Pool,
  log: (line: string) => void,
  retentionMs = MESSAGE_RETENTION_MS,
): () => void {
  const timer = setInterval(() => {
    pruneMessages(pool, retentionMs).catch((error: unknown) =>
      log(`could not prune realtime.messages: ${error instanceof Error ? error.message : String(error)}`),
    );
  }, retentionMs / 2);
  timer.unref();
  return () => clearInterval(timer);
}
