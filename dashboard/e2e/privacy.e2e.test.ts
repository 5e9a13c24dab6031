// Privacy, byte by byte, for the web device: every request the page makes to the API origin (with
// its headers and body) and every WebSocket frame it sends there is recorded while a visitor opts in
// to sync on /breathe, breathes, pairs with an editor, creates a team, exports and deletes. Each request is held
// against an allowlist of paths, RPC arguments and headers; no byte may name the machine or its
// user, carry a time of day or a session record (pattern, start or end).
import { hostname, userInfo } from 'node:os';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eConfig, launch, openApp } from './browser.ts';
import { ExtensionDevice, utcDay } from './extension-device.ts';
import { breatheOneSigh } from './steps.ts';

interface Sent {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
}

type Check = (args: Record<string, unknown>) => boolean;

const keysAre = (a: Record<string, unknown>, wanted: string[]) =>
  Object.keys(a).length === wanted.length && wanted.every((k) => k in a);
const isDay = (v: unknown) => typeof v === 'string' && [-1, 0, 1].map(utcDay).includes(v);
const none: Check = (a) => keysAre(a, []);
const isUuid = (v: unknown) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(String(v));
/** Arguments of a read: numbers, flags, short lowercase words (a scope) and ids. */
const smallArgs: Check = (a) =>
  Object.values(a).every(
    (v) =>
      v === null ||
      typeof v === 'number' ||
      typeof v === 'boolean' ||
      /^[a-z_]{1,20}$/.test(String(v)) ||
      isUuid(v),
  );
/** The team this visitor creates: the one piece of free text the scenario sends, because a person typed it. */
const teamName = 'Quiet Lungs';

/** RPCs the dashboard is known to call as a device or a visitor, with the arguments each may carry. */
const rpcArgs: Record<string, Check> = {
  sync_progress: (a) =>
    keysAre(a, ['days', 'today', 'device_kind']) &&
    isDay(a.today) &&
    a.device_kind === 'web' &&
    Array.isArray(a.days) &&
    a.days.every(
      (d: Record<string, unknown>) =>
        keysAre(d, ['day', 'xp', 'cycles', 'seconds']) &&
        isDay(d.day) &&
        [d.xp, d.cycles, d.seconds].every((n) => Number.isInteger(n) && (n as number) >= 0),
    ),
  get_my_progress: (a) => keysAre(a, ['days']) && Number.isInteger(a.days),
  create_pairing_code: none,
  redeem_pairing_code: (a) =>
    keysAre(a, ['code', 'device_kind']) && /^[A-Z0-9]{8}$/.test(String(a.code)) && a.device_kind === 'web',
  set_breathing: (a) => keysAre(a, ['active']) && typeof a.active === 'boolean',
  set_leaderboard_visibility: (a) => keysAre(a, ['visible']) && typeof a.visible === 'boolean',
  regenerate_handle: none,
  export_my_data: none,
  delete_my_data: none,
  // Teams: the name the person typed for their team (meant to be shown), ids and join codes.
  create_team: (a) => keysAre(a, ['name']) && a.name === teamName,
  join_team: (a) => keysAre(a, ['code']) && /^[A-Z0-9]{8}$/.test(String(a.code)),
  get_team: (a) => keysAre(a, ['team_id']) && isUuid(a.team_id),
  leave_team: (a) => keysAre(a, ['team_id']) && isUuid(a.team_id),
  get_my_teams: none,
  // Public reads: only scopes, page sizes and ids, never free text.
  get_global_stats: none,
  get_live_board: none,
  get_leaderboard: smallArgs,
  get_my_rank: smallArgs,
};

