// The dashboard's single door to the game rules (until @breath-master/core lands, backed by ./game/).
export { type LevelProgress, levelForXp, levelProgress, levelStartXp, levelTitle } from './game/levels.ts';
export {
  cycleSeconds,
  cycleXp,
  type Pattern,
  type Phase,
  type PhaseKind,
  patternById,
  patterns,
} from './game/patterns.ts';
export {
  addToDay,
  type DayTotals,
  emptyRecord,
  localDay,
  type ProgressRecord,
  parseRecord,
  pushableDays,
  RECORD_KEY,
  RecordError,
  totals,
} from './game/progress-record.ts';
export {
  type BreathPosition,
  breathingMs,
  type Earned,
  earnedSoFar,
  endSession,
  isOver,
  pauseSession,
  positionAt,
  resumeSession,
  type Session,
  sessionBonus,
  startSession,
} from './game/session.ts';
