/** Where the sync runner leaves the `my_stats` of this device's player after each push. */
export const myStatsKey = ['my-stats'] as const;
