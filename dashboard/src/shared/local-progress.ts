import { useSyncExternalStore } from 'react';
import { emptyRecord, type ProgressRecord, parseRecord, RECORD_KEY, RecordError } from './game.ts';

// The web device's record in localStorage, readable by React through useSyncExternalStore.
// Every change marks the record dirty; the sync runner pushes it and clears the flag.

type Listener = () => void;
const listeners = new Set<Listener>();
let cached: { raw: string | null; record: ProgressRecord; error: RecordError | null } | undefined;

function read(): { record: ProgressRecord; error: RecordError | null } {
  const raw = localStorage.getItem(RECORD_KEY);
  if (cached?.raw === raw) return cached;
  try {
    cached = { raw, record: parseRecord(raw), error: null };
  } catch (e) {
    if (!(e instanceof RecordError)) throw e;
    // A broken record is kept untouched (never overwritten) and the app runs on an empty one.
    cached = { raw, record: emptyRecord, error: e };
  }
  return cached;
}

export function loadRecord(): ProgressRecord {
  return read().record;
}

export function recordError(): RecordError | null {
  return read().error;
}

/** Applies a change; refuses to overwrite a record it could not read. */
export function updateRecord(change: (record: ProgressRecord) => ProgressRecord): ProgressRecord {
  const current = read();
  if (current.error) throw current.error;
  const next = change(current.record);
  localStorage.setItem(RECORD_KEY, JSON.stringify(next));
  for (const listener of listeners) listener();
  return next;
}

export function subscribeRecord(listener: Listener): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === RECORD_KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function useLocalRecord(): ProgressRecord {
  return useSyncExternalStore(subscribeRecord, loadRecord, loadRecord);
}
