/** Adding a finished session to the local progress record, with what to tell the person about it. */

import {
  type AchievementId,
  deriveAchievements,
  deriveLocalAchievements,
  type UnlockedAchievement,
} from '../achievements.ts';
import { EMPTY_DAY } from '../counters.ts';
import { addDays } from '../days.ts';
import { type LevelInfo, levelForXp } from '../levels.ts';
import type { SessionSummary } from '../session-view.ts';
import { awardSession, type XpBreakdown } from '../xp.ts';
import { DAILY_BONUS_MEMORY_DAYS, MAX_SESSION_HISTORY, type ProgressRecord } from './record.ts';

export interface SessionOutcome {
  readonly xp: number;
  readonly breakdown: XpBreakdown;
  readonly levelBefore: LevelInfo;
  readonly levelAfter: LevelInfo;
  readonly leveledUp: boolean;
  /** Achievements this session unlocked (synced ones as far as this device's own days show them). */
  readonly newAchievements: readonly UnlockedAchievement[];
}

export interface AppliedSession {
  readonly record: ProgressRecord;
  readonly outcome: SessionOutcome;
}

/** Total XP of this device's days. */
export function recordXp(record: ProgressRecord): number {
  return Object.values(record.deviceDays).reduce((sum, c) => sum + c.xp, 0);
}

/**
 * Adds a finished session to the day it started on (see awardSession), remembers it for local achievements and
 * marks the record dirty. A session without a second of breathing changes nothing.
 */
export function applySessionToProgress(record: ProgressRecord, summary: SessionSummary): AppliedSession {
  const levelBefore = levelForXp(recordXp(record));
  if (summary.seconds <= 0) {
    const outcome = {
      xp: 0,
      breakdown: { cycles: 0, session: 0, daily: 0, capped: 0 },
      levelBefore,
      levelAfter: levelBefore,
      leveledUp: false,
      newAchievements: [],
    };
    return { record, outcome };
  }
  const bonusGiven = record.dailyBonusDays.includes(summary.day);
  const award = awardSession(record.deviceDays[summary.day] ?? EMPTY_DAY, summary, bonusGiven);
  const deviceDays = { ...record.deviceDays, [summary.day]: award.dayAfter };
  const oldestBonusDay = addDays(summary.day, -DAILY_BONUS_MEMORY_DAYS);
  const dailyBonusDays = record.dailyBonusDays.filter((d) => d >= oldestBonusDay && d !== summary.day);
  if (award.dailyBonusGiven) dailyBonusDays.push(summary.day);
  const sessions = [...record.sessions, { day: summary.day, patternId: summary.patternId }].slice(
    -MAX_SESSION_HISTORY,
  );
  const patternsTried = record.patternsTried.includes(summary.patternId)
    ? record.patternsTried
    : [...record.patternsTried, summary.patternId];

  const unlocked = [...deriveAchievements(deviceDays), ...deriveLocalAchievements(sessions, patternsTried)];
  const newAchievements = unlocked.filter((u) => record.achievements[u.id] === undefined);
  const achievements: Partial<Record<AchievementId, string>> = { ...record.achievements };
  for (const u of newAchievements) achievements[u.id] = u.unlockedOn;

  const next: ProgressRecord = {
    ...record,
    deviceDays,
    dailyBonusDays: dailyBonusDays.sort(),
    sessions,
    patternsTried,
    achievements,
    dirty: true,
  };
  const levelAfter = levelForXp(recordXp(next));
  return {
    record: next,
    outcome: {
      xp: award.xp,
      breakdown: award.breakdown,
      levelBefore,
      levelAfter,
      leveledUp: levelAfter.level > levelBefore.level,
      newAchievements,
    },
  };
}
