/** @breath-master/core: the rules of packages/core/RULES.md as pure functions. Everything public is listed here by name. */

export {
  ACHIEVEMENTS,
  type AchievementId,
  type AchievementInfo,
  deriveAchievements,
  deriveLocalAchievements,
  EXPLORER_PATTERN_IDS,
  getAchievement,
  type LocalAchievementId,
  SESSIONS_IN_A_WEEK,
  type SessionEntry,
  type SyncedAchievementId,
  type UnlockedAchievement,
} from './achievements.ts';
export {
  ACTIVE_DAY_SECONDS,
  addCounters,
  type DayCounters,
  type DayRow,
  type DeviceDays,
  EMPTY_DAY,
  isActiveDay,
  isPlausibleDay,
  MAX_DAY_SECONDS,
  maxDay,
  mergeDeviceDays,
  PUSH_WINDOW_DAYS,
  recentDays,
  sumDeviceDays,
} from './counters.ts';
export {
  CUSTOM_PATTERN_LIMITS,
  type PatternError,
  type PatternErrorCode,
  validateCustomPattern,
} from './custom-pattern.ts';
export { addDays, DayError, daysBetween, isDay, localDayOf, weekStart } from './days.ts';
export {
  buildExportDocument,
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  type ExportDocument,
} from './import/export-file.ts';
export { ImportError, type ImportErrorCode } from './import/import-error.ts';
export type { ImportFormat, ImportPlan, ImportTotals } from './import/import-plan.ts';
export { LEGACY_MAX_VERSION } from './import/legacy-export.ts';
export { type ImportOutcome, importIntoProgress } from './import/merge-import.ts';
export { type ParseImportOptions, parseImport, tryParseImport } from './import/parse-import.ts';
export {
  LEVEL_TITLES,
  type LevelInfo,
  levelForXp,
  levelNumberForXp,
  levelStartXp,
  titleForLevel,
} from './levels.ts';
export {
  BUILT_IN_PATTERN_IDS,
  type BuiltInPatternId,
  CUSTOM_PATTERN_ID,
  cycleMs,
  cycleSeconds,
  describeRhythm,
  getPattern,
  isBuiltInPatternId,
  PATTERN_ALIASES,
  PATTERNS,
  type Pattern,
  type PatternAliasId,
  PHASE_KINDS,
  type Phase,
  type PhaseKind,
  phaseLabel,
  phaseMs,
} from './patterns.ts';
export { type PlayerView, playerView } from './player-view.ts';
export {
  type AppliedSession,
  applySessionToProgress,
  recordXp,
  type SessionOutcome,
} from './progress/apply-session.ts';
export {
  isPlausibleRecord,
  MIGRATIONS,
  migrateProgress,
  ProgressError,
  type ProgressErrorCode,
  tryMigrateProgress,
} from './progress/migrations.ts';
export {
  emptyProgress,
  MAX_SESSION_HISTORY,
  markSynced,
  PROGRESS_VERSION,
  type ProgressRecord,
} from './progress/record.ts';
export { err, ok, type Result } from './result.ts';
export {
  advance,
  type EndReason,
  MAX_PAUSE_MS,
  pauseSession,
  resumeSession,
  SESSION_LENGTHS,
  type SessionEvent,
  type SessionLengthSeconds,
  type SessionState,
  type SessionStatus,
  type SessionStep,
  type StartSessionInput,
  startSession,
  stopSession,
} from './session.ts';
export { SessionPatternError } from './session-pattern.ts';
export { type SessionSummary, type SessionView, sessionView, summarizeSession } from './session-view.ts';
export {
  computeStreaks,
  FREEZE_EVERY_DAYS,
  MAX_FREEZES,
  type StreakRunDay,
  type Streaks,
  streakRuns,
} from './streaks.ts';
export {
  awardSession,
  BONUS_MIN_SECONDS,
  DAILY_BONUS_XP,
  LONG_SESSION_BONUS_XP,
  LONG_SESSION_SECONDS,
  RULES_VERSION,
  SESSION_BONUS_XP,
  type SessionAward,
  sessionBonus,
  type XpBreakdown,
  xpPerCycle,
} from './xp.ts';
