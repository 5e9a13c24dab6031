import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';

// Simulated players for `npm start -- --demo`: anonymous clients that breathe a little every few
// seconds and push their counters with sync_progress, so the live leaderboard moves.

export interface DemoPlayers {
  stop(): void;
}

interface Player {
  client: SupabaseClient;
  day: string;
  xp: number;
  cycles: number;
  seconds: number;
}

export async function startDemoPlayers(opts: {
  apiUrl: string;
  anonKey: string;
  count: number;
  intervalMs: number;
  log: (line: string) => void;
}): Promise<DemoPlayers> {
  const players: Player[] = [];
  for (let i = 0; i < opts.count; i += 1) {
    const client = createClient(opts.apiUrl, opts.anonKey, {
      auth: { persistSession: false, autoRefreshToken: true, detectSessionInUrl: false },
      realtime: { transport: ws as never },
    });
    const { error } = await client.auth.signInAnonymously();
    if (error) throw new Error(`demo player ${i + 1} could not sign in: ${error.message}`);
    players.push({ client, day: '', xp: 0, cycles: 0, seconds: 0 });
  }
  let stopped = false;
  const tick = async (player: Player): Promise<void> => {
    const today = new Date().toISOString().slice(0, 10);
    if (player.day !== today) Object.assign(player, { day: today, xp: 0, cycles: 0, seconds: 0 });
    // One to four 16-second cycles; XP stays within the server's plausibility rule.
    const cycles = 1 + Math.floor(Math.random() * 4);
    player.cycles += cycles;
    player.seconds += cycles * 16;
    player.xp = Math.min(player.xp + cycles * 5, Math.ceil(player.seconds / 3));
    const { error } = await player.client.rpc('sync_progress', {
      days: [{ day: today, xp: player.xp, cycles: player.cycles, seconds: player.seconds }],
      today,
      device_kind: 'web',
    });
    if (error) opts.log(`demo: sync_progress failed: ${error.code} ${error.message}`);
  };
  const timers = players.map((player, i) =>
    setTimeout(function again() {
      if (stopped) return;
      void tick(player).finally(() => {
        if (!stopped) timers[i] = setTimeout(again, opts.intervalMs * (0.5 + Math.random()));
      });
    }, Math.random() * opts.intervalMs),
  );
  return {
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      for (const player of players) void player.client.auth.stopAutoRefresh();
    },
  };
}
