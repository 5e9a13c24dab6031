import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticatorUrl } from '../db/bootstrap.ts';
import { createGateway } from '../gateway/server.ts';
import { testClient } from '../gateway/test-clients.ts';
import { LOCAL_ANON_KEY } from '../keys.ts';
import { REALTIME_PLANS } from '../realtime/limits.ts';
import { type Devstack, startTestStack } from '../stack.ts';
import { loadLocalSettings } from './load.ts';

// What config.toml and devstack.toml say is what the running stack does: keys signed with another
// secret, token lifetime, the Realtime plan, the anonymous sign-up switch, through supabase-js.

let stack: Devstack;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'devstack-config-'));
  try {
    writeFileSync(
      join(dir, 'config.toml'),
      '[auth]\njwt_expiry = 120\nenable_anonymous_sign_ins = true\njwt_secret = "a-second-checkout-with-its-own-secret"\n',
    );
    writeFileSync(join(dir, 'devstack.toml'), '[realtime]\nplan = "free"\n');
    const settings = loadLocalSettings({ supabaseDir: dir, env: {} });
    stack = await startTestStack({ settings, cron: false });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

describe('settings applied to the running stack', () => {
  it('serves with the configured secret, keys and token lifetime', async () => {
    expect(stack.jwtSecret).toBe('a-second-checkout-with-its-own-secret');
    expect(stack.anonKey).not.toBe(LOCAL_ANON_KEY);
    const device = testClient(stack.apiUrl, { key: stack.anonKey });
    const { data, error } = await device.auth.signInAnonymously();
    expect(error).toBeNull();
    expect(data.session?.expires_in).toBe(120);
    const stats = await testClient(stack.apiUrl, { key: stack.anonKey }).rpc('get_global_stats');
    expect(stats.error).toBeNull();
    // The CLI's default key is not this stack's.
    const stranger = await testClient(stack.apiUrl).rpc('get_global_stats');
    expect(stranger.status).toBe(401);
  });

  it("enforces the configured plan's Realtime quotas and reports them", async () => {
    expect(stack.gateway.realtime?.stats().limits).toEqual(REALTIME_PLANS.free);
    const stats = await fetch(`${stack.apiUrl}/realtime/v1/api/stats`, {
      headers: { apikey: stack.serviceRoleKey },
    });
    expect(stats.status).toBe(200);
    expect(await stats.json()).toMatchObject({
      limits: REALTIME_PLANS.free,
      users: 0,
      triggered: { events: false },
    });
    const anon = await fetch(`${stack.apiUrl}/realtime/v1/api/stats`, { headers: { apikey: stack.anonKey } });
    expect(anon.status).toBe(403);
  });

  it('refuses anonymous sign-ins when config.toml turns them off, as GoTrue does', async () => {
    const gateway = await createGateway({
      databaseUrl: stack.dbUrl,
      authenticatorUrl: authenticatorUrl(stack.dbUrl),
      port: 0,
      jwtSecret: stack.jwtSecret,
      anonKey: stack.anonKey,
      serviceRoleKey: stack.serviceRoleKey,
      enableAnonymousSignIns: false,
      realtime: false,
      quiet: true,
    });
    try {
      const settingsAnswer = await fetch(`${gateway.url}/auth/v1/settings`, {
        headers: { apikey: stack.anonKey },
      });
      expect(await settingsAnswer.json()).toMatchObject({ external: { anonymous_users: false } });
      const { error } = await testClient(gateway.url, { key: stack.anonKey }).auth.signInAnonymously();
      expect(error).toMatchObject({ status: 422, code: 'anonymous_provider_disabled' });
    } finally {
      await gateway.close();
    }
  });
});