function headerAllowlist(
  appOrigin: string,
  apiHost: string,
  anonKey: string,
): Record<string, (v: string) => boolean> {
  return {
    host: (v) => v === apiHost,
    connection: (v) => /^(keep-alive|close)$/i.test(v),
    'content-length': (v) => /^\d+$/.test(v),
    'content-type': (v) => /^application\/json(;\s*charset=utf-8)?$/i.test(v),
    accept: (v) => /^(\*\/\*|application\/json|application\/vnd\.pgrst\.object\+json)$/.test(v),
    'accept-language': (v) => /^[a-z]{2}(-[A-Z]{2})?(,[a-z-]+(;q=[\d.]+)?)*$|^\*$/.test(v),
    'accept-encoding': (v) => /^[a-z, ]+$/.test(v),
    apikey: (v) => v === anonKey,
    authorization: (v) => /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(v),
    'x-client-info': (v) => /^breath-master-sync\/\d+\.\d+\.\d+$/.test(v),
    'x-supabase-api-version': (v) => /^\d{4}-\d{2}-\d{2}$/.test(v),
    'content-profile': (v) => v === 'public',
    'accept-profile': (v) => v === 'public',
    prefer: (v) => /^(return=(minimal|representation)|count=exact)(,\s*\S+)*$/.test(v),
    // What the browser itself adds to any cross-origin fetch: the page's origin, never its path.
    origin: (v) => v === appOrigin,
    referer: (v) => v === `${appOrigin}/`,
    'user-agent': (v) =>
      /^Mozilla\/5\.0 \(X11; Linux x86_64\) AppleWebKit\/[\d.]+ \(KHTML, like Gecko\) (Headless)?Chrome\/[\d.]+ Safari\/[\d.]+$/.test(
        v,
      ),
    'sec-ch-ua': (v) => /^("[^"]+";v="[\d.]+"(, )?)+$/.test(v),
    'sec-ch-ua-mobile': (v) => /^\?[01]$/.test(v),
    'sec-ch-ua-platform': (v) => v === '"Linux"',
    'sec-fetch-site': (v) => /^(same-site|cross-site|same-origin)$/.test(v),
    'sec-fetch-mode': (v) => v === 'cors',
    'sec-fetch-dest': (v) => v === 'empty',
  };
}

function problemWith(r: Sent, headers: Record<string, (v: string) => boolean>): string | null {
  for (const [name, value] of Object.entries(r.headers)) {
    const check = headers[name];
    if (!check) return `header ${name}: ${value} is not on the allowlist`;
    if (!check(value)) return `header ${name} has an unexpected value: ${value}`;
  }
  let body: Record<string, unknown> | null = null;
  try {
    body = r.body === '' ? {} : (JSON.parse(r.body) as Record<string, unknown>);
  } catch {
    return `body is not JSON: ${r.body}`;
  }
  if (r.method === 'OPTIONS') return r.body === '' ? null : 'preflight with a body';
  if (r.path === '/auth/v1/signup' && r.method === 'POST') {
    const values = Object.entries(body);
    const empty = values.every(
      ([k, v]) =>
        ['data', 'gotrue_meta_security'].includes(k) &&
        (v === null || (typeof v === 'object' && Object.values(v as object).every((x) => x == null))),
    );
    return empty && r.query === '' ? null : `signup carries data: ${r.body}`;
  }
  if (r.path === '/auth/v1/token' && r.method === 'POST')
    return r.query === 'grant_type=refresh_token' && keysAre(body, ['refresh_token'])
      ? null
      : `token request: ${r.query} ${r.body}`;
  if (r.path === '/auth/v1/user' && r.method === 'GET')
    return r.body === '' ? null : 'user request with a body';
  if (r.path === '/auth/v1/logout' && r.method === 'POST')
    return r.body === '' && /^(scope=(global|local|others))?$/.test(r.query) ? null : `logout: ${r.query}`;
  const rpc = /^\/rest\/v1\/rpc\/([a-z_]+)$/.exec(r.path)?.[1];
  if (rpc && (r.method === 'POST' || r.method === 'GET')) {
    const check = rpcArgs[rpc];
    if (!check) return `RPC ${rpc} is not one the dashboard is known to call`;
    const args = r.method === 'GET' ? Object.fromEntries(new URLSearchParams(r.query)) : body;
    if (!check(args)) return `RPC ${rpc} carries unexpected arguments: ${r.query} ${r.body}`;
    return r.method === 'POST' && r.query !== '' ? `RPC ${rpc} query: ${r.query}` : null;
  }
  return 'path is not on the allowlist';
}

/**
 * Why a realtime frame the page sent is not allowed, or null. Phoenix frames are
 * [join_ref, ref, topic, event, payload]: joins name a topic and channel options, nothing else.
 */
