import { FakeClock } from '@breath-master/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import manifest from '../../package.json' with { type: 'json' };
import { commandIds } from '../command-ids.ts';
import { activate } from '../extension.ts';
import { exportDocument, localDay } from '../game.ts';
import type { Services } from '../services.ts';
import { progressKey } from '../storage/progress-store.ts';
import { createFakeContext, fake, resetFakeVscode, Uri } from '../test-support/fake-vscode.ts';
import { importAccept, importSources } from './import-text.ts';

let context: ReturnType<typeof createFakeContext>;
let clock: FakeClock;
let services: Services;
const run = (id: string) => fake.commands.get(id)?.();
const flush = () => new Promise((r) => setImmediate(r));
const realFetch = globalThis.fetch;
const requests: string[] = [];

function start(setup?: () => void): void {
  resetFakeVscode();
  context = createFakeContext();
  setup?.();
  const noon = new Date();
  noon.setHours(12, 0, 0, 0);
  clock = new FakeClock(noon.getTime());
  services = activate(context as never, clock);
}

beforeEach(() => {
  requests.length = 0;
  // Importing is local: any request is a bug.
  globalThis.fetch = async (input) => {
    requests.push(String(input));
    throw new TypeError('fetch failed');
  };
});
afterEach(() => {
  for (const d of context?.subscriptions ?? []) d.dispose();
  globalThis.fetch = realFetch;
});

async function breathe(seconds: number): Promise<void> {
  await run(commandIds.start);
  clock.advance(seconds * 1000);
  await run(commandIds.stop);
  await flush();
}

async function exportTo(path: string): Promise<string> {
  fake.saveDialogAnswers.push(Uri.file(path));
  await run(commandIds.exportData);
  return fake.writtenFiles.get(path) ?? '';
}

/** Runs the import of a file, answering the modal with `answer` (null dismisses it). */
async function importFile(path: string, answer: string | null = importAccept): Promise<void> {
  fake.quickPickAnswers.push(importSources.file);
  fake.openDialogAnswers.push([Uri.file(path)]);
  fake.messageAnswers.push(answer ?? undefined);
  await run(commandIds.importData);
}

const stored = () => context.globalState.get<{ deviceDays: Record<string, unknown> }>(progressKey);
const modals = () => fake.messages.filter((m) => m.options?.modal);
const last = () => fake.messages.at(-1);

