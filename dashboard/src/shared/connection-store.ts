import { create } from 'zustand';

// Whether the server answered lately: drives the "server unreachable" banner. The app keeps
// working locally either way (breathing, the local record); queries retry on their own.

interface ConnectionState {
  readonly serverReachable: boolean;
  readonly browserOnline: boolean;
  markReachable(reachable: boolean): void;
  setBrowserOnline(online: boolean): void;
}

export const useConnection = create<ConnectionState>((set) => ({
  serverReachable: true,
  browserOnline: typeof navigator === 'undefined' ? true : navigator.onLine,
  markReachable: (serverReachable) =>
    set((s) => (s.serverReachable === serverReachable ? s : { serverReachable })),
  setBrowserOnline: (browserOnline) => set({ browserOnline }),
}));
