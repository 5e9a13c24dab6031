import { type Api, type Device, mapLimited, rpc, signUp } from './devices.ts';

// The people of the benchmark: pushers (one device each, listed on the board) and subscriber
// players, all members of one team. A team holds at most 50 players, so the team's subscribers
// are several devices per player, linked by pairing codes as real users link an editor and a
// browser; each device has its own access token.

export interface Pusher {
  device: Device;
  playerId: string;
  /** Today's XP before the first push: each pusher climbs from its own score. */
  baseXp: number;
  pushes: number;
}

export interface Population {
  teamId: string;
  pushers: Pusher[];
  teamDevices: Device[];
}

const TEAM_CAPACITY = 50;
// Scores differ as on a real board. Pushers sharing a score would all move the same rows of the
// leaderboard histogram (private.leaderboard_buckets) and queue on their row locks, a contention
// that only players in lockstep produce. 400 XP apart keeps each pusher in buckets of its own.
const baseXp = (index: number): number => 600 + 400 * index;

export async function createPopulation(
  api: Api,
  opts: { pushers: number; teamPlayers: number; devicesPerPlayer: number; today: string },
): Promise<Population> {
  if (opts.pushers + opts.teamPlayers > TEAM_CAPACITY)
    throw new Error(`a team holds at most ${TEAM_CAPACITY} players`);
  const register = async (device: Device): Promise<string> => {
    const { body } = await rpc<{ player_id: string }>(api, device, 'sync_progress', {
      days: [],
      today: opts.today,
      device_kind: 'vscode',
    });
    return body.player_id;
  };

  const owner = await signUp(api);
  const ownerPlayer = await register(owner);
  const { body: team } = await rpc<{ id: string; join_code: string }>(api, owner, 'create_team', {
    name: 'Fan-out bench',
  });
  const join = (device: Device) => rpc(api, device, 'join_team', { code: team.join_code });

  const others = await mapLimited(Array.from({ length: opts.pushers - 1 }), async () => {
    const device = await signUp(api);
    const playerId = await register(device);
    await join(device);
    return { device, playerId, pushes: 0 };
  });
  const pushers: Pusher[] = [{ device: owner, playerId: ownerPlayer, pushes: 0 }, ...others].map((p, i) => ({
    ...p,
    baseXp: baseXp(i),
  }));

  const perPlayer = await mapLimited(Array.from({ length: opts.teamPlayers }), async () => {
    const first = await signUp(api);
    await register(first);
    await join(first);
    const devices = [first];
    // Codes are single-use and a new one replaces the last, so devices are linked one at a time.
    while (devices.length < opts.devicesPerPlayer) {
      const { body: pairing } = await rpc<{ code: string }>(api, first, 'create_pairing_code', {});
      const device = await signUp(api);
      await rpc(api, device, 'redeem_pairing_code', { code: pairing.code, device_kind: 'web' });
      devices.push(device);
    }
    return devices;
  });
  return { teamId: team.id, pushers, teamDevices: perPlayer.flat() };
}
