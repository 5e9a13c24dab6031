import {
  AuthApiError,
  AuthWeakPasswordError,
  isAuthSessionMissingError,
  type SupabaseClient,
} from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET } from '../../keys.ts';
import { signJwt, verifyJwt } from '../jwt.ts';
import type { GatewayOptions } from '../server.ts';
import { testClient } from '../test-clients.ts';
import { type GatewayTestCluster, startGatewayTestCluster, type TestGateway } from '../test-cluster.ts';

// The official supabase-js client against /auth/v1: anonymous sessions, refresh rotation and reuse,
// sign-out scopes, token expiry and the sign-up rate limit.

let cluster: GatewayTestCluster;
let stack: TestGateway | undefined;

beforeAll(async () => {
  cluster = await startGatewayTestCluster();
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function fresh(options: Partial<GatewayOptions> = {}): Promise<TestGateway> {
  stack = await cluster.freshGateway(options);
  return stack;
}

function client(url: string): SupabaseClient {
  return testClient(url);
}

async function signIn(
  url: string,
): Promise<{ supabase: SupabaseClient; accessToken: string; refreshToken: string }> {
  const supabase = client(url);
  const { data, error } = await supabase.auth.signInAnonymously();
  expect(error).toBeNull();
  return {
    supabase,
    accessToken: data.session?.access_token ?? '',
    refreshToken: data.session?.refresh_token ?? '',
  };
}

describe('anonymous sign-in', () => {
  it('creates an anonymous user with a session whose token carries Supabase claims', async () => {
    const { url, sql } = await fresh();
    const supabase = client(url);
    const { data, error } = await supabase.auth.signInAnonymously({ options: { data: { theme: 'calm' } } });
    expect(error).toBeNull();
    const session = data.session;
    expect(session?.token_type).toBe('bearer');
    expect(session?.expires_in).toBe(3600);
    expect(data.user).toMatchObject({
      aud: 'authenticated',
      role: 'authenticated',
      is_anonymous: true,
      app_metadata: { provider: 'anonymous', providers: ['anonymous'] },
      user_metadata: { theme: 'calm' },
      identities: [],
    });
    const verified = verifyJwt(session?.access_token ?? '', LOCAL_JWT_SECRET);
    expect(verified.ok).toBe(true);
    if (!verified.ok) return;
    const claims = verified.claims;
    expect(claims).toMatchObject({
      aud: 'authenticated',
      role: 'authenticated',
      sub: data.user?.id,
      iss: `${url}/auth/v1`,
      email: '',
      phone: '',
      aal: 'aal1',
      is_anonymous: true,
      app_metadata: { provider: 'anonymous', providers: ['anonymous'] },
    });
    expect(claims.amr).toEqual([{ method: 'anonymous', timestamp: expect.any(Number) }]);
    expect(claims.exp).toBe((claims.iat as number) + 3600);
    expect(session?.expires_at).toBe(claims.exp);
    const rows = await sql('select is_anonymous from auth.users where id = $1', [data.user?.id]);
    expect(rows.rows).toEqual([{ is_anonymous: true }]);
    const sessions = await sql('select id from auth.sessions where user_id = $1', [data.user?.id]);
    expect(sessions.rows).toEqual([{ id: claims.session_id }]);
  });

  it('getUser returns the signed-in user', async () => {
    const { url } = await fresh();
    const { supabase } = await signIn(url);
    const session = (await supabase.auth.getSession()).data.session;
    const { data, error } = await supabase.auth.getUser();
    expect(error).toBeNull();
    expect(data.user?.id).toBe(session?.user.id);
    expect(data.user?.is_anonymous).toBe(true);
  });

  it('refuses email and phone sign-ups as GoTrue does with those providers disabled', async () => {
    const { url } = await fresh();
    const auth = client(url).auth;
    const email = await auth.signUp({ email: 'a@example.com', password: 'correct horse battery' });
    expect(email.error).toBeInstanceOf(AuthApiError);
    expect(email.error).toMatchObject({ status: 400, code: 'email_provider_disabled' });
    expect(email.error?.message).toBe('Email signups are disabled');
    const phone = await auth.signUp({ phone: '+15555550100', password: 'correct horse battery' });
    expect(phone.error).toMatchObject({ status: 400, code: 'phone_provider_disabled' });
    expect(phone.error?.message).toBe('Phone signups are disabled');
    // The password is checked first: GoTrue's validateSignupParams runs before the provider check.
    const short = await auth.signUp({ email: 'a@example.com', password: 'abc' });
    expect(short.error).toBeInstanceOf(AuthWeakPasswordError);
    expect(short.error).toMatchObject({ status: 422, code: 'weak_password' });
    expect((short.error as AuthWeakPasswordError).reasons).toEqual(['length']);
    const raw = await fetch(`${url}/auth/v1/signup`, {
      method: 'POST',
      headers: { apikey: LOCAL_ANON_KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.com' }),
    });
    expect(raw.status).toBe(400);
    expect(raw.headers.get('x-sb-error-code')).toBe('validation_failed');
    expect(await raw.json()).toEqual({
      code: 400,
      error_code: 'validation_failed',
      msg: 'Signup requires a valid password',
    });
    const otp = await auth.signInWithOtp({ email: 'a@example.com' });
    expect(otp.error).toMatchObject({ status: 422, code: 'email_provider_disabled' });
    expect(otp.error?.message).toBe('Email logins are disabled');
    const existingOnly = await auth.signInWithOtp({
      email: 'a@example.com',
      options: { shouldCreateUser: false },
    });
    expect(existingOnly.error).toMatchObject({ status: 422, code: 'otp_disabled' });
    const sms = await auth.signInWithOtp({ phone: '+15555550100' });
    expect(sms.error).toMatchObject({ status: 400, code: 'phone_provider_disabled' });
    const login = await auth.signInWithPassword({
      email: 'a@example.com',
      password: 'correct horse battery',
    });
    expect(login.error).toMatchObject({ status: 422, code: 'email_provider_disabled' });
    expect(login.error?.message).toBe('Email logins are disabled');
  });

  it('checks enable_signup before the password and the provider, as GoTrue', async () => {
    const { url } = await fresh({ enableSignup: false });
    const auth = client(url).auth;
    const email = await auth.signUp({ email: 'a@example.com', password: 'x' });
    expect(email.error).toMatchObject({ status: 422, code: 'signup_disabled' });
    const anonymous = await auth.signInAnonymously();
    expect(anonymous.error).toMatchObject({ status: 422, code: 'signup_disabled' });
  });

  it('limits anonymous sign-ups per IP with 429 over_request_rate_limit', async () => {
    const { url } = await fresh({ signupRateLimit: { max: 2, windowMs: 60_000 } });
    await signIn(url);
    await signIn(url);
    const { data, error } = await client(url).auth.signInAnonymously();
    expect(data.session).toBeNull();
    expect(error).toBeInstanceOf(AuthApiError);
    expect(error?.status).toBe(429);
    expect((error as AuthApiError).code).toBe('over_request_rate_limit');
  });
});

describe('refresh tokens', () => {
  it('rotate: each refresh gives a new refresh token and a new access token for the same session', async () => {
    const { url } = await fresh();
    const { supabase, accessToken, refreshToken } = await signIn(url);
    const { data, error } = await supabase.auth.refreshSession();
    expect(error).toBeNull();
    expect(data.session?.refresh_token).not.toBe(refreshToken);
    const before = verifyJwt(accessToken, LOCAL_JWT_SECRET);
    const after = verifyJwt(data.session?.access_token ?? '', LOCAL_JWT_SECRET);
    expect(before.ok && after.ok && after.claims.session_id === before.claims.session_id).toBe(true);
    expect((await supabase.auth.getUser()).error).toBeNull();
  });

  it('a used token presented again within the reuse interval gets the current token', async () => {
    const { url } = await fresh();
    const { supabase, refreshToken } = await signIn(url);
    const first = await supabase.auth.refreshSession();
    const again = await client(url).auth.refreshSession({ refresh_token: refreshToken });
    expect(again.error).toBeNull();
    expect(again.data.session?.refresh_token).toBe(first.data.session?.refresh_token);
  });

  it('two refreshes racing with one token both succeed with the same new token', async () => {
    const { url, sql } = await fresh();
    const { refreshToken } = await signIn(url);
    const [a, b] = await Promise.all([
      client(url).auth.refreshSession({ refresh_token: refreshToken }),
      client(url).auth.refreshSession({ refresh_token: refreshToken }),
    ]);
    expect(a.error).toBeNull();
    expect(b.error).toBeNull();
    expect(a.data.session?.refresh_token).toBe(b.data.session?.refresh_token);
    const active = await sql('select count(*)::int as n from auth.refresh_tokens where not revoked');
    expect(active.rows).toEqual([{ n: 1 }]);
  });

  it('reuse outside the interval revokes the whole session (refresh_token_already_used)', async () => {
    const { url, sql } = await fresh({ refreshTokenReuseIntervalMs: 0 });
    const { supabase, refreshToken } = await signIn(url);
    const rotated = await supabase.auth.refreshSession();
    expect(rotated.error).toBeNull();
    const stolen = await client(url).auth.refreshSession({ refresh_token: refreshToken });
    expect(stolen.error).toBeInstanceOf(AuthApiError);
    expect(stolen.error?.status).toBe(400);
    expect((stolen.error as AuthApiError).code).toBe('refresh_token_already_used');
    expect((await sql('select count(*)::int as n from auth.sessions')).rows).toEqual([{ n: 0 }]);
    // The legitimate holder's current token died with the session.
    const holder = await client(url).auth.refreshSession({
      refresh_token: rotated.data.session?.refresh_token ?? '',
    });
    expect((holder.error as AuthApiError).code).toBe('refresh_token_not_found');
    // And its access token no longer has a session behind it.
    const user = await supabase.auth.getUser(rotated.data.session?.access_token);
    expect(isAuthSessionMissingError(user.error)).toBe(true);
  });

  it('an unknown refresh token answers refresh_token_not_found', async () => {
    const { url } = await fresh();
    const { error } = await client(url).auth.refreshSession({ refresh_token: 'no-such-token' });
    expect(error).toBeInstanceOf(AuthApiError);
    expect((error as AuthApiError).code).toBe('refresh_token_not_found');
  });

  it('getSession refreshes an expired access token, and auto-refresh refreshes on its own', async () => {
    const { url } = await fresh({ accessTokenExpirySeconds: 1 });
    const { supabase, accessToken } = await signIn(url);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await supabase.auth.getUser(accessToken);
    expect(expired.error).toBeInstanceOf(AuthApiError);
    expect((expired.error as AuthApiError).code).toBe('bad_jwt');
    const { data } = await supabase.auth.getSession();
    expect(data.session?.access_token).not.toBe(accessToken);
    expect((await supabase.auth.getUser()).error).toBeNull();

    const auto = testClient(url, { autoRefreshToken: true });
    await auto.auth.signInAnonymously();
    const refreshed = new Promise<void>((resolve) => {
      auto.auth.onAuthStateChange((event) => {
        if (event === 'TOKEN_REFRESHED') resolve();
      });
    });
    await auto.auth.startAutoRefresh();
    await refreshed;
    await auto.auth.stopAutoRefresh();
  });
});

describe('sign-out', () => {
  it('global ends every session of the user', async () => {
    const { url } = await fresh();
    const { supabase, accessToken, refreshToken } = await signIn(url);
    const second = await client(url).auth.refreshSession({ refresh_token: refreshToken });
    expect(second.error).toBeNull();
    expect((await supabase.auth.signOut()).error).toBeNull();
    expect((await supabase.auth.getSession()).data.session).toBeNull();
    const user = await client(url).auth.getUser(accessToken);
    expect(isAuthSessionMissingError(user.error)).toBe(true);
  });

  it('others ends the other sessions of the user and keeps this one; local ends this one', async () => {
    const { url, sql } = await fresh();
    const a = await signIn(url);
    const userId = (await a.supabase.auth.getUser()).data.user?.id;
    // A second session of the same user, as a second sign-in of it would leave.
    await sql(
      `insert into auth.sessions (id, user_id, created_at, updated_at) values (gen_random_uuid(), $1, now(), now())`,
      [userId],
    );
    const count = async () => (await sql('select count(*)::int as n from auth.sessions')).rows[0]?.n;
    expect(await count()).toBe(2);
    expect((await a.supabase.auth.signOut({ scope: 'others' })).error).toBeNull();
    expect(await count()).toBe(1);
    expect((await a.supabase.auth.getSession()).data.session).not.toBeNull();
    expect((await a.supabase.auth.getUser()).error).toBeNull();
    expect((await a.supabase.auth.signOut({ scope: 'local' })).error).toBeNull();
    expect(await count()).toBe(0);
    const user = await client(url).auth.getUser(a.accessToken);
    expect(isAuthSessionMissingError(user.error)).toBe(true);
  });
});

describe('tokens the auth service refuses', () => {
  it('answers a tampered token with 403 bad_jwt and the anon key with a missing sub', async () => {
    const { url } = await fresh();
    const { accessToken } = await signIn(url);
    const forged = signJwt(
      { sub: '00000000-0000-0000-0000-000000000000', role: 'authenticated' },
      'x'.repeat(40),
    );
    const tampered = await client(url).auth.getUser(forged);
    expect(tampered.error).toBeInstanceOf(AuthApiError);
    expect((tampered.error as AuthApiError).code).toBe('bad_jwt');
    const [h, b] = accessToken.split('.');
    const resigned = await client(url).auth.getUser(`${h}.${b}.AAAA`);
    expect(resigned.error?.status).toBe(403);
    const anon = await fetch(`${url}/auth/v1/user`, {
      headers: { apikey: LOCAL_ANON_KEY, Authorization: `Bearer ${LOCAL_ANON_KEY}` },
    });
    expect(anon.status).toBe(403);
    expect(await anon.json()).toMatchObject({ code: 403, error_code: 'bad_jwt' });
  });

  it('answers a token of a deleted user with 403 user_not_found', async () => {
    const { url, sql } = await fresh();
    const { supabase, accessToken } = await signIn(url);
    const userId = (await supabase.auth.getUser()).data.user?.id;
    await sql('delete from auth.users where id = $1', [userId]);
    const gone = await client(url).auth.getUser(accessToken);
    expect(gone.error).toBeInstanceOf(AuthApiError);
    expect((gone.error as AuthApiError).code).toBe('user_not_found');
  });

  it('requires the API key and answers CORS preflights', async () => {
    const { url } = await fresh();
    const none = await fetch(`${url}/auth/v1/signup`, { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ message: 'No API key found in request' });
    const wrong = await fetch(`${url}/rest/v1/rpc/x`, { method: 'POST', headers: { apikey: 'nope' } });
    expect(wrong.status).toBe(401);
    const preflight = await fetch(`${url}/rest/v1/rpc/x`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('apikey');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-client-info');
  });
});
