import type { Services } from '../services.ts';

export const start = (s: Services) => async (): Promise<void> => {
  if (!s.guide.running) s.startSession();
};
