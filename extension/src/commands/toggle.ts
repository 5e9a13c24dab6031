import type { Services } from '../services.ts';

/** The status bar item's click. */
export const toggle = (s: Services) => async (): Promise<void> => {
  if (s.guide.running) s.guide.stop();
  else s.startSession();
};
