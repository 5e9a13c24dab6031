import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findRepoRoot } from '../db/repo-root.ts';
import { verifyJwt } from '../gateway/jwt.ts';
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_SERVICE_ROLE_KEY } from '../keys.ts';
import { REALTIME_PLANS } from '../realtime/limits.ts';
import { ConfigError, loadLocalSettings } from './load.ts';
import { defaultSettings } from './settings.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(files: { config?: string; devstack?: string }): string {
  const dir = mkdtempSync(join(tmpdir(), 'devstack-config-'));
  dirs.push(dir);
  if (files.config !== undefined) writeFileSync(join(dir, 'config.toml'), files.config);
  if (files.devstack !== undefined) writeFileSync(join(dir, 'devstack.toml'), files.devstack);
  return dir;
}

function failure(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadLocalSettings', () => {
  it("reads this repository's supabase/config.toml and devstack.toml", () => {
    const supabaseDir = join(findRepoRoot(), 'supabase');
    const settings = loadLocalSettings({ supabaseDir, env: {} });
    expect(settings.api).toEqual({ port: 54321, maxRows: 1000, schemas: ['public'] });
    expect(settings.db).toEqual({ port: 54322 });
    expect(settings.auth).toMatchObject({
      jwtExpirySeconds: 3600,
      refreshTokenReuseIntervalSeconds: 10,
      enableSignup: true,
      enableAnonymousSignIns: true,
      anonymousUsersPerHour: 30,
      emailSignup: false,
      jwtSecret: LOCAL_JWT_SECRET,
      anonKey: LOCAL_ANON_KEY,
      serviceRoleKey: LOCAL_SERVICE_ROLE_KEY,
    });
    expect(settings.realtime).toEqual({ plan: 'pro', limits: REALTIME_PLANS.pro });
    expect(settings.files).toEqual({
      config: join(supabaseDir, 'config.toml'),
      devstack: join(supabaseDir, 'devstack.toml'),
    });
  });

  it("falls back to the Supabase CLI's defaults for what is left out", () => {
    const settings = loadLocalSettings({ supabaseDir: folder({ config: 'project_id = "x"\n' }), env: {} });
    expect({ ...settings, files: null }).toEqual({ ...defaultSettings(), files: null });
    expect(settings.auth.enableAnonymousSignIns).toBe(false);
  });

  it('takes other ports, so a second checkout can run beside the first', () => {
    const settings = loadLocalSettings({
      supabaseDir: folder({ config: '[api]\nport = 55421\n[db]\nport = 55422\n' }),
      env: {},
    });
    expect(settings.api.port).toBe(55421);
    expect(settings.db.port).toBe(55422);
  });

  it('signs the API keys with a custom jwt_secret (read from env() as the CLI does) unless they are given', () => {
    const secret = 'another-local-secret-of-enough-length';
    const settings = loadLocalSettings({
      supabaseDir: folder({ config: '[auth]\njwt_secret = "env(LOCAL_SECRET)"\n' }),
      env: { LOCAL_SECRET: secret },
    });
    expect(settings.auth.jwtSecret).toBe(secret);
    const anon = verifyJwt(settings.auth.anonKey, secret);
    expect(anon).toMatchObject({ ok: true, claims: { role: 'anon', iss: 'supabase-demo' } });
    expect(verifyJwt(settings.auth.serviceRoleKey, secret)).toMatchObject({
      ok: true,
      claims: { role: 'service_role' },
    });
    const given = loadLocalSettings({
      supabaseDir: folder({ config: `[auth]\njwt_secret = "${secret}"\nanon_key = "given"\n` }),
      env: {},
    });
    expect(given.auth.anonKey).toBe('given');
  });

  it('picks a plan and overrides single quotas from devstack.toml', () => {
    const settings = loadLocalSettings({
      supabaseDir: folder({ devstack: '[realtime]\nplan = "free"\nmax_channels_per_client = 5\n' }),
      env: {},
    });
    expect(settings.realtime).toEqual({
      plan: 'custom',
      limits: { ...REALTIME_PLANS.free, maxChannelsPerClient: 5 },
    });
  });

  it('names the file and the key of a bad value', () => {
    const config = folder({ config: '[api]\nport = 70000\n' });
    expect(failure(() => loadLocalSettings({ supabaseDir: config, env: {} }))).toMatchObject({
      code: 'config_invalid',
      message: `${join(config, 'config.toml')}: api.port must be a port number (1-65535) (got 70000)`,
    });
    const auth = folder({ config: '[auth]\nenable_anonymous_sign_ins = "yes"\n' });
    expect(failure(() => loadLocalSettings({ supabaseDir: auth, env: {} })).message).toBe(
      `${join(auth, 'config.toml')}: auth.enable_anonymous_sign_ins must be true or false (got "yes")`,
    );
    const plan = folder({ devstack: '[realtime]\nplan = "gold"\n' });
    expect(failure(() => loadLocalSettings({ supabaseDir: plan, env: {} })).message).toBe(
      `${join(plan, 'devstack.toml')}: realtime.plan must be one of free, pro, pro_no_cap, team (got "gold")`,
    );
    const typo = folder({ devstack: '[realtime]\nmax_users = 3\n' });
    expect(failure(() => loadLocalSettings({ supabaseDir: typo, env: {} })).message).toMatch(
      /devstack\.toml: realtime\.max_users is not a known key/,
    );
    const negative = folder({ devstack: '[realtime]\nmax_events_per_second = 0\n' });
    expect(failure(() => loadLocalSettings({ supabaseDir: negative, env: {} })).message).toMatch(
      /realtime\.max_events_per_second must be a whole number of at least 1 \(got 0\)/,
    );
    const short = folder({ config: '[auth]\njwt_secret = "short"\n' });
    expect(failure(() => loadLocalSettings({ supabaseDir: short, env: {} })).message).toMatch(
      /auth\.jwt_secret must be at least 16 characters/,
    );
    const unset = folder({ config: '[auth]\njwt_secret = "env(NOPE)"\n' });
    expect(failure(() => loadLocalSettings({ supabaseDir: unset, env: {} })).message).toMatch(
      /auth\.jwt_secret refers to env\(NOPE\), which is not set/,
    );
  });

  it('reports TOML that does not parse, with the file', () => {
    const dir = folder({ config: '[api\nport = 1\n' });
    expect(failure(() => loadLocalSettings({ supabaseDir: dir, env: {} }))).toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining(`${join(dir, 'config.toml')} is not valid TOML`),
    });
  });
});
