import type { ProgressSummary } from '../progress/summary.ts';
import { type ProgressRecord, usedEveryPattern } from './record.ts';
import { activeDaySeconds, addDays, levelForXp, levelStart, streaks, titleForLevel } from './rules.ts';

/** Summarises the record for the progress view, the notifications and the achievements. */
export function summarize(record: ProgressRecord, today: string): ProgressSummary {
  const entries = Object.entries(record.days);
  const totalXp = entries.reduce((s, [, e]) => s + e.xp, 0);
  const totalCycles = entries.reduce((s, [, e]) => s + e.cycles, 0);
  const active = new Set(entries.filter(([, e]) => e.seconds >= activeDaySeconds).map(([d]) => d));
  const s = streaks(active, today);
  const level = levelForXp(totalXp);
  const todayEntry = record.days[today];
  const weekStart = addDays(today, -6);
  const sessionsThisWeek = record.recentSessionDays.filter((d) => d >= weekStart && d <= today).length;
  const maxDaySeconds = entries.reduce((m, [, e]) => Math.max(m, e.seconds), 0);
  const achievements = [
    { id: 'first-breath', name: 'First Breath', unlocked: totalCycles >= 1 },
    { id: 'five-minutes', name: 'Five Minutes of Calm', unlocked: maxDaySeconds >= 300 },
    { id: 'streak-3', name: '3-Day Streak', unlocked: s.longest >= 3 },
    { id: 'streak-7', name: '7-Day Streak', unlocked: s.longest >= 7 },
    { id: 'streak-30', name: '30-Day Streak', unlocked: s.longest >= 30 },
    { id: 'streak-100', name: '100-Day Streak', unlocked: s.longest >= 100 },
    { id: 'cycles-100', name: '100 Breaths', unlocked: totalCycles >= 100 },
    { id: 'cycles-1000', name: '1,000 Breaths', unlocked: totalCycles >= 1000 },
    { id: 'cycles-10000', name: '10,000 Breaths', unlocked: totalCycles >= 10_000 },
    { id: 'level-5', name: 'Level 5', unlocked: level >= 5 },
    { id: 'level-10', name: 'Level 10', unlocked: level >= 10 },
    { id: 'level-20', name: 'Level 20', unlocked: level >= 20 },
    { id: 'every-pattern', name: 'Tried Every Pattern', unlocked: usedEveryPattern(record) },
    { id: 'custom-pattern', name: 'Your Own Rhythm', unlocked: record.patternsUsed.includes('custom') },
    { id: 'ten-sessions-week', name: 'Ten Sessions in a Week', unlocked: sessionsThisWeek >= 10 },
  ];
  return {
    level,
    title: titleForLevel(level),
    totalXp,
    xpIntoLevel: totalXp - levelStart(level),
    xpForLevel: levelStart(level + 1) - levelStart(level),
    currentStreak: s.current,
    longestStreak: s.longest,
    freezes: s.freezes,
    todayCycles: todayEntry?.cycles ?? 0,
    todaySeconds: todayEntry?.seconds ?? 0,
    totalCycles,
    achievements,
  };
}
