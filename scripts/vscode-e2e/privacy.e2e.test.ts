// Privacy, byte by byte: the extension's sync server is a recording proxy in front of the test stack,
// a person does everything that sends something (enable sync, breathe, sync, show and enter a pairing
// code, export, delete synced data), and then every recorded request is held against an allowlist of
// paths, RPCs, argument shapes and headers. The workspace folder, an open file, the machine's host and
// user names must appear in no recorded byte; bodies carry day counters and a date, never a time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { createSyncClient } from '@breath-master/sync/client';
import { memoryStorage } from '@breath-master/sync/storage';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localDay } from './days.ts';
import { type Editor, readGlobalState, startEditor } from './editor.ts';
import { screenshotOnFailure } from './failure-screenshots.ts';
import {
  clientFramePayloads,
  type RecordedRequest,
  type RecordingProxy,
  startRecordingProxy,
} from './recording-proxy.ts';
import { startStack, type TestStack } from './stack.ts';
import {
  breatheFullCycles,
  clickModalButton,
  guideItem,
  modalText,
  openWorkbench,
  pickQuickItem,
  runCommand,
  waitForNotification,
} from './workbench.ts';

// Distinctive names: none of them may ever leave the machine.
const folderName = 'quillwort-marmalade-orchard';
const fileName = 'zanzibar-periwinkle-ledger.md';
const fileSecret = 'ocelot-sapphire-7731';

const rpcArgs: Record<string, (args: Record<string, unknown>) => boolean> = {
  sync_progress: (a) =>
    same(Object.keys(a), ['days', 'today', 'device_kind']) &&
    isDay(a.today) &&
    a.device_kind === 'vscode' &&
    Array.isArray(a.days) &&
    a.days.every(
      (d: Record<string, unknown>) =>
        same(Object.keys(d), ['day', 'xp', 'cycles', 'seconds']) &&
        isDay(d.day) &&
        [d.xp, d.cycles, d.seconds].every((n) => Number.isInteger(n) && (n as number) >= 0),
    ),
  get_my_progress: (a) => same(Object.keys(a), ['days']) && Number.isInteger(a.days),
  create_pairing_code: (a) => same(Object.keys(a), []),
  redeem_pairing_code: (a) =>
    same(Object.keys(a), ['code', 'device_kind']) &&
    /^[A-Z0-9]{8}$/.test(String(a.code)) &&
    a.device_kind === 'vscode',
  set_breathing: (a) => same(Object.keys(a), ['active']) && typeof a.active === 'boolean',
  set_leaderboard_visibility: (a) => same(Object.keys(a), ['visible']) && typeof a.visible === 'boolean',
  regenerate_handle: (a) => same(Object.keys(a), []),
  export_my_data: (a) => same(Object.keys(a), []),
  delete_my_data: (a) => same(Object.keys(a), []),
};

/** Header name → what its value may be. Anything else sent is a failure. */
function headerAllowlist(proxyHost: string, anonKey: string): Record<string, (v: string) => boolean> {
  return {
    host: (v) => v === proxyHost,
    connection: (v) => /^(keep-alive|close|upgrade)$/i.test(v),
    'content-length': (v) => /^\d+$/.test(v),
    'content-type': (v) => /^application\/json(;\s*charset=utf-8)?$/i.test(v),
    accept: (v) => /^(\*\/\*|application\/json|application\/vnd\.pgrst\.object\+json)$/.test(v),
    'accept-language': (v) => v === '*',
    'accept-encoding': (v) => /^[a-z, ]+$/.test(v),
    'sec-fetch-mode': (v) => v === 'cors',
    'user-agent': (v) => v === 'node' || /^(node|undici)[\w./ -]*$/i.test(v),
    apikey: (v) => v === anonKey,
    authorization: (v) => /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(v),
    'x-client-info': (v) => /^breath-master-sync\/\d+\.\d+\.\d+$/.test(v),
    'x-supabase-api-version': (v) => /^\d{4}-\d{2}-\d{2}$/.test(v),
    'content-profile': (v) => v === 'public',
    'accept-profile': (v) => v === 'public',
    prefer: (v) => /^(return=(minimal|representation)|count=exact)(,\s*\S+)*$/.test(v),
  };
}

