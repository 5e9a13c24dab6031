/** Levels and titles (packages/core/RULES.md "Levels"). */

/** packages/core/RULES.md: level `n` starts at `50 × n × (n − 1)` XP (1 at 0, 2 at 100, 5 at 1,000, 20 at 19,000). */
export function levelStartXp(level: number): number {
  return 50 * level * (level - 1);
}

/** Title thresholds, highest first: a level carries the title of the highest threshold it has reached. */
export const LEVEL_TITLES: readonly { readonly fromLevel: number; readonly title: string }[] = [
  { fromLevel: 30, title: 'Eternal Exhale' },
  { fromLevel: 20, title: 'Serene Sage' },
  { fromLevel: 16, title: 'Breath Master' },
  { fromLevel: 12, title: 'Zen Engineer' },
  { fromLevel: 8, title: 'Focused Flow' },
  { fromLevel: 5, title: 'Calm Coder' },
  { fromLevel: 3, title: 'Steady Breather' },
  { fromLevel: 1, title: 'Novice Breather' },
];

export function titleForLevel(level: number): string {
  return LEVEL_TITLES.find((t) => level >= t.fromLevel)?.title ?? 'Novice Breather';
}

/** The level reached with `xp` total XP: the largest n with levelStartXp(n) ≤ xp (negative XP counts as 0). */
export function levelNumberForXp(xp: number): number {
  const x = Math.max(0, Math.floor(xp));
  // Solving 50n(n−1) ≤ x gives n ≤ (1 + √(1 + 0.08x)) / 2; the float estimate is then corrected exactly.
  let n = Math.max(1, Math.floor((1 + Math.sqrt(1 + 0.08 * x)) / 2));
  while (levelStartXp(n + 1) <= x) n++;
  while (n > 1 && levelStartXp(n) > x) n--;
  return n;
}

export interface LevelInfo {
  readonly level: number;
  readonly title: string;
  /** XP at which this level starts. */
  readonly levelStartXp: number;
  /** XP at which the next level starts. */
  readonly nextLevelXp: number;
  readonly xpIntoLevel: number;
  readonly xpToNext: number;
  /** 0 ≤ progress < 1 through the current level. */
  readonly progress: number;
}

export function levelForXp(xp: number): LevelInfo {
  const x = Math.max(0, Math.floor(xp));
  const level = levelNumberForXp(x);
  const start = levelStartXp(level);
  const next = levelStartXp(level + 1);
  return {
    level,
    title: titleForLevel(level),
    levelStartXp: start,
    nextLevelXp: next,
    xpIntoLevel: x - start,
    xpToNext: next - x,
    progress: (x - start) / (next - start),
  };
}
