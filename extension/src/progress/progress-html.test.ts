import { describe, expect, it } from 'vitest';
import { progressHtml } from './progress-html.ts';
import type { ProgressSummary } from './summary.ts';

const summary: ProgressSummary = {
  level: 3,
  title: 'Steady Breather',
  totalXp: 350,
  xpIntoLevel: 50,
  xpForLevel: 300,
  currentStreak: 4,
  longestStreak: 9,
  freezes: 1,
  todayCycles: 12,
  todaySeconds: 190,
  totalCycles: 410,
  achievements: [
    { id: 'a', name: 'First Breath', unlocked: true },
    { id: 'b', name: 'Streak <3>', unlocked: false },
  ],
};

describe('progressHtml', () => {
  it('shows level, XP to the next level, streak, today and achievements', () => {
    const html = progressHtml(
      summary,
      { enabled: false, handle: null, state: 'off', player: null },
      'vscode-resource:',
    );
    expect(html).toContain('Level 3 · Steady Breather');
    expect(html).toContain('250 XP to level 4');
    expect(html).toContain('4 days (longest 9, 1 freeze held)');
    expect(html).toContain('<dt>Breaths</dt><dd>12</dd>');
    expect(html).toContain('3 minutes');
    expect(html).toContain('✓ First Breath');
    expect(html).toContain('Sync off');
  });

  it("adds the player's totals over all linked devices when there are several", () => {
    const player = { level: 4, totalXp: 700, devices: 2 };
    const on = { enabled: true, handle: 'Calm Otter 4821', state: 'up to date', player };
    expect(progressHtml(summary, on, 'x')).toContain(
      'Sync on as Calm Otter 4821 (up to date). All 2 devices together: level 4, 700 XP.',
    );
    const alone = { ...on, player: { ...player, devices: 1 } };
    expect(progressHtml(summary, alone, 'x')).not.toContain('devices together');
  });

  it('escapes text and allows no scripts', () => {
    const html = progressHtml(
      summary,
      { enabled: true, handle: '<img src=x onerror=alert(1)>', state: 'up to date', player: null },
      'vscode-resource:',
    );
    expect(html).not.toContain('<img');
    expect(html).toContain('Streak &lt;3&gt;');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toContain('<script');
  });
});
