import type { Services } from '../services.ts';

/** Stopping hands the session to the guide's finish handler, which records it (see extension.ts). */
export const stop = (s: Services) => async (): Promise<void> => {
  s.guide.stop();
};
