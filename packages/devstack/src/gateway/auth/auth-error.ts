import type { ServerResponse } from 'node:http';
import { sendJson } from '../http.ts';

// GoTrue's error body: `code` is the HTTP status, `error_code` the stable string auth-js turns into
// AuthApiError.code (and `session_not_found` into AuthSessionMissingError), `msg` the message.

export class AuthHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    /** Extra top-level fields of the body, as GoTrue's weak_password. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function sendAuthError(res: ServerResponse, error: AuthHttpError): void {
  sendJson(
    res,
    error.status,
    { code: error.status, error_code: error.errorCode, msg: error.message, ...error.extra },
    // GoTrue sets this header on every error that has a code.
    { 'x-sb-error-code': error.errorCode },
  );
}

export const authErrors = {
  badJwt: (detail: string) =>
    new AuthHttpError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${detail}`),
  missingSub: () => new AuthHttpError(403, 'bad_jwt', 'invalid claim: missing sub claim'),
  noAuthorization: () => new AuthHttpError(401, 'no_authorization', 'This endpoint requires a Bearer token'),
  sessionNotFound: () =>
    new AuthHttpError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist'),
  userNotFound: () => new AuthHttpError(403, 'user_not_found', 'User from sub claim in JWT does not exist'),
  refreshTokenNotFound: () =>
    new AuthHttpError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found'),
  refreshTokenAlreadyUsed: () =>
    new AuthHttpError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used'),
  rateLimited: () => new AuthHttpError(429, 'over_request_rate_limit', 'Request rate limit reached'),
  validation: (message: string) => new AuthHttpError(400, 'validation_failed', message),
  // GoTrue answers any other grant type with invalid_credentials (internal/api/token.go).
  unsupportedGrant: () => new AuthHttpError(400, 'invalid_credentials', 'unsupported_grant_type'),
  // GoTrue's Signup with the email or phone provider turned off (internal/api/signup.go).
  emailSignupDisabled: () => new AuthHttpError(400, 'email_provider_disabled', 'Email signups are disabled'),
  phoneSignupDisabled: () => new AuthHttpError(400, 'phone_provider_disabled', 'Phone signups are disabled'),
  weakPassword: (min: number) =>
    new AuthHttpError(422, 'weak_password', `Password should be at least ${min} characters.`, {
      weak_password: { reasons: ['length'] },
    }),
  /** The password grant: GoTrue answers 422 when the provider is off (internal/api/token.go). */
  emailLoginDisabled: () => new AuthHttpError(422, 'email_provider_disabled', 'Email logins are disabled'),
  otpSignupsDisabled: () => new AuthHttpError(422, 'otp_disabled', 'Signups not allowed for otp'),
  unsupportedPhoneProvider: () =>
    new AuthHttpError(400, 'phone_provider_disabled', 'Unsupported phone provider'),
  phoneLoginDisabled: () => new AuthHttpError(422, 'phone_provider_disabled', 'Phone logins are disabled'),
  // GoTrue's anonymous sign-up with sign-ups or the anonymous provider turned off (internal/api/anonymous.go).
  signupsNotAllowed: () => new AuthHttpError(422, 'signup_disabled', 'Signups not allowed for this instance'),
  anonymousDisabled: () =>
    new AuthHttpError(422, 'anonymous_provider_disabled', 'Anonymous sign-ins are disabled'),
  notFound: (path: string) => new AuthHttpError(404, 'not_found', `Unsupported auth endpoint: ${path}`),
  methodNotAllowed: () => new AuthHttpError(405, 'method_not_allowed', 'Method not allowed'),
};
