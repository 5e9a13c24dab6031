import { create } from 'zustand';
import { persist } from 'zustand/middleware';

// UI preferences of the breathing page (not server state): kept in localStorage.
interface BreatheSettings {
  readonly patternId: string;
  readonly lengthMinutes: number | null;
  readonly sound: boolean;
  setPattern(patternId: string): void;
  setLength(lengthMinutes: number | null): void;
  setSound(sound: boolean): void;
}

export const useBreatheSettings = create<BreatheSettings>()(
  persist(
    (set) => ({
      patternId: 'box',
      lengthMinutes: 1,
      sound: false,
      setPattern: (patternId) => set({ patternId }),
      setLength: (lengthMinutes) => set({ lengthMinutes }),
      setSound: (sound) => set({ sound }),
    }),
    { name: 'bm.breathe-settings' },
  ),
);
