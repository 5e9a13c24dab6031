import * as vscode from 'vscode';

/** The extension's settings, one typed field per documented key in package.json. */
export interface Settings {
  /** breathMaster.pattern: a built-in pattern id, or `custom`. */
  readonly pattern: string;
  /** breathMaster.customPattern: phases of the custom pattern, checked by core before use. */
  readonly customPattern: readonly { readonly kind: string; readonly seconds: number }[];
  /** breathMaster.sessionMinutes: 1, 3, 5 or 10; 0 runs until stopped. */
  readonly sessionMinutes: 0 | 1 | 3 | 5 | 10;
  /** breathMaster.showStatusBar */
  readonly showStatusBar: boolean;
  /** breathMaster.reminderMinutes: 0 turns the editing reminder off. */
  readonly reminderMinutes: number;
  /** breathMaster.sound */
  readonly sound: boolean;
  /** breathMaster.sync.enabled: off until the person reads what is sent and agrees. */
  readonly syncEnabled: boolean;
  /** breathMaster.sync.serverUrl */
  readonly serverUrl: string;
  /** breathMaster.sync.anonKey: the server's public key. */
  readonly anonKey: string;
  /** breathMaster.dashboardUrl */
  readonly dashboardUrl: string;
}

export const settingsSection = 'breathMaster';

/** Keys under `breathMaster.` that the extension writes. */
export type WritableSetting = 'pattern' | 'sync.enabled';

export const localAnonKey =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';

export const defaultSettings: Settings = {
  pattern: 'box',
  customPattern: [
    { kind: 'inhale', seconds: 4 },
    { kind: 'exhale', seconds: 6 },
  ],
  sessionMinutes: 0,
  showStatusBar: true,
  reminderMinutes: 0,
  sound: false,
  syncEnabled: false,
  serverUrl: 'http://127.0.0.1:54321',
  anonKey: localAnonKey,
  dashboardUrl: 'http://127.0.0.1:5173',
};

function typed<T>(value: unknown, fallback: T, check: (v: unknown) => boolean): T {
  return check(value) ? (value as T) : fallback;
}

const isString = (v: unknown) => typeof v === 'string' && v.length > 0;
const isBoolean = (v: unknown) => typeof v === 'boolean';
const isPhaseList = (v: unknown) =>
  Array.isArray(v) &&
  v.every(
    (p) => typeof p === 'object' && p !== null && typeof p.kind === 'string' && typeof p.seconds === 'number',
  );

/** Reads every setting, falling back to the default when a value has the wrong type. */
export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(settingsSection);
  const d = defaultSettings;
  const minutes = c.get<unknown>('reminderMinutes');
  return {
    pattern: typed(c.get('pattern'), d.pattern, isString),
    customPattern: typed(c.get('customPattern'), d.customPattern, isPhaseList),
    sessionMinutes: typed(c.get('sessionMinutes'), d.sessionMinutes, (v) =>
      [0, 1, 3, 5, 10].includes(v as number),
    ),
    showStatusBar: typed(c.get('showStatusBar'), d.showStatusBar, isBoolean),
    reminderMinutes:
      typeof minutes === 'number' && Number.isFinite(minutes) && minutes >= 0 ? minutes : d.reminderMinutes,
    sound: typed(c.get('sound'), d.sound, isBoolean),
    syncEnabled: typed(c.get('sync.enabled'), d.syncEnabled, isBoolean),
    serverUrl: typed(c.get('sync.serverUrl'), d.serverUrl, isString),
    anonKey: typed(c.get('sync.anonKey'), d.anonKey, isString),
    dashboardUrl: typed(c.get('dashboardUrl'), d.dashboardUrl, isString),
  };
}

export async function writeSetting(key: WritableSetting, value: unknown): Promise<void> {
  await vscode.workspace
    .getConfiguration(settingsSection)
    .update(key, value, vscode.ConfigurationTarget.Global);
}

/** Calls back with fresh settings whenever any breathMaster setting changes. */
export function onSettingsChanged(listener: (settings: Settings) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(settingsSection)) listener(readSettings());
  });
}

/** VS Code's reduced-motion preference: `on`, or `auto` following the OS (unknown here, so treated as off). */
export function prefersReducedMotion(): boolean {
  return vscode.workspace.getConfiguration('workbench').get<string>('reduceMotion') === 'on';
}
