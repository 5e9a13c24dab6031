/** The synced achievements (ids as `get_my_progress` returns them), in the order they are shown. */
export const achievementNames: readonly { id: string; name: string; detail: string }[] = [
  { id: 'first-breath', name: 'First Breath', detail: 'Completed a first cycle' },
  { id: 'five-minutes', name: 'Five Minutes of Calm', detail: 'Breathed 5 minutes in one day' },
  { id: 'streak-3', name: 'Three in a Row', detail: 'A 3-day streak' },
  { id: 'streak-7', name: 'A Calm Week', detail: 'A 7-day streak' },
  { id: 'streak-30', name: 'A Calm Month', detail: 'A 30-day streak' },
  { id: 'streak-100', name: 'Hundred Days', detail: 'A 100-day streak' },
  { id: 'cycles-100', name: '100 Breaths', detail: '100 cycles in all' },
  { id: 'cycles-1000', name: '1,000 Breaths', detail: '1,000 cycles in all' },
  { id: 'cycles-10000', name: '10,000 Breaths', detail: '10,000 cycles in all' },
  { id: 'level-5', name: 'Calm Coder', detail: 'Reached level 5' },
  { id: 'level-10', name: 'Level 10', detail: 'Reached level 10' },
  { id: 'level-20', name: 'Serene Sage', detail: 'Reached level 20' },
  { id: 'team-goal', name: 'Team Goal Reached', detail: 'A team you are in reached its goal' },
];
