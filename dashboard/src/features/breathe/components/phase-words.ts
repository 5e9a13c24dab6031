import type { PhaseKind } from '../../../shared/game.ts';

export const phaseWords: Record<PhaseKind, string> = {
  inhale: 'Breathe in',
  hold: 'Hold',
  exhale: 'Breathe out',
  rest: 'Rest',
};
