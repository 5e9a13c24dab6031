import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSettings, REALTIME_PLANS } from '@breath-master/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banner, realtimeLimitsLines } from './src/start/banner.ts';
import { type StaticServer, serveStatic } from './src/start/static-server.ts';

// `npm start` pieces that run without the stack: the dashboard's static server and the banner.

let dir: string;
let server: StaticServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'start-static-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Breath Master</title>');
  await writeFile(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
  server = await serveStatic(dir, 0);
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('dashboard static server', () => {
  it('serves files with their type and hashed assets as immutable', async () => {
    const res = await fetch(`${server.url}/assets/app-1234.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('answers client-side routes with index.html and missing files with 404', async () => {
    const route = await fetch(`${server.url}/teams/42`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>Breath Master</title>');
    expect(route.headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${server.url}/assets/gone-999.js`)).status).toBe(404);
  });

  it('never serves files outside its directory', async () => {
    const res = await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`);
    expect(res.status).toBe(400);
  });
});

describe('banner', () => {
  it('shows the URLs, the keys and why the dashboard is not served', () => {
    const text = banner({
      apiUrl: 'http://127.0.0.1:54321',
      dbUrl: 'postgres://postgres:postgres@127.0.0.1:54322/postgres',
      anonKey: 'anon.key.jwt',
      serviceRoleKey: 'service.key.jwt',
      jwtSecret: 'secret',
      dashboardUrl: null,
      dashboardNote: 'the dashboard has no build yet',
      demoPlayers: 0,
      settings: {
        ...defaultSettings(),
        files: { config: '/repo/supabase/config.toml', devstack: '/repo/supabase/devstack.toml' },
      },
    });
    expect(text).toContain('ws://127.0.0.1:54321/realtime/v1/websocket');
    expect(text).toContain('anon.key.jwt');
    expect(text).toContain('not served: the dashboard has no build yet');
    expect(text).not.toContain('demo players');
  });

  it('prints the Realtime quotas the local stack enforces and the files its settings came from', () => {
    const text = banner({
      apiUrl: 'http://127.0.0.1:54321',
      dbUrl: 'postgres://postgres:postgres@127.0.0.1:54322/postgres',
      anonKey: 'anon',
      serviceRoleKey: 'service',
      jwtSecret: 'secret',
      dashboardUrl: 'http://127.0.0.1:5173',
      dashboardNote: null,
      demoPlayers: 0,
      settings: {
        ...defaultSettings(),
        files: { config: '/repo/supabase/config.toml', devstack: '/repo/supabase/devstack.toml' },
      },
    });
    expect(text).toContain(
      'Realtime limits  pro plan: 500 concurrent connections, 500 messages/s, 500 joins/s',
    );
    expect(text).toContain('100 channels per connection, 50 presence messages/s');
    expect(text).toContain('Settings  /repo/supabase/config.toml, /repo/supabase/devstack.toml');
    expect(
      realtimeLimitsLines({ plan: 'custom', limits: { ...REALTIME_PLANS.free, maxChannelsPerClient: 5 } }),
    ).toEqual([
      'custom plan: 200 concurrent connections, 100 messages/s, 100 joins/s',
      '5 channels per connection, 20 presence messages/s',
    ]);
  });
});
