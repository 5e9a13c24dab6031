import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, clientIp, header, parseJson, readBody, sendEmpty, sendJson } from '../http.ts';
import { verifyJwt } from '../jwt.ts';
import { AuthHttpError, authErrors, sendAuthError } from './auth-error.ts';
import type { RateLimit } from './rate-limit.ts';
import type { AuthStore } from './store.ts';
import { sessionJson, type TokenSettings, type UserRow, userJson } from './tokens.ts';

// /auth/v1: the GoTrue endpoints supabase-js uses for anonymous sessions.

export interface AuthContext {
  store: AuthStore;
  tokens: TokenSettings;
  signupLimit: RateLimit;
  /** A used refresh token presented again within this interval gets the session's current token. */
  reuseIntervalMs: number;
  /** config.toml `[auth] enable_signup`. Default true. */
  signupEnabled?: boolean;
  /** config.toml `[auth] enable_anonymous_sign_ins`. Default true. */
  anonymousSignIns?: boolean;
}

export async function handleAuth(
  ctx: AuthContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
): Promise<void> {
  try {
    await route(ctx, req, res, path, query);
  } catch (error) {
    if (error instanceof AuthHttpError) sendAuthError(res, error);
    else throw error;
  }
}

async function route(
  ctx: AuthContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
): Promise<void> {
  const method = req.method ?? 'GET';
  switch (path) {
    case '/signup':
      if (method !== 'POST') throw authErrors.methodNotAllowed();
      return signup(ctx, req, res);
    case '/token':
      if (method !== 'POST') throw authErrors.methodNotAllowed();
      return token(ctx, req, res, query);
    case '/otp':
      if (method !== 'POST') throw authErrors.methodNotAllowed();
      return refuseOtp(await jsonObject(req));
    case '/user':
      if (method !== 'GET') throw authErrors.methodNotAllowed();
      return getUser(ctx, req, res);
    case '/logout':
      if (method !== 'POST') throw authErrors.methodNotAllowed();
      return logout(ctx, req, res, query);
    case '/settings':
      return sendJson(res, 200, {
        external: { anonymous_users: ctx.anonymousSignIns !== false, email: false, phone: false },
        disable_signup: ctx.signupEnabled === false,
        mailer_autoconfirm: false,
        phone_autoconfirm: false,
        sms_provider: '',
        saml_enabled: false,
      });
    case '/health':
      return sendJson(res, 200, { version: 'devstack', name: 'GoTrue', description: 'Local anonymous auth' });
    default:
      throw authErrors.notFound(path);
  }
}

async function jsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = parseJson(await readBody(req));
  } catch {
    throw authErrors.validation('Could not read the request body as JSON');
  }
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw authErrors.validation('The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

async function signup(ctx: AuthContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await jsonObject(req);
  // GoTrue's order: no email and no phone is an anonymous sign-in (a password alone is ignored);
  // otherwise the password is checked before the provider, which this product's config disables.
  if (isPresent(body.email) || isPresent(body.phone)) {
    if (ctx.signupEnabled === false) throw authErrors.signupsNotAllowed();
    refuseProviderSignup(body);
  }
  const data = body.data ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw authErrors.validation('data must be a JSON object');
  }
  // GoTrue's order for anonymous sign-ins: the provider switch, the rate limit, then enable_signup.
  if (ctx.anonymousSignIns === false) throw authErrors.anonymousDisabled();
  if (!ctx.signupLimit.take(clientIp(req))) throw authErrors.rateLimited();
  if (ctx.signupEnabled === false) throw authErrors.signupsNotAllowed();
  const issued = await ctx.store.signUpAnonymous(
    data as Record<string, unknown>,
    header(req, 'user-agent') ?? null,
  );
  sendJson(
    res,
    200,
    sessionJson(issued.user, issued.sessionId, issued.signedInAt, issued.refreshToken, ctx.tokens),
  );
}

async function token(
  ctx: AuthContext,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  const grant = query.get('grant_type');
  if (grant === 'password') return refusePasswordGrant(await jsonObject(req));
  if (grant !== 'refresh_token') throw authErrors.unsupportedGrant();
  const body = await jsonObject(req);
  if (typeof body.refresh_token !== 'string' || body.refresh_token === '') {
    throw authErrors.validation('refresh_token required');
  }
  const issued = await ctx.store.refresh(body.refresh_token, ctx.reuseIntervalMs);
  sendJson(
    res,
    200,
    sessionJson(issued.user, issued.sessionId, issued.signedInAt, issued.refreshToken, ctx.tokens),
  );
}

