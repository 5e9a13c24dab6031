export {
  ConfigError,
  type ConfigErrorCode,
  type LoadSettingsOptions,
  loadLocalSettings,
} from './config/load.ts';
export { defaultSettings, type LocalSettings } from './config/settings.ts';
export { matchesMinute, parseSchedule, type Schedule } from './cron/schedule.ts';
export {
  type CronJobStats,
  type CronScheduler,
  type CronSchedulerOptions,
  startCronScheduler,
} from './cron/scheduler.ts';
// The database half: PostgreSQL, Supabase's bootstrap, the migration runner.
export { authenticatorUrl, type BootstrapOptions, bootstrap } from './db/bootstrap.ts';
export { DatabaseError, type DatabaseErrorCode } from './db/errors.ts';
export { type MigrateOptions, type MigrateResult, migrate } from './db/migrate.ts';
export {
  DATABASE_PASSWORD,
  type RunningPostgres,
  type StartPostgresOptions,
  startPostgres,
} from './db/postgres.ts';
export { defaultMigrationsDir, defaultSeedFile, findRepoRoot } from './db/repo-root.ts';
export type { Gateway, GatewayOptions } from './gateway/server.ts';
export { createGateway } from './gateway/server.ts';
export * from './keys.ts';
export { createRequestLogger, type RequestLogger } from './log.ts';
export { createRealtime, type Realtime, type RealtimeOptions, type RealtimeStats } from './realtime/index.ts';
export {
  DEFAULT_REALTIME_PLAN,
  isRealtimePlan,
  LIMIT_ERRORS,
  type RateWindow,
  REALTIME_PLANS,
  REALTIME_RATE_WINDOW,
  type RealtimeLimitStats,
  type RealtimeLimits,
  type RealtimePlan,
} from './realtime/limits.ts';
export type { Devstack, DevstackOptions, TestStackOptions } from './stack.ts';
export { REPO_ROOT, startDevstack, startTestStack } from './stack.ts';
