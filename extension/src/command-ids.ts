/** Every command the extension contributes; package.json lists the same ids (a test checks). */
export const commandIds = {
  start: 'breathMaster.start',
  stop: 'breathMaster.stop',
  toggle: 'breathMaster.toggle',
  choosePattern: 'breathMaster.choosePattern',
  showProgress: 'breathMaster.showProgress',
  enableSync: 'breathMaster.enableSync',
  disableSync: 'breathMaster.disableSync',
  linkDevice: 'breathMaster.linkDevice',
  openDashboard: 'breathMaster.openDashboard',
  exportData: 'breathMaster.exportData',
  importData: 'breathMaster.importData',
  deleteSyncedData: 'breathMaster.deleteSyncedData',
  resetProgress: 'breathMaster.resetProgress',
} as const;

export type CommandName = keyof typeof commandIds;
export type CommandId = (typeof commandIds)[CommandName];
