import { type JwtClaims, verifyJwt } from '../gateway/jwt.ts';

// A channel's token, checked the way Supabase Realtime checks it, with the same error codes and
// messages: a join refused for its token replies `<code>: <message>`, and a channel closed because
// of its token gets `<message>` in a system message.

export type TokenCheck = { ok: true; claims: JwtClaims } | { ok: false; code: string; message: string };

export function checkToken(token: string, secret: string, nowSeconds = Date.now() / 1000): TokenCheck {
  const verified = verifyJwt(token, secret, nowSeconds);
  if (verified.ok) {
    const { role, exp } = verified.claims;
    if (typeof role !== 'string' || typeof exp !== 'number') {
      return { ok: false, code: 'InvalidJWTToken', message: 'Fields `role` and `exp` are required in JWT' };
    }
    return verified;
  }
  switch (verified.reason) {
    case 'expired':
      return { ok: false, code: 'InvalidJWTToken', message: expiredMessage(token, nowSeconds) };
    case 'malformed':
      return { ok: false, code: 'MalformedJWT', message: 'The token provided is not a valid JWT' };
    case 'bad_signature':
    case 'unsupported_alg':
      return { ok: false, code: 'JwtSignatureError', message: 'Failed to validate JWT signature' };
  }
}

export function expiredMessage(token: string, nowSeconds = Date.now() / 1000): string {
  const exp = expOf(token);
  const ago = exp === null ? 0 : Math.max(0, Math.floor(nowSeconds) - exp);
  return `Token has expired ${ago} seconds ago`;
}

function expOf(token: string): number | null {
  try {
    const body = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof body.exp === 'number' ? body.exp : null;
  } catch {
    // Only reached for tokens verifyJwt already parsed; a failure just means "unknown".
    return null;
  }
}
