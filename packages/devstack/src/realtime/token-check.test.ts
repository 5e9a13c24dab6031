import { describe, expect, it } from 'vitest';
import { signJwt } from '../gateway/jwt.ts';
import { checkToken } from './token-check.ts';

const secret = 'a-test-secret-that-is-long-enough-for-hs256';
const now = 1_800_000_000;

describe('checkToken', () => {
  it('accepts a signed token with role and exp', () => {
    const token = signJwt({ role: 'authenticated', sub: 'u1', exp: now + 60 }, secret);
    expect(checkToken(token, secret, now)).toEqual({
      ok: true,
      claims: { role: 'authenticated', sub: 'u1', exp: now + 60 },
    });
  });

  it('requires role and exp, as Realtime does', () => {
    expect(checkToken(signJwt({ role: 'anon' }, secret), secret, now)).toEqual({
      ok: false,
      code: 'InvalidJWTToken',
      message: 'Fields `role` and `exp` are required in JWT',
    });
    expect(checkToken(signJwt({ exp: now + 1 }, secret), secret, now)).toMatchObject({
      code: 'InvalidJWTToken',
    });
  });

  it('says how long ago an expired token expired', () => {
    const token = signJwt({ role: 'anon', exp: now - 42 }, secret);
    expect(checkToken(token, secret, now)).toEqual({
      ok: false,
      code: 'InvalidJWTToken',
      message: 'Token has expired 42 seconds ago',
    });
  });

  it('tells a forged token from a malformed one', () => {
    const forged = signJwt({ role: 'service_role', exp: now + 60 }, 'another-secret-of-sufficient-length!');
    expect(checkToken(forged, secret, now)).toEqual({
      ok: false,
      code: 'JwtSignatureError',
      message: 'Failed to validate JWT signature',
    });
    expect(checkToken('not-a-jwt', secret, now)).toEqual({
      ok: false,
      code: 'MalformedJWT',
      message: 'The token provided is not a valid JWT',
    });
  });
});