function same(keys: string[], wanted: string[]): boolean {
  return keys.length === wanted.length && wanted.every((k) => keys.includes(k));
}

/** A calendar date within a few days of today (a date is what the protocol needs; a time is not). */
function isDay(v: unknown): boolean {
  return typeof v === 'string' && [-2, -1, 0, 1, 2].map((d) => localDay(d)).includes(v);
}

function describeRequest(r: RecordedRequest): string {
  return `${r.method} ${r.path}${r.query ? `?${r.query}` : ''} ${r.body.toString('utf8').slice(0, 300)}`;
}

/** Why a request is not allowed, or null. */
function problemWith(
  r: RecordedRequest,
  allowedHeaders: Record<string, (v: string) => boolean>,
): string | null {
  for (const [name, value] of Object.entries(r.headers)) {
    const check = allowedHeaders[name];
    const values = Array.isArray(value) ? value : [String(value)];
    if (!check) return `header ${name}: ${values.join(', ')} is not on the allowlist`;
    for (const v of values) if (!check(v)) return `header ${name} has an unexpected value: ${v}`;
  }
  const text = r.body.toString('utf8');
  const json = (): Record<string, unknown> | null => {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return null;
    }
  };
  if (r.path === '/auth/v1/signup' && r.method === 'POST') {
    const body = json();
    if (!body || !Object.keys(body).every((k) => ['data', 'gotrue_meta_security'].includes(k)))
      return `signup body carries more than empty metadata: ${text}`;
    for (const v of Object.values(body))
      if (v !== null && (typeof v !== 'object' || Object.values(v as object).some((x) => x != null)))
        return `signup body carries values: ${text}`;
    return r.query === '' ? null : `signup query: ${r.query}`;
  }
  if (r.path === '/auth/v1/token' && r.method === 'POST') {
    const body = json();
    if (r.query !== 'grant_type=refresh_token') return `token query: ${r.query}`;
    return body && same(Object.keys(body), ['refresh_token']) && typeof body.refresh_token === 'string'
      ? null
      : `token body: ${text}`;
  }
  if (r.path === '/auth/v1/user' && r.method === 'GET')
    return text === '' && r.query === '' ? null : 'user request with data';
  if (r.path === '/auth/v1/logout' && r.method === 'POST')
    return text === '' && /^(scope=(global|local|others))?$/.test(r.query)
      ? null
      : `logout: ${r.query} ${text}`;
  const rpc = /^\/rest\/v1\/rpc\/([a-z_]+)$/.exec(r.path)?.[1];
  if (rpc && r.method === 'POST') {
    const check = rpcArgs[rpc];
    if (!check) return `RPC ${rpc} is not one the extension is known to call`;
    const body = text === '' ? {} : json();
    if (!body || !check(body)) return `RPC ${rpc} carries an unexpected body: ${text}`;
    return r.query === '' ? null : `RPC ${rpc} query: ${r.query}`;
  }
  return 'path is not on the allowlist';
}

/**
 * Every byte a request carried, as text: path, query, header values and body, plus WebSocket
 * frames. Tokens the server issued (JWTs, refresh tokens) are blanked: they are random, can hold
 * any short string by chance, and their shape is checked by the allowlist.
 */
function sentText(r: RecordedRequest): string {
  const frames = clientFramePayloads(r.upgradeBytes).map((b) => b.toString('utf8'));
  const headerValues = Object.entries(r.headers)
    .filter(([name]) => name !== 'authorization' && name !== 'apikey')
    .map(([name, v]) => `${name}: ${String(v)}`);
  const body = r.body.toString('utf8').replace(/"refresh_token":"[^"]*"/, '"refresh_token":""');
  return [r.method, r.path, decodeURIComponent(r.query), ...headerValues, body, ...frames].join('\n');
}

