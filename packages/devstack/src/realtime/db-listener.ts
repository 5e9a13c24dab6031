import pg from 'pg';

// Broadcasts from the database arrive as NOTIFY on 'devstack_realtime', sent by a trigger on
// realtime.messages: { id, topic, event, private, payload }, or { id, topic, event, private,
// truncated: true } when the payload would not fit in a notification (8000 bytes), in which case the
// row is read back by id. Notifications are handled strictly in order, so a truncated message never
// lets a later one overtake it.

export const CHANNEL = 'devstack_realtime';
/** How the listening session shows up in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'devstack realtime listener';

export interface DatabaseMessage {
  id: string;
  topic: string;
  event: string;
  private: boolean;
  payload: unknown;
}

export interface DatabaseListener {
  close(): Promise<void>;
}

interface Options {
  connectionString: string;
  pool: pg.Pool;
  onMessage: (message: DatabaseMessage) => void;
  log: (line: string) => void;
}

const RECONNECT_DELAY_MS = 1000;

export async function startDatabaseListener(opts: Options): Promise<DatabaseListener> {
  let client: pg.Client | null = null;
  let closing = false;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let queue: Promise<void> = Promise.resolve();

  const handle = async (raw: string): Promise<void> => {
    let note: Record<string, unknown>;
    try {
      note = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      opts.log(`ignored a ${CHANNEL} notification that is not JSON`);
      return;
    }
    const { id, topic, event } = note;
    if (typeof id !== 'string' || typeof topic !== 'string' || typeof event !== 'string') {
      opts.log(`ignored a ${CHANNEL} notification without id, topic and event`);
      return;
    }
    const isPrivate = note.private === true;
    if (note.truncated === true) {
      const payload = await readPayload(opts.pool, id);
      if (payload === undefined) {
        opts.log(`message ${id} on ${topic} was announced but is not in realtime.messages`);
        return;
      }
      opts.onMessage({ id, topic, event, private: isPrivate, payload });
      return;
    }
    opts.onMessage({ id, topic, event, private: isPrivate, payload: note.payload ?? {} });
  };

  const enqueue = (raw: string): void => {
    queue = queue
      .then(() => handle(raw))
      .catch((error: unknown) => opts.log(`a database broadcast failed: ${String(error)}`));
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({
      connectionString: opts.connectionString,
      application_name: LISTENER_APPLICATION_NAME,
    });
    next.on('notification', (msg) => {
      if (msg.channel === CHANNEL && msg.payload !== undefined) enqueue(msg.payload);
    });
    next.on('error', (error) => {
      opts.log(`database listener error: ${error.message}`);
      lost(next);
    });
    next.on('end', () => lost(next));
    try {
      await next.connect();
      await next.query(`listen ${CHANNEL}`);
    } catch (error) {
      // The connect error is the one worth reporting; ending a half-open client may fail as well.
      await next.end().catch(() => undefined);
      throw error;
    }
    client = next;
  };

  const reconnectLater = (): void => {
    if (closing || reconnectTimer !== undefined) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connect().catch((error: unknown) => {
        opts.log(`database listener could not reconnect: ${String(error)}`);
        reconnectLater();
      });
    }, RECONNECT_DELAY_MS);
    reconnectTimer.unref();
  };

  // Until the listener is back, database broadcasts are not delivered: say so, then retry.
  const lost = (broken: pg.Client): void => {
    if (closing || client !== broken) return;
    client = null;
    opts.log('lost the database listener; reconnecting');
    broken.end().catch((error: unknown) => opts.log(`closing the lost listener: ${String(error)}`));
    reconnectLater();
  };

  await connect();

  return {
    async close() {
      closing = true;
      clearTimeout(reconnectTimer);
      const current = client;
      client = null;
      if (current !== null) {
        try {
          await current.query(`unlisten ${CHANNEL}`);
        } finally {
          await current.end();
        }
      }
      await queue;
    },
  };
}

/** Reads a message's payload as service_role: the authenticator itself holds no grants on realtime. */
async function readPayload(pool: pg.Pool, id: string): Promise<unknown> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('begin read only');
    await client.query('set local role service_role');
    const result = await client.query<{ payload: unknown }>(
      'select payload from realtime.messages where id = $1',
      [id],
    );
    await client.query('commit');
    return result.rows[0]?.payload;
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(broken);
  }
}
