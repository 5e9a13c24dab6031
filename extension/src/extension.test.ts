import { FakeClock } from '@breath-master/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import manifest from '../package.json' with { type: 'json' };
import { commandIds } from './command-ids.ts';
import { activate } from './extension.ts';
import { localDay } from './game.ts';
import type { Services } from './services.ts';
import { progressKey } from './storage/progress-store.ts';
import { syncConsent } from './sync/privacy-text.ts';
import { createFakeContext, fake, resetFakeVscode, Uri, workspace } from './test-support/fake-vscode.ts';

let context: ReturnType<typeof createFakeContext>;
let clock: FakeClock;
let services: Services;
const run = (id: string, ...args: unknown[]) => fake.commands.get(id)?.(...args);
const item = () => fake.statusBarItems[0];
const flush = () => new Promise((r) => setImmediate(r));
const realFetch = globalThis.fetch;
const requests: string[] = [];

function start(setup?: () => void): void {
  resetFakeVscode();
  context = createFakeContext();
  setup?.();
  // Noon local time, so a two-minute session never crosses midnight.
  const noon = new Date();
  noon.setHours(12, 0, 0, 0);
  clock = new FakeClock(noon.getTime());
  services = activate(context as never, clock);
}

beforeEach(() => {
  requests.length = 0;
  // Any network use by these tests is a bug: sync is off by default.
  globalThis.fetch = async (input) => {
    requests.push(String(input));
    throw new TypeError('fetch failed');
  };
});
afterEach(() => {
  for (const d of context.subscriptions) d.dispose();
  globalThis.fetch = realFetch;
});

