import type { PatternInfo, SessionOutcome } from './game.ts';
import type { BreathingGuide } from './guide/guide.ts';
import type { ProgressService } from './progress/progress-service.ts';
import type { Settings } from './settings.ts';
import type { SyncService } from './sync/sync-service.ts';

/** What command handlers may use; built once in extension.ts. */
export interface Services {
  readonly guide: BreathingGuide<SessionOutcome>;
  readonly progress: ProgressService;
  readonly sync: SyncService;
  readonly settings: () => Settings;
  readonly now: () => number;
  /** Starts a session with the configured pattern (shared by start and toggle). */
  readonly startSession: (pattern?: PatternInfo) => void;
}
