import type pg from 'pg';

// Messages the database sends are rows in realtime.messages (what realtime.send writes and the Realtime server
// relays to whoever RLS lets join the topic).

export interface Message {
  topic: string;
  event: string;
  private: boolean;
  payload: Record<string, unknown>;
}

// Tests run in rolled-back transactions, where now() (and so inserted_at) never moves: watching starts from an
// empty table instead, and rows come back in insertion order (ctid; nothing is updated or vacuumed).
export async function startWatching(client: pg.Client): Promise<void> {
  await client.query('delete from realtime.messages');
}

export async function sent(client: pg.Client): Promise<Message[]> {
  const rows = await client.query<Message>(
    `select topic, event, private, payload from realtime.messages where extension = 'broadcast' order by ctid`,
  );
  return rows.rows;
}
