import type { ServerResponse } from 'node:http';
import { sendJson } from '../http.ts';

// PostgREST's error body `{ code, message, details, hint }` and its SQLSTATE → HTTP status table.

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | null = null,
    readonly hint: string | null = null,
  ) {
    super(message);
  }
}

export function sendRestError(
  res: ServerResponse,
  error: RestError,
  headers: Record<string, string> = {},
): void {
  sendJson(
    res,
    error.status,
    { code: error.code, details: error.details, hint: error.hint, message: error.message },
    headers,
  );
}

interface PgError {
  code?: string;
  message: string;
  detail?: string;
  hint?: string;
}

export function isPgError(error: unknown): error is PgError {
  return error instanceof Error && typeof (error as PgError).code === 'string';
}

/** The status PostgREST gives a database error; `role` decides 42501 (401 for anon, else 403). */
export function statusForSqlState(code: string, role: string): number {
  const custom = /^PT(\d{3})$/.exec(code);
  if (custom) return Number(custom[1]);
  switch (code) {
    case '23503':
    case '23505':
      return 409;
    case '25006':
      return 405;
    case 'P0001':
      return 400;
    case '42883':
    case '42P01':
      return 404;
    case '42501':
      return role === 'anon' ? 401 : 403;
  }
  const klass = code.slice(0, 2);
  if (klass === '08' || klass === '53') return 503;
  if (klass === '0L' || klass === '0P' || klass === '28') return 403;
  if (klass === '54') return 413;
  if (['09', '25', '2D', '38', '39', '3B', '40', '55', '57', '58', 'F0', 'HV', 'P0', 'XX'].includes(klass))
    return 500;
  return 400;
}

export function fromPgError(error: PgError, role: string): RestError {
  const code = error.code ?? 'XX000';
  return new RestError(
    statusForSqlState(code, role),
    code,
    error.message,
    error.detail ?? null,
    error.hint ?? null,
  );
}

export const restErrors = {
  unsupported: (what: string) =>
    new RestError(
      400,
      'PGRST100',
      `The local stack does not support ${what}`,
      null,
      'Use an RPC or a simpler query',
    ),
  parse: (message: string, details: string | null = null) => new RestError(400, 'PGRST100', message, details),
  invalidBody: () => new RestError(400, 'PGRST102', 'Empty or invalid json'),
  badSchema: (schemas: readonly string[]) =>
    new RestError(406, 'PGRST106', `The schema must be one of the following: ${schemas.join(', ')}`),
  notSingular: (rows: number) =>
    new RestError(
      406,
      'PGRST116',
      'JSON object requested, multiple (or no) rows returned',
      `The result contains ${rows} rows`,
    ),
  jwtInvalid: (reason: string) => new RestError(401, 'PGRST301', reason),
  jwtExpired: () => new RestError(401, 'PGRST303', 'JWT expired'),
  functionNotFound: (schema: string, name: string, args: string[]) =>
    new RestError(
      404,
      'PGRST202',
      `Could not find the function ${schema}.${name}${args.length > 0 ? `(${args.join(', ')})` : ' without parameters'} in the schema cache`,
      `Searched for the function ${schema}.${name}${args.length > 0 ? ` with parameters ${args.join(', ')}` : ' without parameters'} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
    ),
  ambiguousFunction: (schema: string, name: string) =>
    new RestError(
      300,
      'PGRST203',
      `Could not choose the best candidate function between overloads of ${schema}.${name}`,
    ),
  tableNotFound: (schema: string, name: string) =>
    new RestError(404, 'PGRST205', `Could not find the table '${schema}.${name}' in the schema cache`),
};
