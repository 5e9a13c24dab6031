import { randomBytes } from 'node:crypto';
import { type JwtClaims, signJwt } from '../jwt.ts';

// The session and user JSON GoTrue answers with, and the access token's claims.

export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  is_anonymous: boolean;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
  last_sign_in_at: Date | null;
}

export interface TokenSettings {
  jwtSecret: string;
  /** Access token lifetime in seconds. */
  expirySeconds: number;
  /** `iss` claim: `<api url>/auth/v1`. */
  issuer: () => string;
}

export const ANONYMOUS_APP_METADATA = { provider: 'anonymous', providers: ['anonymous'] };

export function newRefreshToken(): string {
  return randomBytes(16).toString('base64url');
}

export function userJson(user: UserRow): Record<string, unknown> {
  return {
    id: user.id,
    aud: user.aud ?? 'authenticated',
    role: user.role ?? 'authenticated',
    email: '',
    phone: '',
    last_sign_in_at: user.last_sign_in_at?.toISOString() ?? null,
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    identities: [],
    created_at: user.created_at.toISOString(),
    updated_at: user.updated_at.toISOString(),
    is_anonymous: user.is_anonymous,
  };
}

export function accessTokenClaims(
  user: UserRow,
  sessionId: string,
  signedInAt: number,
  nowSeconds: number,
  settings: TokenSettings,
): JwtClaims {
  return {
    iss: settings.issuer(),
    sub: user.id,
    aud: user.aud ?? 'authenticated',
    exp: nowSeconds + settings.expirySeconds,
    iat: nowSeconds,
    email: '',
    phone: '',
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role ?? 'authenticated',
    aal: 'aal1',
    amr: [{ method: user.is_anonymous ? 'anonymous' : 'token', timestamp: signedInAt }],
    session_id: sessionId,
    is_anonymous: user.is_anonymous,
  };
}

export function sessionJson(
  user: UserRow,
  sessionId: string,
  signedInAt: number,
  refreshToken: string,
  settings: TokenSettings,
  nowSeconds = Math.floor(Date.now() / 1000),
): Record<string, unknown> {
  const claims = accessTokenClaims(user, sessionId, signedInAt, nowSeconds, settings);
  return {
    access_token: signJwt(claims, settings.jwtSecret),
    token_type: 'bearer',
    expires_in: settings.expirySeconds,
    expires_at: nowSeconds + settings.expirySeconds,
    refresh_token: refreshToken,
    user: userJson(user),
  };
}