function frameProblem(frame: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame);
  } catch {
    return 'not JSON';
  }
  if (!Array.isArray(parsed) || parsed.length !== 5) return 'not a Phoenix frame';
  const [joinRef, ref, topic, event, payload] = parsed as [
    unknown,
    unknown,
    unknown,
    unknown,
    Record<string, unknown>,
  ];
  if (![joinRef, ref].every((r) => r === null || /^\d+$/.test(String(r)))) return 'unexpected refs';
  if (!/^(phoenix|realtime:[a-z_]+(:[\w-]+)?)$/.test(String(topic))) return `topic ${String(topic)}`;
  if (event === 'phx_leave' || event === 'heartbeat')
    return keysAre(payload, []) ? null : `${event} with a payload`;
  if (event === 'access_token') return keysAre(payload, ['access_token']) ? null : 'access_token with more';
  if (event !== 'phx_join') return `event ${String(event)}`;
  if (!keysAre(payload, ['config', 'access_token']) && !keysAre(payload, ['config']))
    return 'join payload keys';
  const config = payload.config as Record<string, unknown>;
  const presence = config.presence as Record<string, unknown> | undefined;
  if (!Object.keys(config).every((k) => ['broadcast', 'presence', 'postgres_changes', 'private'].includes(k)))
    return 'join config keys';
  if (presence && presence.key !== '') return `presence key ${String(presence.key)}`;
  return Array.isArray(config.postgres_changes) && config.postgres_changes.length === 0
    ? null
    : 'postgres_changes subscription';
}

/** The request's bytes as text, with server-issued tokens blanked (their shape is checked above). */
function sentText(r: Sent): string {
  const headerValues = Object.entries(r.headers)
    .filter(([name]) => name !== 'authorization' && name !== 'apikey')
    .map(([name, v]) => `${name}: ${v}`);
  const body = r.body.replace(/"refresh_token":"[^"]*"/, '"refresh_token":""');
  return [r.method, r.path, decodeURIComponent(r.query), ...headerValues, body].join('\n');
}