describe('Import My Data', () => {
  it('is contributed beside Export My Data', () => {
    expect(manifest.contributes.commands).toContainEqual({
      command: 'breathMaster.importData',
      title: 'Import My Data',
      category: 'Breath Master',
    });
  });

  it('brings an export back after a reset, after showing what it holds; the same file again changes nothing', async () => {
    start();
    await breathe(120);
    const today = localDay(clock.now());
    const before = stored()?.deviceDays[today];
    await exportTo('/data/breath.json');
    fake.messageAnswers.push('Reset Progress');
    await run('breathMaster.resetProgress');
    expect(stored()?.deviceDays).toEqual({});

    await importFile('/data/breath.json');
    expect(modals().at(-1)).toMatchObject({
      level: 'info',
      message: 'Import 1 day and 43 XP?',
      items: ['Import'],
    });
    expect(modals().at(-1)?.options?.detail).toContain('The file holds 1 day: 43 XP, 7 cycles, 2 minutes.');
    expect(modals().at(-1)?.options?.detail).toContain('This editor gains 1 new day and 43 XP.');
    expect(stored()?.deviceDays[today]).toEqual(before);
    expect(services.progress.summary()).toMatchObject({ totalXp: 43, currentStreak: 1 });
    expect(last()?.message).toBe('Imported 43 XP (1 new day).');

    const record = stored();
    const shown = modals().length;
    await importFile('/data/breath.json');
    expect(modals()).toHaveLength(shown);
    expect(last()?.message).toBe('Nothing to import: this editor already holds everything in it.');
    expect(stored()).toEqual(record);
    expect(requests).toEqual([]);
  });

  it('merges with local progress by the larger value per day, never adding the two', async () => {
    start();
    await breathe(120);
    const today = localDay(clock.now());
    await exportTo('/data/a.json');
    await breathe(64);
    const grown = stored()?.deviceDays[today];
    await importFile('/data/a.json');
    // The file's day is smaller on every counter: nothing changes, nothing is counted twice.
    expect(stored()?.deviceDays[today]).toEqual(grown);
    expect(last()?.message).toMatch(/^Nothing to import/);
  });

  it('changes nothing when the modal is dismissed', async () => {
    start();
    await breathe(120);
    await exportTo('/data/breath.json');
    fake.messageAnswers.push('Reset Progress');
    await run('breathMaster.resetProgress');
    await importFile('/data/breath.json', null);
    expect(stored()?.deviceDays).toEqual({});
  });

  it('refuses a malformed file or one from a newer version, with a clear message, and changes nothing', async () => {
    start();
    await breathe(120);
    const record = stored();
    const exported = JSON.parse(await exportTo('/data/breath.json'));
    fake.files.set('/data/broken.json', '{"local": ');
    fake.files.set('/data/newer.json', JSON.stringify({ ...exported, version: 2 }));
    fake.files.set('/data/newer-record.json', JSON.stringify({ ...exported, local: { version: 3 } }));
    fake.files.set('/data/other.json', JSON.stringify({ name: 'not ours' }));
    const shown = modals().length;
    for (const path of [
      '/data/broken.json',
      '/data/newer.json',
      '/data/newer-record.json',
      '/data/other.json',
    ]) {
      await importFile(path);
      expect(last()?.level).toBe('error');
    }
    const errors = fake.messages.filter((m) => m.level === 'error').map((m) => m.message);
    expect(errors).toEqual([
      'Nothing was imported. This is not JSON, so it is not a Breath Master export.',
      'Nothing was imported. The file was exported by a newer version of Breath Master (format 2); update to import it.',
      'Nothing was imported. The file holds progress from a newer version of Breath Master; update to import it.',
      'Nothing was imported. This is not a Breath Master export.',
    ]);
    expect(modals()).toHaveLength(shown);
    expect(stored()).toEqual(record);

    fake.quickPickAnswers.push(importSources.file);
    fake.openDialogAnswers.push([Uri.file('/data/missing.json')]);
    await run(commandIds.importData);
    expect(last()?.message).toMatch(/^Nothing was imported: the data could not be read \(EntryNotFound/);
  });

  it('does nothing when the source or the file is not chosen', async () => {
    start();
    fake.quickPickAnswers.push(undefined);
    await run(commandIds.importData);
    fake.quickPickAnswers.push(importSources.file);
    fake.openDialogAnswers.push(undefined);
    await run(commandIds.importData);
    expect(fake.messages).toEqual([]);
    expect(fake.openDialogs).toHaveLength(1);
  });

  it("imports Breath Master 0.3's export from the clipboard: sessions become days, the rest is reported", async () => {
    start();
    const started = new Date(2025, 7, 31, 9, 0).getTime();
    fake.clipboard = JSON.stringify({
      exportDate: '2025-09-01T10:00:00.000Z',
      breathMaster: {
        meditation: {
          totalXP: 1200,
          currentStreak: 3,
          longestStreak: 9,
          todaySessionTime: 0,
          lastMeditationDate: 'Sun Aug 31 2025',
          totalMeditationTime: 7_200_000,
          sessionsToday: 0,
          sessions: [
            {
              id: 's1',
              startedAt: started,
              endedAt: started + 300_000,
              activeMs: 300_000,
              cycles: 20,
              finalXP: 60,
            },
            {
              id: 's2',
              startedAt: new Date(started + 86_400_000).toISOString(),
              activeMs: 60_000,
              cycles: 5,
              finalXP: 900,
            },
          ],
        },
        onboarding: { hasSeenWelcome: true },
        version: '0.3.4',
      },
    });
    fake.quickPickAnswers.push(importSources.clipboard);
    fake.messageAnswers.push(importAccept);
    await run(commandIds.importData);
    const ask = modals().at(-1);
    expect(ask?.message).toBe('Import 2 days and 90 XP?');
    expect(ask?.options?.detail).toContain('Exported by Breath Master 0.3.4 on 2025-09-01.');
    expect(ask?.options?.detail).toContain(
      'Not imported: 240 XP and 114 minutes that Breath Master 0.3 counted in its totals without a session saying on which day.',
    );
    expect(ask?.options?.detail).toContain(
      'Held back: 870 XP, 0 cycles and 0 minutes beyond what one day can hold',
    );
    const first = localDay(started);
    const second = localDay(started + 86_400_000);
    expect(stored()?.deviceDays).toEqual({
      [first]: { xp: 60, cycles: 20, seconds: 300 },
      [second]: { xp: 30, cycles: 5, seconds: 60 },
    });
    // Pasting it again adds nothing.
    fake.quickPickAnswers.push(importSources.clipboard);
    await run(commandIds.importData);
    expect(last()?.message).toMatch(
      /^Nothing to import: this editor already holds everything in it\. Not imported: 240 XP/,
    );
  });

  it('with sync on, says which days are too old for sync to send, and marks the new days unsent', async () => {
    start(() => fake.configuration.set('breathMaster.sync.enabled', true));
    const old = localDay(clock.now() - 40 * 86_400_000);
    const recent = localDay(clock.now() - 2 * 86_400_000);
    fake.files.set(
      '/data/mixed.json',
      JSON.stringify(
        exportDocument(
          {
            ...services.progress.record,
            deviceDays: {
              [old]: { xp: 20, cycles: 4, seconds: 70 },
              [recent]: { xp: 20, cycles: 4, seconds: 70 },
            },
          },
          null,
          clock.now(),
        ),
      ),
    );
    await importFile('/data/mixed.json');
    expect(modals().at(-1)?.options?.detail).toContain(
      '1 day of it is older than the 30 days sync sends: it stays in this editor only.',
    );
    expect(context.globalState.get('breathMaster.sync.dirty')).toBe(true);
    expect(Object.keys(stored()?.deviceDays ?? {}).sort()).toEqual([old, recent].sort());
  });

  it("refuses a file exported by another device of this editor's player: its days already count there", async () => {
    start(() => fake.configuration.set('breathMaster.sync.enabled', true));
    await context.globalState.update('breathMaster.sync.lastStats', { player_id: 'p-mine' });
    const day = localDay(clock.now() - 86_400_000);
    const record = { ...services.progress.record, deviceDays: { [day]: { xp: 20, cycles: 4, seconds: 70 } } };
    fake.files.set(
      '/data/sibling.json',
      JSON.stringify(exportDocument(record, { player: { id: 'p-mine' } }, clock.now())),
    );
    await importFile('/data/sibling.json');
    expect(last()).toMatchObject({ level: 'error' });
    expect(last()?.message).toContain('would count them twice');
    expect(modals()).toHaveLength(0);
    expect(stored()?.deviceDays ?? {}).not.toHaveProperty(day);

    fake.files.set(
      '/data/other.json',
      JSON.stringify(exportDocument(record, { player: { id: 'p-other' } }, clock.now())),
    );
    await importFile('/data/other.json');
    expect(stored()?.deviceDays).toHaveProperty(day);
  });

  it('says the clipboard holds no export when it does not', async () => {
    start();
    fake.clipboard = 'a code snippet';
    fake.quickPickAnswers.push(importSources.clipboard);
    await run(commandIds.importData);
    expect(last()).toMatchObject({
      level: 'error',
      message: expect.stringMatching(/^Nothing was imported\. This is not JSON/),
    });
  });

  it('refuses to import over progress stored by a newer version', async () => {
    start(() => context.globalState.data.set(progressKey, { version: 99, deviceDays: {} }));
    fake.quickPickAnswers.push(importSources.clipboard);
    await run(commandIds.importData);
    expect(last()?.message).toMatch(/newer version of Breath Master\. Update the extension first\.$/);
    expect(fake.quickPicks).toEqual([]);
    expect(context.globalState.get(progressKey)).toEqual({ version: 99, deviceDays: {} });
  });
});

describe("Breath Master 0.3's patterns", () => {
  it("an old 'boxing' setting breathes Box, and the picker marks Box as current", async () => {
    start(() => context.globalState.data.set('unused', 0));
    fake.configuration.set('breathMaster.pattern', 'boxing');
    await run(commandIds.start);
    expect(fake.statusBarItems[0]?.text).toBe('$(circle-small-filled) Breathe in 4');
    await run(commandIds.stop);
    fake.quickPickAnswers.push('Chill');
    await run(commandIds.choosePattern);
    const items = fake.quickPicks[0]?.items as { label: string; description: string; detail: string }[];
    expect(items.find((i) => i.label === 'Box (Boxing)')?.description).toMatch(/\(current\)$/);
    expect(items.find((i) => i.label === 'Chill')?.detail).toBe('in 6 · out 8 (14 s)');
    expect(fake.configuration.get('breathMaster.pattern')).toBe('chill');
  });

  it('lists every pattern id core knows, and its aliases, in the setting', () => {
    const setting = manifest.contributes.configuration.properties['breathMaster.pattern'];
    expect(setting.enum).toEqual([
      'box',
      'relax-478',
      'coherent',
      'calm',
      'sigh',
      'chill',
      'medium',
      'active',
      'boxing',
      'relaxing',
      'custom',
    ]);
    expect(setting.enumDescriptions).toHaveLength(setting.enum.length);
  });
});
