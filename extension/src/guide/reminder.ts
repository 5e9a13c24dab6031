/**
 * The editing reminder: after `minutes` of editing without a breathing break, nudge once.
 * Pure state so the rule is testable; the host feeds it edit events and session ends.
 */
export interface ReminderState {
  /** When the current stretch of editing began (ms), or null when nothing was edited since the last break. */
  readonly editingSince: number | null;
  /** The last edit (ms); a long gap counts as a break of its own. */
  readonly lastEditAt: number | null;
}

export const freshReminder: ReminderState = { editingSince: null, lastEditAt: null };

/** Ten quiet minutes are a break too: away from the keyboard, the clock restarts. */
export const idleResetMs = 10 * 60_000;

export function onEdit(state: ReminderState, now: number): ReminderState {
  const idle = state.lastEditAt === null || now - state.lastEditAt >= idleResetMs;
  return { editingSince: idle || state.editingSince === null ? now : state.editingSince, lastEditAt: now };
}

/** A breathing session counts as the break. */
export function onBreak(): ReminderState {
  return freshReminder;
}

export function reminderDue(state: ReminderState, now: number, minutes: number): boolean {
  if (minutes <= 0 || state.editingSince === null) return false;
  return now - state.editingSince >= minutes * 60_000;
}
