/** What the progress view and the notifications need to know, computed from the local record by core. */
export interface ProgressSummary {
  readonly level: number;
  readonly title: string;
  readonly totalXp: number;
  /** XP earned inside the current level, and the size of the level. */
  readonly xpIntoLevel: number;
  readonly xpForLevel: number;
  readonly currentStreak: number;
  readonly longestStreak: number;
  readonly freezes: number;
  readonly todayCycles: number;
  readonly todaySeconds: number;
  readonly totalCycles: number;
  readonly achievements: readonly {
    readonly id: string;
    readonly name: string;
    readonly unlocked: boolean;
  }[];
}
