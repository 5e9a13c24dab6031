import type { ProgressSummary } from './summary.ts';

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function minutes(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return m === 1 ? '1 minute' : `${m} minutes`;
}

export interface SyncLine {
  readonly enabled: boolean;
  readonly handle: string | null;
  readonly state: string;
  /** The player's figures over all linked devices, as the server last reported them. */
  readonly player: { readonly level: number; readonly totalXp: number; readonly devices: number } | null;
}

/**
 * The progress panel: a static page with no scripts (the CSP forbids them), styled with the
 * theme's own CSS variables so it fits light, dark and high-contrast themes.
 */
export function progressHtml(summary: ProgressSummary, sync: SyncLine, cspSource: string): string {
  const toNext = summary.xpForLevel - summary.xpIntoLevel;
  const percent = summary.xpForLevel > 0 ? Math.round((100 * summary.xpIntoLevel) / summary.xpForLevel) : 0;
  const achievements = summary.achievements
    .map(
      (a) =>
        `<li class="${a.unlocked ? 'unlocked' : 'locked'}">${a.unlocked ? '✓' : '○'} ${escapeHtml(a.name)}</li>`,
    )
    .join('');
  const player =
    sync.enabled && sync.player && sync.player.devices > 1
      ? ` All ${sync.player.devices} devices together: level ${sync.player.level}, ${sync.player.totalXp} XP.`
      : '';
  const syncText = sync.enabled
    ? `Sync on${sync.handle ? ` as ${escapeHtml(sync.handle)}` : ''} (${escapeHtml(sync.state)}).${player}`
    : 'Sync off: everything stays on this machine.';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>My progress</title>
<style>
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 1rem 1.5rem; max-width: 40rem; }
h1 { font-weight: 500; margin-bottom: 0.2rem; }
.muted { color: var(--vscode-descriptionForeground); }
.bar { height: 0.5rem; background: var(--vscode-editorWidget-background); border-radius: 0.25rem; overflow: hidden; }
.bar > div { height: 100%; background: var(--vscode-progressBar-background); }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.3rem 1rem; }
dt { color: var(--vscode-descriptionForeground); }
ul { list-style: none; padding: 0; columns: 2; }
li.locked { color: var(--vscode-disabledForeground); }
</style>
</head>
<body>
<h1>Level ${summary.level} · ${escapeHtml(summary.title)}</h1>
<p class="muted">${summary.totalXp} XP · ${toNext} XP to level ${summary.level + 1}</p>
<div class="bar" role="progressbar" aria-valuenow="${percent}" aria-valuemin="0" aria-valuemax="100"><div style="width:${percent}%"></div></div>
<h2>Today</h2>
<dl>
<dt>Breaths</dt><dd>${summary.todayCycles}</dd>
<dt>Time</dt><dd>${minutes(summary.todaySeconds)}</dd>
<dt>Streak</dt><dd>${summary.currentStreak} ${summary.currentStreak === 1 ? 'day' : 'days'} (longest ${summary.longestStreak}${summary.freezes > 0 ? `, ${summary.freezes} freeze${summary.freezes === 1 ? '' : 's'} held` : ''})</dd>
<dt>All time</dt><dd>${summary.totalCycles} breaths</dd>
</dl>
<h2>Achievements</h2>
<ul>${achievements}</ul>
<p class="muted">${syncText}</p>
</body>
</html>`;
}
