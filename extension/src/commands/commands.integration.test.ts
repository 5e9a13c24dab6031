import { startTestStack } from '@breath-master/devstack';
import { FakeClock } from '@breath-master/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commandIds } from '../command-ids.ts';
import { activate } from '../extension.ts';
import { exportDocument, localDay } from '../game.ts';
import type { Services } from '../services.ts';
import { syncDirtyKey } from '../sync/sync-service.ts';
import { createFakeContext, fake, resetFakeVscode, Uri } from '../test-support/fake-vscode.ts';
import { importAccept, importSources } from './import-text.ts';

// The sync commands end to end: the fake host, the real sync client and the real local stack.
let stack: Awaited<ReturnType<typeof startTestStack>>;
let context: ReturnType<typeof createFakeContext>;
let services: Services;
let clock: FakeClock;
const run = (id: string) => fake.commands.get(id)?.();

beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});
afterEach(() => {
  for (const d of context.subscriptions) d.dispose();
});

function activateWithSync(): void {
  resetFakeVscode();
  context = createFakeContext();
  fake.configuration.set('breathMaster.sync.enabled', true);
  fake.configuration.set('breathMaster.sync.serverUrl', stack.apiUrl);
  fake.configuration.set('breathMaster.sync.anonKey', stack.anonKey);
  fake.configuration.set('breathMaster.dashboardUrl', 'http://dashboard.test/app');
  const noon = new Date();
  noon.setHours(12, 0, 0, 0);
  clock = new FakeClock(noon.getTime());
  services = activate(context as never, clock);
}

async function breathe(seconds: number): Promise<void> {
  await run(commandIds.start);
  clock.advance(seconds * 1000);
  await run(commandIds.stop);
  // Recording and the push after the session are asynchronous: wait for the unsent mark to clear.
  for (let i = 0; i < 250 && context.globalState.get(syncDirtyKey) !== false; i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(context.globalState.get(syncDirtyKey)).toBe(false);
}

describe('sync commands against the local stack', () => {
  it('a finished session reaches the server', async () => {
    activateWithSync();
    await breathe(64);
    const progress = await (await services.sync.client()).pull();
    expect(progress.stats.total_cycles).toBe(4);
  });

  it('opens the dashboard with a fresh pairing code', async () => {
    activateWithSync();
    await run(commandIds.openDashboard);
    expect(fake.openedExternal).toHaveLength(1);
    expect(fake.openedExternal[0]).toMatch(/^http:\/\/dashboard\.test\/app\/pair\?code=[A-HJ-NP-Z2-9]{8}$/);
  });

  it('links two editors through a code shown on one and typed into the other', async () => {
    activateWithSync();
    await breathe(32);
    fake.quickPickAnswers.push('Show a code for another device');
    fake.messageAnswers.push('Copy Code');
    await run(commandIds.linkDevice);
    const code = fake.clipboard;
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const first = services;
    const firstContext = context;

    activateWithSync();
    await breathe(48);
    fake.quickPickAnswers.push('Enter a code from another device');
    fake.inputAnswers.push(code.toLowerCase());
    await run(commandIds.linkDevice);
    expect(fake.messages.at(-1)?.message).toMatch(/^Linked\. This device now plays as /);
    const a = await (await first.sync.client()).pull();
    const b = await (await services.sync.client()).pull();
    expect(a.stats.total_cycles).toBe(2 + 3);
    expect(b.stats.total_cycles).toBe(5);
    expect(b.stats.device_count).toBe(2);
    for (const d of firstContext.subscriptions) d.dispose();
  });

  it('imported days reach the server once, however often the file is imported', async () => {
    activateWithSync();
    await breathe(64);
    const today = localDay(clock.now());
    const yesterday = localDay(clock.now() - 86_400_000);
    const file = exportDocument(
      {
        ...services.progress.record,
        deviceDays: {
          [yesterday]: { xp: 40, cycles: 8, seconds: 130 },
          [today]: { xp: 1, cycles: 1, seconds: 5 },
        },
      },
      null,
      clock.now(),
    );
    fake.files.set('/tmp/import.json', JSON.stringify(file));
    for (let round = 0; round < 2; round++) {
      fake.quickPickAnswers.push(importSources.file);
      fake.openDialogAnswers.push([Uri.file('/tmp/import.json')]);
      fake.messageAnswers.push(importAccept);
      await run(commandIds.importData);
      for (let i = 0; i < 250 && context.globalState.get(syncDirtyKey) !== false; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const progress = await (await services.sync.client()).pull();
      // Today keeps the session's larger counters; yesterday comes from the file, counted once.
      expect(progress.stats.total_cycles).toBe(4 + 8);
      expect(progress.daily.find((d) => d.day === yesterday)).toMatchObject({
        xp: 40,
        cycles: 8,
        seconds: 130,
      });
    }
    expect(fake.messages.at(-1)?.message).toMatch(/^Nothing to import/);
  });

  it('exports local and server data, then deletes the server data and keeps local progress', async () => {
    activateWithSync();
    await breathe(64);
    fake.saveDialogAnswers.push(Uri.file('/tmp/export.json'));
    await run(commandIds.exportData);
    const exported = JSON.parse(fake.writtenFiles.get('/tmp/export.json') ?? '{}');
    expect(exported.server).not.toBeNull();
    expect(JSON.stringify(exported.server)).toContain('"cycles"');

    fake.messageAnswers.push('Delete Synced Data');
    await run(commandIds.deleteSyncedData);
    expect(fake.messages.at(-1)?.message).toContain('deleted');
    expect(fake.configuration.get('breathMaster.sync.enabled')).toBe(false);
    expect(services.sync.enabled).toBe(false);
    expect(services.progress.summary().totalCycles).toBe(4);
    expect([...context.secrets.data.keys()]).toEqual([]);
  });
});
