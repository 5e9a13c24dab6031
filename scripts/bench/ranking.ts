// Leaderboard and rank at 10k, 100k and 1M players: get_leaderboard(…, 100) and get_my_rank(…) for both
// boards, called as devices would call them (role authenticated, the device's claims), against the query a
// newcomer would write (a window function over the whole board), in the same run. Runnable alone:
//   npx tsx scripts/bench/ranking.ts [--quick]      (or BENCH_QUICK=1; quick stops at 100k)
// One embedded PostgreSQL in a temporary directory grows from 10k to 1M players (seed.ts); every size is
// checked against plain counts (verify.ts) before it is timed.
import { bootstrap, migrate, type RunningPostgres, startPostgres } from '@breath-master/devstack';
import pg from 'pg';
import { type Figure, printFigures, recordFigures } from './lib/report.ts';
import {
  boardSize,
  MY_RANK_SQL,
  naiveMyRankSql,
  naiveTop100Sql,
  type Probe,
  playerAt,
  SCOPES,
  type Scope,
  TOP_100_SQL,
} from './ranking/calls.ts';
import { explainMyRank, sanityLine } from './ranking/explain.ts';
import { GOALS, type MyRankGoal, myRankFigure, seedFigure, top100Figure } from './ranking/figures.ts';
import { measure, positionMedians } from './ranking/measure.ts';
import { growPlayers } from './ranking/seed.ts';
import { verifyBoard } from './ranking/verify.ts';

const BENCH = 'ranking';
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const SIZES = QUICK ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
/** Further players whose rank is checked (not timed), as fractions of the board. */
const SAMPLE_POSITIONS = [0.001, 0.05, 0.25, 0.75, 0.99];
/** The naive queries take up to a second each at 1M: fewer of them as the board grows. */
const naiveCalls = (players: number) => (players >= 1_000_000 ? 8 : players >= 100_000 ? 15 : 30);

// Only the seed gets more room than the defaults: fewer checkpoints while writing a million rows, more
// memory for vacuum. Query settings (work_mem, shared_buffers) stay as a small instance has them.
const POSTGRES_FLAGS = ['-c', 'max_wal_size=4GB', '-c', 'maintenance_work_mem=256MB'];

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function probesFor(client: pg.ClientBase, scope: Scope, size: number): Promise<Probe[]> {
  return [
    await playerAt(client, scope, 0, 'top'),
    await playerAt(client, scope, Math.floor(size / 2), 'median'),
    await playerAt(client, scope, size - 1, 'bottom'),
  ];
}

async function benchSize(
  client: pg.ClientBase,
  players: number,
  figures: Figure[],
  goals: MyRankGoal[],
): Promise<void> {
  for (const scope of SCOPES) {
    const size = await boardSize(client, scope);
    const probes = await probesFor(client, scope, size);
    const samples: Probe[] = [];
    for (const f of SAMPLE_POSITIONS)
      samples.push(await playerAt(client, scope, Math.floor(f * size), 'sample'));
    await verifyBoard(client, scope, size, [...probes, ...samples]);
    console.log(
      `[${players}] ${scope}: ${size} on the board; get_my_rank agrees with a count for ${probes.length + samples.length} players, ` +
        'get_leaderboard with rank()',
    );

    const t0 = performance.now();
    const myRank = await measure(client, {
      probes,
      sql: MY_RANK_SQL,
      params: [scope],
      naiveSql: naiveMyRankSql(scope),
      naiveParams: (p) => [p.playerId],
      calls: 300,
      naiveCalls: naiveCalls(players),
      warmup: 10,
    });
    const sanity = await explainMyRank(client, scope, probes[2] as Probe);
    const { figure, goal } = myRankFigure(BENCH, players, scope, size, myRank, sanity);
    figures.push(figure);
    if (goal) goals.push(goal);
    console.log(
      `[${players}] get_my_rank('${scope}'): median ${figure.median.toFixed(2)} ms (${positionMedians(myRank)}), ` +
        `naive ${figure.baseline?.median.toFixed(1)} ms, ${figure.ratio?.toFixed(0)}× (${seconds(performance.now() - t0)})`,
    );
    console.log(`[${players}]   ${sanityLine(sanity)}`);

    const t1 = performance.now();
    const top = await measure(client, {
      probes,
      sql: TOP_100_SQL,
      params: [scope],
      naiveSql: naiveTop100Sql(scope),
      naiveParams: () => [],
      calls: 150,
      naiveCalls: naiveCalls(players),
      warmup: 5,
    });
    const topFigure = top100Figure(BENCH, players, scope, size, top);
    figures.push(topFigure);
    console.log(
      `[${players}] get_leaderboard('${scope}', null, 100): median ${topFigure.median.toFixed(2)} ms, ` +
        `naive ${topFigure.baseline?.median.toFixed(1)} ms, ${topFigure.ratio?.toFixed(0)}× (${seconds(performance.now() - t1)})`,
    );
  }
}

async function benchmark(ref: { db: RunningPostgres | null; client: pg.Client | null }): Promise<void> {
  const started = performance.now();
  console.log(`ranking${QUICK ? ' (quick)' : ''}: starting PostgreSQL, bootstrap, migrations…`);
  const db = await startPostgres({ databaseUrl: '', postgresFlags: POSTGRES_FLAGS });
  ref.db = db;
  await bootstrap(db.connectionString, { log: () => {} });
  await migrate(db.connectionString, { log: () => {} });
  const client = new pg.Client(db.connectionString);
  // A server stopped under us (Ctrl-C) must end the run through the cleanup, not an unhandled event.
  client.on('error', (error) => console.error('database connection:', error.message));
  ref.client = client;
  await client.connect();

  const figures: Figure[] = [];
  const seeds: Figure[] = [];
  const goals: MyRankGoal[] = [];
  let from = 0;
  for (const players of SIZES) {
    console.log(`[${players}] seeding players ${from + 1}…${players}…`);
    const timing = await growPlayers(client, from, players);
    // Dirty pages are written now rather than by a checkpoint in the middle of the timings.
    await client.query('checkpoint');
    const seed = seedFigure(BENCH, from, players, timing);
    seeds.push(seed);
    console.log(`[${players}] seeded in ${seed.median.toFixed(1)} s (${seed.note})`);
    await benchSize(client, players, figures, goals);
    from = players;
  }

  const all = [...figures, ...seeds];
  recordFigures(BENCH, all);
  printFigures(all);
  if (goals.length === 0)
    console.log(`goals are held at ${GOALS.atPlayers.toLocaleString('en-US')} players (not in --quick)`);
  for (const g of goals) {
    console.log(
      `${g.fastMet ? '✔' : '✘'} ${g.label}: slowest position ${g.worstMs.toFixed(2)} ms (goal < ${GOALS.myRankMs} ms)`,
    );
    console.log(
      `${g.ratioMet ? '✔' : '✘'} ${g.label}: ${g.ratio.toFixed(0)}× the naive query (goal ≥ ${GOALS.speedup}×)`,
    );
  }
  console.log(`ranking finished in ${seconds(performance.now() - started)}`);
}

async function main(): Promise<void> {
  const ref: { db: RunningPostgres | null; client: pg.Client | null } = { db: null, client: null };
  let cleaning: Promise<void> | null = null;
  const cleanup = () => {
    cleaning ??= (async () => {
      await ref.client?.end().catch(() => {});
      // Without a data directory of our own, stop() also removes the temporary one.
      await ref.db?.stop().catch((error: unknown) => console.error('stopping PostgreSQL:', error));
    })();
    return cleaning;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  try {
    await benchmark(ref);
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
