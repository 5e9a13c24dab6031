import { describe, expect, it } from 'vitest';
import { FakeMemento } from '../test-support/fake-vscode.ts';
import { ProgressStore, progressBackupKey, progressKey, type RecordCodec } from './progress-store.ts';

interface Rec {
  version: 2;
  xp: number;
}

/** A two-version codec: v1 stored `points`, v2 stores `xp`; anything newer is refused. */
const codec: RecordCodec<Rec> = {
  empty: () => ({ version: 2, xp: 0 }),
  migrate: (raw) => {
    const r = raw as { version?: number; points?: number; xp?: number };
    if (r?.version === 1 && typeof r.points === 'number') return { version: 2, xp: r.points };
    if (r?.version === 2 && typeof r.xp === 'number') return { version: 2, xp: r.xp };
    throw new Error(`cannot read progress version ${String(r?.version)}`);
  },
};

describe('ProgressStore', () => {
  it('starts empty and saves the record under one key, the previous one under the backup key', async () => {
    const memento = new FakeMemento();
    const store = new ProgressStore(memento, codec);
    expect(store.load()).toMatchObject({ source: 'empty', readOnly: false, record: { xp: 0 } });
    await store.save({ version: 2, xp: 4 });
    await store.save({ version: 2, xp: 9 });
    expect(memento.get(progressKey)).toEqual({ version: 2, xp: 9 });
    expect(memento.get(progressBackupKey)).toEqual({ version: 2, xp: 4 });
  });

  it('migrates an old record on load', () => {
    const memento = new FakeMemento();
    memento.data.set(progressKey, { version: 1, points: 42 });
    expect(new ProgressStore(memento, codec).load()).toMatchObject({ source: 'primary', record: { xp: 42 } });
  });

  it('keeps the last good record when a write fails between the two keys', async () => {
    const memento = new FakeMemento();
    const store = new ProgressStore(memento, codec);
    await store.save({ version: 2, xp: 4 });
    memento.failNextUpdate = progressKey;
    await expect(store.save({ version: 2, xp: 9 })).rejects.toThrow('simulated failure');
    expect(new ProgressStore(memento, codec).load()).toMatchObject({ source: 'primary', record: { xp: 4 } });
    // The next save goes through: a failed write does not block later ones.
    await store.save({ version: 2, xp: 12 });
    expect(new ProgressStore(memento, codec).load().record.xp).toBe(12);
  });

  it('falls back to the backup when the primary is corrupt, and never lets corruption replace the backup', async () => {
    const memento = new FakeMemento();
    memento.data.set(progressKey, { version: 2, xp: 'garbage' });
    memento.data.set(progressBackupKey, { version: 2, xp: 7 });
    const store = new ProgressStore(memento, codec);
    const loaded = store.load();
    expect(loaded).toMatchObject({ source: 'backup', record: { xp: 7 } });
    expect(loaded.problem).toContain('primary');
    await store.save({ version: 2, xp: 8 });
    expect(memento.get(progressBackupKey)).toEqual({ version: 2, xp: 7 });
    expect(memento.get(progressKey)).toEqual({ version: 2, xp: 8 });
  });

  it('refuses to overwrite a record it cannot read (saved by a newer version)', async () => {
    const memento = new FakeMemento();
    memento.data.set(progressKey, { version: 99, xp: 1000 });
    const store = new ProgressStore(memento, codec);
    expect(store.load()).toMatchObject({ source: 'empty', readOnly: true });
    await expect(store.save({ version: 2, xp: 1 })).rejects.toMatchObject({ code: 'progress_read_only' });
    expect(memento.get(progressKey)).toEqual({ version: 99, xp: 1000 });
  });

  it('serialises concurrent saves in call order', async () => {
    const memento = new FakeMemento();
    const store = new ProgressStore(memento, codec);
    await Promise.all([1, 2, 3].map((xp) => store.save({ version: 2, xp })));
    expect(memento.get(progressKey)).toEqual({ version: 2, xp: 3 });
    expect(memento.get(progressBackupKey)).toEqual({ version: 2, xp: 2 });
  });

  it('reset keeps the old record in the backup', async () => {
    const memento = new FakeMemento();
    const store = new ProgressStore(memento, codec);
    await store.save({ version: 2, xp: 50 });
    expect(await store.reset()).toEqual({ version: 2, xp: 0 });
    expect(memento.get(progressBackupKey)).toEqual({ version: 2, xp: 50 });
  });
});
