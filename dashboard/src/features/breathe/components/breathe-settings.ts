import type { SessionLengthSeconds } from '@breath-master/core';
import { create } from 'zustand';
import { persist } from 'zustand/middleware';

// UI preferences of the breathing page (not server state): kept in localStorage.
interface BreatheSettings {
  readonly patternId: string;
  readonly lengthSeconds: SessionLengthSeconds | null;
  readonly sound: boolean;
  setPattern(patternId: string): void;
  setLength(lengthSeconds: SessionLengthSeconds | null): void;
  setSound(sound: boolean): void;
}

export const useBreatheSettings = create<BreatheSettings>()(
  persist(
    (set) => ({
      patternId: 'box',
      lengthSeconds: 60,
      sound: false,
      setPattern: (patternId) => set({ patternId }),
      setLength: (lengthSeconds) => set({ lengthSeconds }),
      setSound: (sound) => set({ sound }),
    }),
    { name: 'bm.breathe-settings', version: 1 },
  ),
);
