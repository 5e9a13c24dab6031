import { describe, expect, it } from 'vitest';
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_SERVICE_ROLE_KEY } from '../keys.ts';
import { signJwt, verifyJwt } from './jwt.ts';

describe('jwt', () => {
  it('accepts the local anon and service_role keys as the official stack signs them', () => {
    const anon = verifyJwt(LOCAL_ANON_KEY, LOCAL_JWT_SECRET);
    const service = verifyJwt(LOCAL_SERVICE_ROLE_KEY, LOCAL_JWT_SECRET);
    expect(anon.ok && anon.claims.role).toBe('anon');
    expect(service.ok && service.claims.role).toBe('service_role');
  });

  it('round-trips claims and rejects a tampered body, a wrong secret and an expired token', () => {
    const token = signJwt({ sub: 'u1', role: 'authenticated', exp: 2_000 }, LOCAL_JWT_SECRET);
    expect(verifyJwt(token, LOCAL_JWT_SECRET, 1_000)).toEqual({
      ok: true,
      claims: { sub: 'u1', role: 'authenticated', exp: 2_000 },
    });
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from('{"sub":"u2","role":"service_role"}').toString('base64url')}.${s}`;
    expect(verifyJwt(forged, LOCAL_JWT_SECRET, 1_000)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyJwt(token, 'another-secret-that-is-long-enough-000', 1_000).ok).toBe(false);
    expect(verifyJwt(token, LOCAL_JWT_SECRET, 2_000)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyJwt('not.a.jwt!', LOCAL_JWT_SECRET).ok).toBe(false);
  });
});
