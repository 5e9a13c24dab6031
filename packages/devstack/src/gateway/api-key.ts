import type { IncomingMessage } from 'node:http';
import { bearerToken, header } from './http.ts';
import { type JwtClaims, verifyJwt } from './jwt.ts';

// The API gateway's key check (Kong in Supabase): every request carries one of the project's keys,
// in the `apikey` header or query parameter. `Authorization: Bearer` then picks the role; without it
// the key itself does.

export interface ApiKeys {
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
}

/** Kong's answer when the key is missing or unknown, or null when the key is one of ours. */
export function apiKeyProblem(req: IncomingMessage, query: URLSearchParams, keys: ApiKeys): string | null {
  const apikey = header(req, 'apikey') ?? query.get('apikey') ?? '';
  if (apikey === '') return 'No API key found in request';
  if (apikey !== keys.anonKey && apikey !== keys.serviceRoleKey) return 'Invalid API key';
  return null;
}

export type CallerClaims = { ok: true; claims: JwtClaims } | { ok: false; expired: boolean; reason: string };

/** The claims of the bearer token, or of the API key when there is none. */
export function callerClaims(req: IncomingMessage, query: URLSearchParams, keys: ApiKeys): CallerClaims {
  const token = bearerToken(req) ?? header(req, 'apikey') ?? query.get('apikey') ?? '';
  const verified = verifyJwt(token, keys.jwtSecret);
  if (verified.ok) return { ok: true, claims: verified.claims };
  return {
    ok: false,
    expired: verified.reason === 'expired',
    reason:
      verified.reason === 'expired'
        ? 'JWT expired'
        : `JWT could not be verified: ${verified.reason.replace('_', ' ')}`,
  };
}
