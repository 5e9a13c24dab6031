import { join } from 'node:path';
import { REPO_ROOT, startDevstack } from '@breath-master/devstack';
import { banner } from './src/start/banner.ts';
import { startDashboard } from './src/start/dashboard.ts';
import { type DemoPlayers, startDemoPlayers } from './src/start/demo-players.ts';
import type { StaticServer } from './src/start/static-server.ts';

// `npm start`: the whole Breath Master system on this machine, without Docker.
//   --demo          simulated players sync every few seconds so the live leaderboard moves
//   --reset         start from an empty database (deletes .devstack/)
//   --no-dashboard  do not build or serve the dashboard
//   --rebuild       rebuild the dashboard even if a build exists

const DASHBOARD_PORT = 5173;
const DEMO_PLAYERS = 8;

const args = new Set(process.argv.slice(2));
if (args.has('--help') || args.has('-h')) {
  process.stdout.write('usage: npm start [-- --demo] [--reset] [--no-dashboard] [--rebuild]\n');
  process.exit(0);
}
const progress = (line: string) => process.stdout.write(`▸ ${line}\n`);

async function main(): Promise<void> {
  progress(args.has('--reset') ? 'starting from an empty database (--reset)…' : 'starting the local stack…');
  const stack = await startDevstack({
    dataDir: join(REPO_ROOT, '.devstack'),
    reset: args.has('--reset'),
    seed: true,
    log: (line) => process.stdout.write(`  ${line}\n`),
  });
  let dashboard: StaticServer | null = null;
  let dashboardNote: string | null = 'disabled with --no-dashboard';
  if (!args.has('--no-dashboard')) {
    const outcome = await startDashboard({
      repoRoot: REPO_ROOT,
      port: DASHBOARD_PORT,
      apiUrl: stack.apiUrl,
      anonKey: stack.anonKey,
      rebuild: args.has('--rebuild'),
      log: progress,
    });
    if (outcome.ok) dashboard = outcome.server;
    else dashboardNote = outcome.reason;
  }
  let demo: DemoPlayers | null = null;
  if (args.has('--demo')) {
    progress(`signing in ${DEMO_PLAYERS} demo players…`);
    demo = await startDemoPlayers({
      apiUrl: stack.apiUrl,
      anonKey: stack.anonKey,
      count: DEMO_PLAYERS,
      intervalMs: 4000,
      log: progress,
    });
  }
  process.stdout.write(
    `${banner({
      ...stack,
      dashboardUrl: dashboard?.url ?? null,
      dashboardNote,
      demoPlayers: demo === null ? 0 : DEMO_PLAYERS,
    })}\n`,
  );

  let stoppingSince: number | null = null;
  const stop = async (signal: string): Promise<void> => {
    if (stoppingSince !== null) {
      // tsx and npm pass the terminal's Ctrl-C on as well: only a later press means "force".
      if (Date.now() - stoppingSince < 1000) return;
      process.stdout.write('\n▸ forced exit\n');
      process.exit(130);
    }
    stoppingSince = Date.now();
    process.stdout.write(`\n▸ ${signal}: stopping (press Ctrl-C again to force)…\n`);
    demo?.stop();
    try {
      await Promise.all([stack.stop(), dashboard?.close()]);
    } catch (error) {
      process.stderr.write(`stopping failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    }
    progress('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