describe('activation', () => {
  it('registers exactly the commands the manifest contributes, all in one category', () => {
    start();
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    expect([...fake.commands.keys()].sort()).toEqual(contributed);
    expect(Object.values(commandIds).sort()).toEqual(contributed);
    expect(new Set(manifest.contributes.commands.map((c) => c.category))).toEqual(new Set(['Breath Master']));
  });

  it('shows the idle start affordance and makes no request', () => {
    start();
    expect(item()).toMatchObject({ text: '$(pulse) Breathe', command: commandIds.toggle, visible: true });
    expect(manifest.activationEvents).toEqual(['onStartupFinished']);
    expect(requests).toEqual([]);
    expect(context.subscriptions.length).toBeGreaterThan(12);
  });

  it('with unsent sessions, waits at start-up but pushes at once when the server setting changes', async () => {
    start(() => {
      fake.configuration.set('breathMaster.sync.enabled', true);
      context.globalState.data.set('breathMaster.sync.dirty', true);
    });
    await flush();
    expect(requests).toEqual([]);
    expect(services.sync.status()).toMatchObject({ state: 'scheduled', dirty: true });
    await workspace.getConfiguration('breathMaster').update('sync.serverUrl', 'http://127.0.0.1:1');
    for (let i = 0; i < 100 && requests.length === 0; i++) await flush();
    expect(requests[0]).toMatch(/^http:\/\/127\.0\.0\.1:1\/auth\/v1\//);
  });

  it('hides the item when showStatusBar is off, and shows it again', async () => {
    start(() => fake.configuration.set('breathMaster.showStatusBar', false));
    expect(item()?.visible).toBe(false);
    await workspace.getConfiguration('breathMaster').update('showStatusBar', true);
    expect(item()?.visible).toBe(true);
  });
});

describe('breathing in the status bar', () => {
  it('paces the phases with a countdown, writing the item only when its text changes', async () => {
    start();
    await run(commandIds.toggle);
    expect(item()?.text).toBe('$(circle-small-filled) Breathe in 4');
    clock.advance(1_000);
    expect(item()?.text).toBe('$(circle-small-filled) Breathe in 3');
    clock.advance(3_000);
    expect(item()?.text).toBe('$(circle-large-outline) Hold 4');
    clock.advance(4_000);
    expect(item()?.text).toBe('$(circle-large-filled) Breathe out 4');
    clock.advance(4_000);
    expect(item()?.text).toBe('$(circle-outline) Rest 4');
    const texts = item()?.texts ?? [];
    // Every write changed the text, and a 16-second cycle takes only a couple of dozen writes.
    for (let i = 1; i < texts.length; i++) expect(texts[i]).not.toBe(texts[i - 1]);
    expect(services.guide.writes).toBeLessThan(25);
    expect(clock.pendingTimers()).toBe(1);
  });

  it("says the sigh's top-up breath in its own words", async () => {
    start(() => fake.configuration.set('breathMaster.pattern', 'sigh'));
    await run(commandIds.start);
    expect(item()?.text).toBe('$(circle-small-filled) Breathe in 2');
    clock.advance(2_000);
    expect(item()?.text).toBe('$(circle-small-filled) Breathe in a little more 1');
    clock.advance(1_000);
    expect(item()?.text).toBe('$(circle-large-filled) Breathe out 6');
  });

  it('uses still glyphs when motion is reduced', async () => {
    start(() => fake.configuration.set('workbench.reduceMotion', 'on'));
    await run(commandIds.start);
    expect(item()?.text).toBe('$(arrow-up) Breathe in 4');
    clock.advance(3_000);
    expect(item()?.text).toBe('$(arrow-up) Breathe in 1');
  });

  it('records a finished session: counters, XP with bonuses, and a quiet achievement message', async () => {
    start();
    await run(commandIds.start);
    clock.advance(120_000);
    await run(commandIds.stop);
    await flush();
    expect(item()?.text).toBe('$(pulse) Breathe');
    expect(item()?.tooltip).toBe('Level 1 Novice Breather · 1-day streak. Click to start a breathing break.');
    expect(clock.pendingTimers()).toBe(0);
    const stored = context.globalState.get<{ version: number; deviceDays: Record<string, unknown> }>(
      progressKey,
    );
    // Box: 7 whole cycles in 120 s = 28 XP, +5 for a minute-long session, +10 for the day's first minute.
    expect(stored?.version).toBe(2);
    expect(stored?.deviceDays[localDay(clock.now())]).toEqual({ cycles: 7, seconds: 120, xp: 43 });
    const infos = fake.messages.filter((m) => m.level === 'info');
    expect(infos.map((m) => m.message)).toContain('Achievement unlocked: First Breath');
    expect(infos.every((m) => !m.options?.modal)).toBe(true);
  });

  it('ends by itself after the chosen length and records exactly that long', async () => {
    start(() => fake.configuration.set('breathMaster.sessionMinutes', 1));
    await run(commandIds.start);
    clock.advance(59_000);
    expect(services.guide.running).toBe(true);
    clock.advance(2_000);
    await flush();
    expect(services.guide.running).toBe(false);
    expect(item()?.text).toBe('$(pulse) Breathe');
    const stored = context.globalState.get<{ deviceDays: Record<string, unknown> }>(progressKey);
    expect(stored?.deviceDays[localDay(clock.now())]).toMatchObject({ seconds: 60, cycles: 3 });
  });

  it('announces a level-up', async () => {
    start(() =>
      context.globalState.data.set(progressKey, {
        version: 1,
        days: { '2020-01-01': { xp: 95, cycles: 20, seconds: 320, bonus: true } },
        patternsUsed: [],
        recentSessionDays: [],
      }),
    );
    await run(commandIds.start);
    clock.advance(32_000);
    await run(commandIds.stop);
    await flush();
    expect(fake.messages.map((m) => m.message)).toContain('Level 2: Novice Breather. Well breathed.');
  });

  it('refuses a broken custom pattern with the rule it breaks', async () => {
    start(() => {
      fake.configuration.set('breathMaster.pattern', 'custom');
      fake.configuration.set('breathMaster.customPattern', [
        { kind: 'exhale', seconds: 4 },
        { kind: 'inhale', seconds: 4 },
      ]);
    });
    await run(commandIds.start);
    expect(services.guide.running).toBe(false);
    expect(fake.messages.at(-1)).toMatchObject({
      level: 'error',
      message: 'A custom pattern starts with an inhale.',
    });
  });
});

describe('commands', () => {
  it('chooses a pattern from a list that says what each is for', async () => {
    start();
    fake.quickPickAnswers.push('Calm');
    await run(commandIds.choosePattern);
    const items = fake.quickPicks[0]?.items as { label: string; description: string; detail: string }[];
    expect(items.map((i) => i.label)).toEqual([
      'Box (Boxing)',
      '4-7-8 (Relaxing)',
      'Coherent',
      'Calm',
      'Physiological sigh',
      'Chill',
      'Medium',
      'Active',
      'Custom',
    ]);
    expect(items[0]?.description).toBe('Focus and steadiness (current)');
    expect(items[3]?.detail).toBe('in 4 · out 6 (10 s)');
    expect(fake.configuration.get('breathMaster.pattern')).toBe('calm');
    await run(commandIds.start);
    expect(item()?.tooltip).toContain('Calm');
  });

  it('shows my progress beside the editor without stealing focus', async () => {
    start();
    await run(commandIds.showProgress);
    await run(commandIds.showProgress);
    expect(fake.webviews).toHaveLength(1);
    expect(fake.webviews[0]?.revealed).toBe(1);
    expect(fake.webviews[0]?.webview.html).toContain('Level 1 · Novice Breather');
    expect(fake.webviews[0]?.webview.html).toContain('100 XP to level 2');
  });

  it('enables sync only after the person reads what is sent and agrees', async () => {
    start();
    expect(services.sync.enabled).toBe(false);
    fake.messageAnswers.push(undefined);
    await run(commandIds.enableSync);
    const modal = fake.messages[0];
    expect(modal?.options?.modal).toBe(true);
    expect(modal?.options?.detail).toBe(syncConsent.detail);
    expect(modal?.options?.detail).toMatch(/anonymous id.*XP, cycles and seconds/s);
    expect(modal?.options?.detail).toMatch(
      /never leaves.*session logs, times of day, workspace and file names/s,
    );
    expect(fake.configuration.get('breathMaster.sync.enabled')).toBeUndefined();
    expect(services.sync.enabled).toBe(false);

    fake.messageAnswers.push(syncConsent.accept);
    await run(commandIds.enableSync);
    expect(fake.configuration.get('breathMaster.sync.enabled')).toBe(true);
    expect(services.sync.enabled).toBe(true);

    await run(commandIds.disableSync);
    expect(fake.configuration.get('breathMaster.sync.enabled')).toBe(false);
    expect(services.sync.enabled).toBe(false);
  });

  it('sync-only commands ask for consent first and do nothing without it', async () => {
    start();
    fake.messageAnswers.push(undefined);
    await run(commandIds.openDashboard);
    fake.quickPickAnswers.push('Show a code for another device');
    fake.messageAnswers.push(undefined);
    await run(commandIds.linkDevice);
    expect(fake.openedExternal).toEqual([]);
    expect(fake.messages.filter((m) => m.options?.modal)).toHaveLength(2);
    expect(requests).toEqual([]);
  });

  it('exports local progress to the chosen file, and nothing when cancelled', async () => {
    start();
    await run(commandIds.start);
    clock.advance(64_000);
    await run(commandIds.stop);
    await flush();
    fake.saveDialogAnswers.push(undefined);
    await run(commandIds.exportData);
    expect(fake.writtenFiles.size).toBe(0);
    fake.saveDialogAnswers.push(Uri.file('/tmp/breath.json'));
    await run(commandIds.exportData);
    const exported = JSON.parse(fake.writtenFiles.get('/tmp/breath.json') ?? '{}');
    expect(exported.local.deviceDays[localDay(clock.now())]).toMatchObject({ cycles: 4, seconds: 64 });
    expect(exported.server).toBeNull();
  });

  it('resets local progress only after confirmation', async () => {
    start();
    await run(commandIds.start);
    clock.advance(64_000);
    await run(commandIds.stop);
    await flush();
    fake.messageAnswers.push(undefined);
    await run(commandIds.resetProgress);
    expect(services.progress.summary().totalXp).toBeGreaterThan(0);
    fake.messageAnswers.push('Reset Progress');
    await run(commandIds.resetProgress);
    expect(services.progress.summary().totalXp).toBe(0);
    expect(context.globalState.get(progressKey)).toMatchObject({ deviceDays: {} });
  });

  it('deleting synced data on a device that never synced makes no request', async () => {
    start();
    fake.messageAnswers.push('Delete Synced Data');
    await run(commandIds.deleteSyncedData);
    expect(requests).toEqual([]);
    expect(services.sync.enabled).toBe(false);
    expect(fake.messages.at(-1)?.message).toContain('Local progress is unchanged');
  });

  it('asks before deleting synced data and keeps sync off when cancelled', async () => {
    start();
    fake.messageAnswers.push(undefined);
    await run(commandIds.deleteSyncedData);
    expect(fake.messages[0]).toMatchObject({ level: 'warning', options: { modal: true } });
    expect(services.sync.enabled).toBe(false);
    expect(requests).toEqual([]);
  });

  it('nudges gently after the configured minutes of editing', async () => {
    start(() => fake.configuration.set('breathMaster.reminderMinutes', 2));
    const edit = () =>
      fake.textDocumentEvents.fire({ document: { uri: Uri.file('/a.ts') }, contentChanges: [{}] });
    // An output panel scrolling by itself is not editing.
    for (let i = 0; i < 5; i++) {
      fake.textDocumentEvents.fire({ document: { uri: Uri.parse('output://log') }, contentChanges: [{}] });
      clock.advance(60_000);
    }
    expect(fake.messages).toEqual([]);
    for (let i = 0; i <= 2; i++) {
      edit();
      clock.advance(60_000);
    }
    edit();
    const nudge = fake.messages.find((m) => m.message.includes('breathing break'));
    expect(nudge).toMatchObject({ level: 'info', items: ['Start Breathing'] });
    expect(nudge?.options?.modal).toBeUndefined();
  });
});
