/**
 * What syncing means, in the words of the extension's consent modal (extension/src/sync/privacy-text.ts),
 * with "this browser" for "this device", so both clients ask the same question.
 */
export const syncConsentText = {
  title: 'Sync your breathing progress?',
  adds: 'Syncing adds this browser’s breaths to a player of your own: a place on the leaderboard under a generated nickname, your level and streak on /me, teams, and the same totals on every device you link.',
  sent: 'What is sent: an anonymous id made for this browser, and per day the totals XP, cycles and seconds of breathing.',
  kept: 'What never leaves this browser: session logs, times of day, anything you type.',
  control:
    'Your player gets a generated nickname; you can hide it from leaderboards, export everything the server holds, or delete it at any time.',
  accept: 'Sync this browser',
  stop: 'Stop syncing',
} as const;
