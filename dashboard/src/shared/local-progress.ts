import { emptyProgress, migrateProgress, ProgressError, type ProgressRecord } from '@breath-master/core';
import { useSyncExternalStore } from 'react';

// The web device's progress: core's versioned record in localStorage, readable by React through
// useSyncExternalStore. Finished sessions mark it dirty; the sync runner pushes and clears that.

export const RECORD_KEY = 'bm.progress';

type Listener = () => void;
const listeners = new Set<Listener>();
const empty = emptyProgress();

/** A saved record this version cannot read, exactly as it is stored (for the person to keep). */
export interface UnreadableRecord {
  readonly raw: string;
  readonly error: ProgressError;
}

let cached:
  | {
      raw: string | null;
      record: ProgressRecord;
      error: ProgressError | null;
      unreadable: UnreadableRecord | null;
    }
  | undefined;

function read(): {
  record: ProgressRecord;
  error: ProgressError | null;
  unreadable: UnreadableRecord | null;
} {
  const raw = localStorage.getItem(RECORD_KEY);
  if (cached?.raw === raw) return cached;
  try {
    cached = {
      raw,
      record: raw === null ? empty : migrateProgress(JSON.parse(raw)),
      error: null,
      unreadable: null,
    };
  } catch (e) {
    const error =
      e instanceof ProgressError
        ? e
        : new ProgressError('malformed', 'the saved progress is not readable JSON');
    // A record that cannot be read is kept untouched (never overwritten); the app runs on an empty one
    // and says so (useUnreadableRecord), so the person can keep a copy or update the app.
    cached = { raw, record: empty, error, unreadable: raw === null ? null : { raw, error } };
  }
  return cached;
}

export function loadRecord(): ProgressRecord {
  return read().record;
}

export function recordError(): ProgressError | null {
  return read().error;
}

function unreadableRecord(): UnreadableRecord | null {
  return read().unreadable;
}

/** Applies a change; refuses to overwrite a record it could not read. */
export function updateRecord(change: (record: ProgressRecord) => ProgressRecord): ProgressRecord {
  const current = read();
  if (current.error) throw current.error;
  const next = change(current.record);
  if (next === current.record) return next;
  localStorage.setItem(RECORD_KEY, JSON.stringify(next));
  for (const listener of listeners) listener();
  return next;
}

/** Forgets this browser's record (after deleting everything on the server). */
export function clearRecord(): void {
  localStorage.removeItem(RECORD_KEY);
  for (const listener of listeners) listener();
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

/** The saved record when it cannot be read (a newer version wrote it, or it is damaged), else null. */
export function useUnreadableRecord(): UnreadableRecord | null {
  return useSyncExternalStore(subscribeRecord, unreadableRecord, unreadableRecord);
}
