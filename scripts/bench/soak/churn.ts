import { type RealtimeChannel, RealtimeClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { type Api, type Device, mapLimited, rpc, signUp } from '../realtime-fanout/devices.ts';
import type { ErrorLog } from './errors.ts';

// The soak's load, all of it modest and steady: devices pushing sync_progress, new anonymous devices
// signing in, pairing codes issued and redeemed, players joining and leaving teams, and realtime
// sockets joining and leaving the private `leaderboard` and team topics. Every failure goes to the
// error log by kind; nothing is retried, so a refused request is seen.

export interface ChurnRates {
  pushesPerSecond: number;
  /** A socket joins or leaves its topic this often. */
  socketEveryMs: number;
  signInEveryMs: number;
  pairingEveryMs: number;
  teamChangeEveryMs: number;
}

interface PoolDevice {
  device: Device;
  pushes: number;
  baseXp: number;
  team: Team | null;
  busy: boolean;
}

interface Team {
  id: string;
  code: string;
  owner: Device;
}

interface Socket {
  client: RealtimeClient;
  channel: RealtimeChannel;
}

const JOIN_DEADLINE_MS = 10_000;

export class Churn {
  readonly counts = {
    pushes: 0,
    signIns: 0,
    pairings: 0,
    teamJoins: 0,
    teamLeaves: 0,
    joins: 0,
    leaves: 0,
    received: 0,
  };
  private pool: PoolDevice[] = [];
  private teams: Team[] = [];
  private sockets: (Socket | null)[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private ticks = { push: 0, socket: 0, signIn: 0, team: 0 };

  constructor(
    private readonly api: Api,
    private readonly errors: ErrorLog,
    private readonly today: string,
  ) {}

  /** Signs up the pushing devices and the team owners (who stay in their teams all run long). */
  async setup(opts: { devices: number; teams: number; sockets: number }): Promise<void> {
    this.teams = await mapLimited(Array.from({ length: opts.teams }), async (_, i) => {
      const owner = await this.newDevice();
      const { body } = await rpc<{ id: string; join_code: string }>(this.api, owner, 'create_team', {
        name: `Soak ${i + 1}`,
      });
      return { id: body.id, code: body.join_code, owner };
    });
    this.pool = await mapLimited(Array.from({ length: opts.devices }), async (_, i) => ({
      device: await this.newDevice(),
      pushes: 0,
      // Scores apart, as on a real board (see realtime-fanout/population.ts).
      baseXp: 600 + 400 * i,
      team: null,
      busy: false,
    }));
    this.sockets = Array.from({ length: opts.sockets }, () => null);
  }

  start(rates: ChurnRates): void {
    const every = (ms: number, task: () => Promise<void>) =>
      this.timers.push(setInterval(() => this.track(task()), ms));
    every(1000 / rates.pushesPerSecond, () => this.push());
    every(rates.socketEveryMs, () => this.toggleSocket());
    every(rates.signInEveryMs, () => this.signIn());
    every(rates.pairingEveryMs, () => this.pair());
    every(rates.teamChangeEveryMs, () => this.changeTeam());
  }

  /** Stops every timer, waits for what is in flight, and closes the sockets. */
  async stop(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await Promise.all([...this.inFlight]);
    await Promise.all(this.sockets.map((s, i) => (s ? this.closeSocket(i) : undefined)));
  }

  private track(task: Promise<void>): void {
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  /** Runs `work`, logging a failure under `kind` instead of throwing it. */
  private async guarded(kind: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.errors.add(kind, error);
    }
  }

  private async newDevice(): Promise<Device> {
    const device = await signUp(this.api);
    // A device becomes a player with its first sync.
    await rpc(this.api, device, 'sync_progress', { days: [], today: this.today, device_kind: 'vscode' });
    return device;
  }

  /** The next idle device after `from`, round-robin, marked busy; null when all are busy. */
  private take(from: number, idle: (d: PoolDevice) => boolean = () => true): PoolDevice | null {
    for (let k = 0; k < this.pool.length; k++) {
      const d = this.pool[(from + k) % this.pool.length] as PoolDevice;
      if (!d.busy && idle(d)) {
        d.busy = true;
        return d;
      }
    }
    return null;
  }

  private push(): Promise<void> {
    // A device never has two pushes in flight (see realtime-fanout/pusher.ts).
    const d = this.take(this.ticks.push++);
    if (d === null) return Promise.resolve();
    return this.guarded('sync_progress', async () => {
      try {
        d.pushes += 1;
        // Within the server's plausibility rule (xp ≤ seconds / 3 + 10, 4 × cycles ≤ seconds + 60).
        const xp = d.baseXp + 5 * d.pushes;
        await rpc(this.api, d.device, 'sync_progress', {
          days: [{ day: this.today, xp, cycles: d.pushes, seconds: 3 * xp }],
          today: this.today,
          device_kind: 'vscode',
        });
        this.counts.pushes += 1;
      } finally {
        d.busy = false;
      }
    });
  }

  /** A new anonymous device signs in and takes the place of one outside any team. */
  private signIn(): Promise<void> {
    return this.guarded('sign-in', async () => {
      const device = await this.newDevice();
      const d = this.take(this.ticks.signIn++, (p) => p.team === null);
      if (d === null) return;
      Object.assign(d, { device, pushes: 0, busy: false });
      this.counts.signIns += 1;
    });
  }

  /** A device issues a pairing code and a browser that just signed in redeems it. */
  private pair(): Promise<void> {
    return this.guarded('pairing', async () => {
      const issuer = this.teams[this.counts.pairings % this.teams.length]?.owner;
      if (issuer === undefined) return;
      const { body } = await rpc<{ code: string }>(this.api, issuer, 'create_pairing_code', {});
      const browser = await signUp(this.api);
      await rpc(this.api, browser, 'redeem_pairing_code', { code: body.code, device_kind: 'web' });
      this.counts.pairings += 1;
    });
  }

  /** Turn about: a device outside any team joins one, then a member leaves its team. */
  private changeTeam(): Promise<void> {
    const tick = this.ticks.team++;
    const joining = tick % 2 === 0;
    const d = this.take(7 * tick, (p) => (p.team === null) === joining);
    if (d === null) return Promise.resolve();
    return this.guarded(joining ? 'join_team' : 'leave_team', async () => {
      try {
        if (d.team) {
          await rpc(this.api, d.device, 'leave_team', { team_id: d.team.id });
          d.team = null;
          this.counts.teamLeaves += 1;
        } else {
          const team = this.teams[tick % this.teams.length] as Team;
          await rpc(this.api, d.device, 'join_team', { code: team.code });
          d.team = team;
          this.counts.teamJoins += 1;
        }
      } finally {
        d.busy = false;
      }
    });
  }

  /** Slot by slot: an open socket leaves its topic and disconnects, a closed one connects and joins. */
  private toggleSocket(): Promise<void> {
    const slot = this.ticks.socket++ % this.sockets.length;
    if (this.sockets[slot]) return this.closeSocket(slot);
    const team = slot % 2 === 1 ? this.teams[slot % this.teams.length] : undefined;
    return this.guarded(team ? 'team join' : 'leaderboard join', () => this.openSocket(slot, team));
  }

  private async openSocket(slot: number, team: Team | undefined): Promise<void> {
    const endpoint = new URL(`${this.api.url}/realtime/v1`);
    endpoint.protocol = endpoint.protocol.replace('http', 'ws');
    // Node 20 has no global WebSocket.
    const client = new RealtimeClient(endpoint.href, {
      params: { apikey: this.api.anonKey },
      transport: WebSocket as never,
    });
    // The board is open to the anon key, as the dashboard joins it; a team topic to its members.
    await client.setAuth(team ? team.owner.token : this.api.anonKey);
    const channel = client.channel(team ? `team:${team.id}` : 'leaderboard', { config: { private: true } });
    channel.on('broadcast', { event: team ? 'team' : 'board' }, () => {
      this.counts.received += 1;
    });
    this.sockets[slot] = { client, channel };
    const joined = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${channel.topic}: not joined within ${JOIN_DEADLINE_MS} ms`)),
        JOIN_DEADLINE_MS,
      );
      channel.subscribe((status, error) => {
        if (status === 'SUBSCRIBED') {
          clearTimeout(timer);
          resolve();
        } else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') {
          clearTimeout(timer);
          reject(new Error(`${channel.topic}: ${status}${error ? ` ${error.message}` : ''}`));
        }
      });
    });
    try {
      await joined;
    } catch (error) {
      // A refused socket is not left to rejoin in the background: it is closed and counted once.
      this.sockets[slot] = null;
      await client.removeAllChannels();
      client.disconnect();
      throw error;
    }
    this.counts.joins += 1;
  }

  private closeSocket(slot: number): Promise<void> {
    const socket = this.sockets[slot];
    this.sockets[slot] = null;
    if (!socket) return Promise.resolve();
    return this.guarded('leave', async () => {
      const status = await socket.client.removeChannel(socket.channel);
      socket.client.disconnect();
      if (status !== 'ok') throw new Error(`${socket.channel.topic}: leave answered ${status}`);
      this.counts.leaves += 1;
    });
  }
}