/** A realtime frame with its access token blanked. */
const frameText = (frame: string) => frame.replace(/"access_token":"[^"]*"/g, '"access_token":""');

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('privacy: what the web device sends', () => {
  const sent: Promise<Sent>[] = [];
  const frames: string[] = [];

  it('a visitor opts in to sync, breathes, pairs with an editor, creates a team, exports and deletes', async () => {
    const { apiUrl } = e2eConfig();
    const api = new URL(apiUrl);
    const { page, context } = await openApp(browser, '/breathe');
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin !== api.origin) return;
      sent.push(
        request.allHeaders().then((headers) => ({
          method: request.method(),
          path: url.pathname,
          query: url.search.slice(1),
          headers,
          body: request.postData() ?? '',
        })),
      );
    });
    page.on('websocket', (socket) => {
      if (new URL(socket.url()).host !== api.host) return;
      socket.on('framesent', ({ payload }) => frames.push(String(payload)));
    });

    await breatheOneSigh(page);
    await page.getByRole('button', { name: 'Sync this browser' }).click();
    const synced = page.getByTestId('sync-state').filter({ hasText: 'All breaths synced.' });
    await synced.waitFor({ timeout: 15_000 });
    // A second session of a device that syncs: "breathing now" and a push.
    await breatheOneSigh(page);
    await synced.waitFor({ timeout: 15_000 });

    const editor = new ExtensionDevice();
    editor.breathe(3, 0);
    await editor.push();
    const { code } = await editor.client.createPairingCode();
    await page.goto(
      new URL(`/pair?code=${code}&api=${encodeURIComponent(apiUrl)}`, e2eConfig().appUrl).toString(),
    );
    await page.waitForURL(/\/me$/);
    await page.getByTestId('handle').waitFor();

    await page.getByRole('link', { name: 'Teams' }).click();
    await page.getByRole('textbox', { name: 'Team name' }).fill(teamName);
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.getByRole('heading', { level: 1, name: teamName }).waitFor();
    await page.getByRole('link', { name: 'My progress' }).click();
    await page.getByTestId('handle').waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export my data (JSON)' }).click(),
    ]);
    await download.path();
    await page.getByRole('button', { name: 'Delete everything' }).click();
    await page.getByLabel('Type delete to confirm').fill('delete');
    await page.getByRole('button', { name: 'Delete for good' }).click();
    await page.getByText('No progress here yet').waitFor();
    await context.close();
  });

  it('every request to the API is on the allowlist', async () => {
    const { apiUrl, anonKey, appUrl } = e2eConfig();
    const requests = await Promise.all(sent);
    const paths = requests.map((r) => `${r.method} ${r.path}`);
    for (const wanted of [
      'POST /auth/v1/signup',
      'POST /rest/v1/rpc/sync_progress',
      'POST /rest/v1/rpc/set_breathing',
      'POST /rest/v1/rpc/redeem_pairing_code',
      'POST /rest/v1/rpc/create_team',
      'POST /rest/v1/rpc/export_my_data',
      'POST /rest/v1/rpc/delete_my_data',
    ])
      expect(paths).toContain(wanted);
    console.log(
      `${requests.length} requests, ${frames.length} realtime frames sent:\n${[...new Set(paths)].join('\n')}`,
    );
    const allowed = headerAllowlist(new URL(appUrl).origin, new URL(apiUrl).host, anonKey);
    const problems = requests
      .map((r) => ({
        request: `${r.method} ${r.path}?${r.query} ${r.body.slice(0, 300)}`,
        problem: problemWith(r, allowed),
      }))
      .filter((p) => p.problem !== null);
    expect(problems).toEqual([]);
    const frameProblems = frames.map((f) => ({ frame: frameText(f), problem: frameProblem(f) }));
    expect(frameProblems.filter((p) => p.problem !== null)).toEqual([]);
  });

  it('the allowlist catches a leak (a check that passes everything would prove nothing)', () => {
    const allowed = headerAllowlist('http://app', '127.0.0.1:1', 'anon');
    const day = { day: utcDay(0), xp: 2, cycles: 1, seconds: 9 };
    const sync = (days: unknown[], extra = {}) =>
      JSON.stringify({ days, today: utcDay(0), device_kind: 'web', ...extra });
    const fine: Sent = {
      method: 'POST',
      path: '/rest/v1/rpc/sync_progress',
      query: '',
      headers: {},
      body: sync([day]),
    };
    expect(problemWith(fine, allowed)).toBeNull();
    const leaks: Sent[] = [
      { ...fine, body: sync([{ ...day, pattern: 'sigh' }]) },
      { ...fine, body: sync([{ ...day, day: `${utcDay(0)}T08:15:00Z` }]) },
      { ...fine, body: sync([day], { started_at: Date.now() }) },
      { ...fine, headers: { referer: 'http://app/breathe?api=x' } },
      { ...fine, headers: { 'x-device-name': hostname() } },
      { ...fine, path: '/rest/v1/sessions' },
      { ...fine, method: 'GET', path: '/rest/v1/rpc/get_leaderboard', query: 'scope=Someone%20Named' },
    ];
    for (const leak of leaks) expect(problemWith(leak, allowed), JSON.stringify(leak)).not.toBeNull();
    expect(frameProblem('[null,"1","phoenix","heartbeat",{}]')).toBeNull();
    expect(
      frameProblem('["1","1","realtime:board:all","phx_join",{"config":{"presence":{"key":"my-laptop"}}}]'),
    ).not.toBeNull();
    expect(
      frameProblem('["1","2","realtime:board:all","broadcast",{"event":"x","payload":{}}]'),
    ).not.toBeNull();
  });

  it('no byte sent names the machine or its user, a time of day or a session record', async () => {
    const everything = [...(await Promise.all(sent)).map(sentText), ...frames.map(frameText)].join('\n\n');
    for (const name of [userInfo().username, hostname()]) {
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(everything).not.toMatch(new RegExp(`(^|[^A-Za-z0-9])${escaped}([^A-Za-z0-9]|$)`, 'i'));
    }
    expect(everything).not.toMatch(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/);
    expect(everything).not.toMatch(/\b1\d{9}(\d{3})?\b/);
    for (const word of ['sigh', 'inhale', 'exhale', 'pattern', 'started', 'ended', 'session_'])
      expect(everything.toLowerCase()).not.toContain(word);
  });
});