/** GoTrue's requireAuthentication: a valid token for an existing user and session. */
async function authenticate(
  ctx: AuthContext,
  req: IncomingMessage,
): Promise<{ user: UserRow; userId: string; sessionId: string | null }> {
  const jwt = bearerToken(req);
  if (jwt === undefined) throw authErrors.noAuthorization();
  const verified = verifyJwt(jwt, ctx.tokens.jwtSecret);
  if (!verified.ok) {
    throw authErrors.badJwt(
      verified.reason === 'expired' ? 'token is expired' : verified.reason.replace('_', ' '),
    );
  }
  const { claims } = verified;
  if (typeof claims.sub !== 'string' || claims.sub === '') throw authErrors.missingSub();
  // As GoTrue: the user first (a deleted user is user_not_found), then the session.
  const user = await ctx.store.findUser(claims.sub);
  if (user === null) throw authErrors.userNotFound();
  const sessionId = typeof claims.session_id === 'string' ? claims.session_id : null;
  if (sessionId !== null && !(await ctx.store.sessionExists(sessionId))) throw authErrors.sessionNotFound();
  return { user, userId: claims.sub, sessionId };
}

async function getUser(ctx: AuthContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { user } = await authenticate(ctx, req);
  sendJson(res, 200, userJson(user));
}

async function logout(
  ctx: AuthContext,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  const scope = query.get('scope') ?? 'global';
  if (scope !== 'global' && scope !== 'local' && scope !== 'others') {
    throw authErrors.validation(`Unsupported logout scope "${scope}"`);
  }
  const { userId, sessionId } = await authenticate(ctx, req);
  await ctx.store.logout(userId, sessionId, scope);
  sendEmpty(res, 204);
}

/** What GoTrue answers with `[auth.email]` and `[auth.sms]` `enable_signup = false` (supabase/config.toml). */
function refuseProviderSignup(body: Record<string, unknown>): never {
  const password = typeof body.password === 'string' ? body.password : '';
  if (password === '') throw authErrors.validation('Signup requires a valid password');
  if (password.length < MIN_PASSWORD_LENGTH) throw authErrors.weakPassword(MIN_PASSWORD_LENGTH);
  if (isPresent(body.email) && isPresent(body.phone)) {
    throw authErrors.validation('Only an email address or phone number should be provided on signup.');
  }
  throw isPresent(body.email) ? authErrors.emailSignupDisabled() : authErrors.phoneSignupDisabled();
}

/** GoTrue's ResourceOwnerPasswordGrant with both providers off: no user can ever sign in with a password. */
function refusePasswordGrant(body: Record<string, unknown>): never {
  if (isPresent(body.email) && isPresent(body.phone)) {
    throw authErrors.validation('Only an email address or phone number should be provided on login.');
  }
  if (isPresent(body.email)) throw authErrors.emailLoginDisabled();
  if (isPresent(body.phone)) throw authErrors.phoneLoginDisabled();
  throw authErrors.validation('missing email or phone');
}

/**
 * GoTrue's Otp (signInWithOtp, magic links) with both providers off. No email or phone user can exist
 * here, so `create_user: false` always meets "no such user" (otp_disabled), as it would on GoTrue.
 */
function refuseOtp(body: Record<string, unknown>): never {
  if (isPresent(body.email) && isPresent(body.phone)) {
    throw authErrors.validation('Only an email address or phone number should be provided');
  }
  if (isPresent(body.email) && isPresent(body.channel)) {
    throw authErrors.validation('Channel should only be specified with Phone OTP');
  }
  if (body.create_user === false && (isPresent(body.email) || isPresent(body.phone))) {
    throw authErrors.otpSignupsDisabled();
  }
  if (isPresent(body.email)) throw authErrors.emailLoginDisabled();
  if (isPresent(body.phone)) throw authErrors.unsupportedPhoneProvider();
  throw authErrors.validation('One of email or phone must be set');
}

/** GoTrue's default `minimum_password_length`, which supabase/config.toml keeps. */
const MIN_PASSWORD_LENGTH = 6;

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}
