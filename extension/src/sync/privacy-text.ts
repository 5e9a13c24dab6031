/** The consent text, kept in one place so the modal and the README say the same thing. */
export const syncConsent = {
  message: 'Sync your breathing progress?',
  detail: [
    'What is sent: an anonymous id made for this device, and per day the totals XP, cycles and seconds of breathing.',
    'What never leaves this machine: session logs, times of day, workspace and file names, anything you type.',
    'Your player gets a generated nickname; you can hide it from leaderboards, export everything the server holds, or delete it at any time.',
  ].join('\n\n'),
  accept: 'Enable Sync',
} as const;

export const deleteConfirmation = {
  message: 'Delete everything the sync server holds about you?',
  detail:
    'Removes your player, its daily totals and every linked device id from the server. Progress on this machine stays. Sync is turned off.',
  accept: 'Delete Synced Data',
} as const;

export const resetConfirmation = {
  message: 'Reset local progress?',
  detail:
    'Sets XP, level, streaks, achievements and daily totals on this machine back to zero. Data already synced stays on the server until you delete it.',
  accept: 'Reset Progress',
} as const;
