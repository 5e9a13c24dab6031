export { type BackoffOptions, backoffCeiling, backoffDelay, defaultBackoff } from './backoff.ts';
export {
  createSyncClient,
  defaultStorageKey,
  normalisePairingCode,
  type SyncClient,
  type SyncClientOptions,
} from './client.ts';
export { systemClock, type TimerClock } from './clock.ts';
export {
  classifyStatus,
  classifySyncError,
  clientErrorCodes,
  isClientOutdated,
  isSyncError,
  SyncError,
  type SyncErrorKind,
  syncErrorFromCall,
  toSyncError,
} from './errors.ts';
export { FakeClock } from './fake-clock.ts';
export {
  type SchedulerOptions,
  type SchedulerState,
  type SchedulerStatus,
  SyncScheduler,
} from './scheduler.ts';
export { memoryStorage, type SyncStorage, webStorageAdapter } from './storage.ts';
export { clientInfo, clientVersion } from './version.ts';
export type { DayCounters, DeviceInfo, MyProgress, MyStats, PairingCode } from './wire.ts';