describe('privacy: what the extension sends', () => {
  let stack: TestStack;
  let proxy: RecordingProxy;
  let editor: Editor;
  let workspace = '';

  beforeAll(async () => {
    stack = await startStack();
    proxy = await startRecordingProxy(stack.apiUrl);
    editor = await startEditor({
      name: 'privacy',
      codeServerBin: inject('codeServerBin'),
      vsix: inject('vsix'),
      settings: {
        'breathMaster.pattern': 'custom',
        'breathMaster.customPattern': [
          { kind: 'inhale', seconds: 2 },
          { kind: 'exhale', seconds: 2 },
        ],
        'breathMaster.sync.serverUrl': proxy.url,
        'breathMaster.sync.anonKey': stack.anonKey,
      },
    });
    // A project folder and an open file with names nobody else would use.
    workspace = join(editor.workspace, folderName);
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, fileName), `# ${fileSecret}\n`);
    await openWorkbench(editor.page, editor.server.url, workspace);
    await guideItem(editor.page).waitFor({ timeout: 60_000 });
    await runCommand(editor.page, 'Go to File...');
    await editor.page.keyboard.insertText(fileName);
    await pickQuickItem(editor.page, fileName);
    await editor.page.locator('.tab.active').filter({ hasText: fileName }).waitFor({ timeout: 15_000 });
  });
  screenshotOnFailure(() => editor);
  afterAll(async () => {
    await editor?.close();
    await proxy?.close();
    await stack?.stop();
  });

  it('a person enables sync, breathes, links devices both ways, exports and deletes', async () => {
    const page = editor.page;
    await runCommand(page, 'Breath Master: Enable Sync');
    await modalText(page);
    await clickModalButton(page, 'Enable Sync');

    await breatheFullCycles(page, 2);
    await expect
      .poll(async () => (await readGlobalState(page))['breathMaster.sync.lastStats'], { timeout: 30_000 })
      .toBeDefined();
    // A session of a registered device announces itself in "breathing now" (set_breathing).
    await breatheFullCycles(page, 1);
    await expect
      .poll(() => proxy.requests.filter((r) => r.path === '/rest/v1/rpc/set_breathing').length, {
        timeout: 20_000,
      })
      .toBe(2);

    await runCommand(page, 'Breath Master: Link Another Device');
    await pickQuickItem(page, 'Show a code for another device');
    await waitForNotification(page, /Your pairing code is/);

    // Another device offers its code; this editor enters it.
    const other = createSyncClient({
      url: stack.apiUrl,
      anonKey: stack.anonKey,
      storage: memoryStorage(),
      deviceKind: 'web',
    });
    await other.push([{ day: localDay(0), xp: 3, cycles: 1, seconds: 20 }], localDay(0));
    const { code } = await other.createPairingCode();
    await runCommand(page, 'Breath Master: Link Another Device');
    await pickQuickItem(page, 'Enter a code from another device');
    const box = page.locator('.quick-input-widget input.input');
    await box.waitFor({ state: 'visible', timeout: 15_000 });
    await box.fill(code);
    await page.keyboard.press('Enter');
    await waitForNotification(page, /Linked\. This device now plays as/);

    await runCommand(page, 'Breath Master: Export My Data');
    await box.waitFor({ state: 'visible', timeout: 15_000 });
    // The dialog fills in its starting folder a moment after it opens: type the path after that.
    await expect.poll(() => box.inputValue(), { timeout: 15_000 }).toContain(folderName);
    const target = join(workspace, 'breath-master-export.json');
    await box.fill(target);
    await expect.poll(() => box.inputValue()).toBe(target);
    await page.keyboard.press('Enter');
    await waitForNotification(page, /Exported to/);

    await runCommand(page, 'Breath Master: Delete My Synced Data');
    await modalText(page);
    await clickModalButton(page, 'Delete Synced Data');
    await waitForNotification(page, 'Your synced data is deleted and sync is off.');
  });

  it('every request went through the proxy and is on the allowlist', () => {
    const paths = proxy.requests.map((r) => r.path);
    // The scenario's traffic really passed here (otherwise the checks below prove nothing).
    for (const wanted of [
      '/auth/v1/signup',
      '/rest/v1/rpc/sync_progress',
      '/rest/v1/rpc/set_breathing',
      '/rest/v1/rpc/create_pairing_code',
      '/rest/v1/rpc/redeem_pairing_code',
      '/rest/v1/rpc/export_my_data',
      '/rest/v1/rpc/delete_my_data',
    ])
      expect(paths).toContain(wanted);
    const allowed = headerAllowlist(new URL(proxy.url).host, stack.anonKey);
    const seen = new Set(
      proxy.requests.map((r) => `${r.method} ${r.path} [${Object.keys(r.headers).sort().join(' ')}]`),
    );
    console.log(`${proxy.requests.length} requests recorded:\n${[...seen].join('\n')}`);
    const problems = proxy.requests
      .map((r) => ({ request: describeRequest(r), problem: problemWith(r, allowed) }))
      .filter((p) => p.problem !== null);
    expect(problems).toEqual([]);
  });

  it('the allowlist catches a leak (a check that passes everything would prove nothing)', () => {
    const allowed = headerAllowlist('127.0.0.1:1', 'anon');
    const base = { method: 'POST', query: '', upgradeBytes: [] };
    const json = (v: unknown) => Buffer.from(JSON.stringify(v));
    const day = { day: localDay(0), xp: 1, cycles: 1, seconds: 8 };
    const sync = (days: unknown[]) => json({ days, today: localDay(0), device_kind: 'vscode' });
    const fine = {
      ...base,
      path: '/rest/v1/rpc/sync_progress',
      headers: { host: '127.0.0.1:1' },
      body: sync([day]),
    };
    expect(problemWith(fine, allowed)).toBeNull();
    const leaks: RecordedRequest[] = [
      { ...fine, body: sync([{ ...day, pattern: 'box' }]) },
      { ...fine, body: sync([{ ...day, day: '2026-01-01T09:30:00Z' }]) },
      {
        ...fine,
        body: json({ days: [day], today: localDay(0), device_kind: 'vscode', workspace: folderName }),
      },
      { ...fine, headers: { host: '127.0.0.1:1', 'x-hostname': hostname() } },
      { ...fine, headers: { host: '127.0.0.1:1', 'user-agent': `VSCode ${folderName}` } },
      { ...fine, path: '/rest/v1/sessions' },
      { ...fine, path: '/rest/v1/rpc/record_session', body: json({}) },
      { ...fine, path: '/auth/v1/signup', body: json({ data: { name: userInfo().username } }) },
    ];
    for (const leak of leaks) expect(problemWith(leak, allowed), describeRequest(leak)).not.toBeNull();
  });

  it('no recorded byte names the folder, the file, its content, the machine or its user, or a time of day', () => {
    const everything = proxy.requests.map(sentText).join('\n\n');
    const user = userInfo().username;
    const host = hostname();
    for (const secret of [folderName, fileName, fileSecret, 'quillwort', 'zanzibar', editor.workspace])
      expect(everything).not.toContain(secret);
    // Short names (a host called "vm") are looked for as words, not inside other words.
    for (const name of [user, host]) {
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(everything).not.toMatch(new RegExp(`(^|[^A-Za-z0-9])${escaped}([^A-Za-z0-9]|$)`, 'i'));
    }
    // No clock time (ISO timestamps, hh:mm) and no epoch seconds or milliseconds.
    expect(everything).not.toMatch(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/);
    expect(everything).not.toMatch(/\b\d{2}:\d{2}(:\d{2})?\b/);
    expect(everything).not.toMatch(/\b1\d{9}(\d{3})?\b/);
    // Nothing of a session record: no pattern names, phase kinds or session fields.
    for (const word of ['custom', 'inhale', 'exhale', 'pattern', 'started', 'ended', 'session_'])
      expect(everything.toLowerCase()).not.toContain(word);
  });
});
