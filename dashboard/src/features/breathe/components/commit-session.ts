import {
  addToDay,
  type Earned,
  earnedSoFar,
  type ProgressRecord,
  type Session,
  sessionBonus,
} from '../../../shared/game.ts';

// Turning breathing time into the local record: counters are added as cycles complete (so a
// closed tab loses at most one cycle), and the session's bonuses once, when it ends.

export const nothingEarned: Earned = { cycles: 0, seconds: 0, xp: 0 };

/** Adds what was earned since the last commit; between cycles only when `force` (the session ends). */
export function commitProgress(
  record: ProgressRecord,
  session: Session,
  now: number,
  committed: Earned,
  force = false,
): {
  record: ProgressRecord;
  committed: Earned;
} {
  const earned = earnedSoFar(session, now);
  const delta = {
    cycles: earned.cycles - committed.cycles,
    seconds: earned.seconds - committed.seconds,
    xp: earned.xp - committed.xp,
  };
  if (delta.cycles === 0 && (!force || delta.seconds === 0)) return { record, committed };
  return { record: addToDay(record, session.day, delta), committed: earned };
}

export function commitEnd(
  record: ProgressRecord,
  session: Session,
  now: number,
  committed: Earned,
): {
  record: ProgressRecord;
  summary: Earned;
} {
  const progressed = commitProgress(record, session, now, committed, true);
  const seconds = progressed.committed.seconds;
  const bonus = sessionBonus(seconds, progressed.record.days[session.day]?.dailyBonus === true);
  let next = progressed.record;
  if (bonus.xp > 0)
    next = addToDay(next, session.day, { xp: bonus.xp, cycles: 0, seconds: 0, dailyBonus: bonus.dailyBonus });
  next = {
    ...next,
    sessions: next.sessions + (seconds > 0 ? 1 : 0),
    patternsTried: next.patternsTried.includes(session.pattern.id)
      ? next.patternsTried
      : [...next.patternsTried, session.pattern.id],
  };
  return { record: next, summary: { ...progressed.committed, xp: progressed.committed.xp + bonus.xp } };
}
