const titles: readonly [number, string][] = [
  [30, 'Eternal Exhale'],
  [20, 'Serene Sage'],
  [16, 'Breath Master'],
  [12, 'Zen Engineer'],
  [8, 'Focused Flow'],
  [5, 'Calm Coder'],
  [3, 'Steady Breather'],
  [1, 'Novice Breather'],
];

/** XP at which level `n` starts: 50 × n × (n − 1). */
export function levelStartXp(level: number): number {
  return 50 * level * (level - 1);
}

export function levelForXp(xp: number): number {
  let level = Math.max(1, Math.floor((1 + Math.sqrt(1 + (4 * Math.max(0, xp)) / 50)) / 2));
  // The square root can land a hair off on exact boundaries.
  while (levelStartXp(level + 1) <= xp) level += 1;
  while (level > 1 && levelStartXp(level) > xp) level -= 1;
  return level;
}

export function levelTitle(level: number): string {
  return titles.find(([from]) => level >= from)?.[1] ?? 'Novice Breather';
}

export interface LevelProgress {
  readonly level: number;
  readonly title: string;
  readonly intoLevel: number;
  readonly levelSpan: number;
  readonly toNext: number;
  readonly fraction: number;
}

export function levelProgress(xp: number): LevelProgress {
  const level = levelForXp(xp);
  const start = levelStartXp(level);
  const span = levelStartXp(level + 1) - start;
  return {
    level,
    title: levelTitle(level),
    intoLevel: xp - start,
    levelSpan: span,
    toNext: start + span - xp,
    fraction: (xp - start) / span,
  };
}
