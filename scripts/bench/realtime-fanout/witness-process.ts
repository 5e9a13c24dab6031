// The commit witness: an idle process whose own PostgreSQL session LISTENs on the channel the
// devstack's broadcast trigger notifies (ARCHITECTURE.md, "Devstack realtime"). PostgreSQL signals
// every listener once the sending transaction has committed, so the moment a broadcast reaches
// this session is the commit time to within the signal and one local socket hop, and it is not
// skewed by the gateway's event loop, which answers the push and fans out on the same thread.
import pg from 'pg';
import { type FromWitness, type ToWitness, wallNow } from './protocol.ts';

const CHANNEL = 'devstack_realtime';

const send = (message: FromWitness): void => {
  process.send?.(message);
};

let client: pg.Client | null = null;
/** Push key (`player_id:total_xp`, or `seq:<n>` for a board message) → when its first broadcast was seen. */
let firstSeen = new Map<string, number>();

function onNotification(payload: string | undefined): void {
  const at = wallNow();
  if (payload === undefined) return;
  const note = JSON.parse(payload) as {
    payload?: { player_id?: unknown; total_xp?: unknown; seq?: unknown };
  };
  // Live-board messages (docs/live-boards.md) carry a seq instead of a player's row.
  const key =
    note.payload?.seq !== undefined
      ? `seq:${String(note.payload.seq)}`
      : `${String(note.payload?.player_id)}:${String(note.payload?.total_xp)}`;
  // One push broadcasts to the leaderboard and to each team in the same commit: the first counts.
  if (!firstSeen.has(key)) firstSeen.set(key, at);
}

process.on('message', (message: ToWitness) => {
  const run = async (): Promise<void> => {
    switch (message.type) {
      case 'listen': {
        client = new pg.Client({
          connectionString: message.dbUrl,
          application_name: 'fan-out bench witness',
        });
        client.on('notification', (n) => {
          if (n.channel === CHANNEL) onNotification(n.payload);
        });
        await client.connect();
        await client.query(`listen ${CHANNEL}`);
        return send({ type: 'listening' });
      }
      case 'reset':
        firstSeen = new Map();
        return send({ type: 'reset-done' });
      case 'collect':
        return send({ type: 'seen', firstSeen });
      case 'stop':
        await client?.end().catch(() => {});
        process.exit(0);
    }
  };
  run().catch((error: unknown) => {
    send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  });
});
process.on('disconnect', () => process.exit(0));
