import { describe, expect, it } from 'vitest';
import { freshReminder, idleResetMs, onBreak, onEdit, reminderDue } from './reminder.ts';

const min = 60_000;

describe('editing reminder', () => {
  it('is due after N minutes of continuous editing', () => {
    let s = freshReminder;
    for (let t = 0; t <= 25 * min; t += min) s = onEdit(s, t);
    expect(reminderDue(s, 24 * min, 25)).toBe(false);
    expect(reminderDue(s, 25 * min, 25)).toBe(true);
  });

  it('is off at 0 minutes', () => {
    const s = onEdit(freshReminder, 0);
    expect(reminderDue(s, 999 * min, 0)).toBe(false);
  });

  it('restarts after a breathing break or a long quiet gap', () => {
    let s = freshReminder;
    for (let t = 0; t <= 20 * min; t += min) s = onEdit(s, t);
    expect(reminderDue(s, 20 * min, 20)).toBe(true);
    expect(reminderDue(onBreak(), 20 * min, 20)).toBe(false);
    const afterGap = onEdit(onEdit(freshReminder, 0), idleResetMs + 1);
    expect(afterGap.editingSince).toBe(idleResetMs + 1);
  });
});
