import type { ServerResponse } from 'node:http';
import { sendJson } from '../http.ts';

// PostgREST's error body `{ code, message, details, hint }` and its SQLSTATE → HTTP status table.

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** A string, or a JSON value where PostgREST gives one (the candidates of an ambiguous embedding). */
    readonly details: unknown = null,
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

/**
 * The status PostgREST gives a database error (src/PostgREST/Error.hs, mapSQLtoHTTP); `role` decides
 * 42501: 401 for the anonymous role, 403 for any other.
 */
export function statusForSqlState(code: string, role: string, message = ''): number {
  const custom = /^PT(\d{3})$/.exec(code);
  if (custom) return Number(custom[1]);
  switch (code) {
    case '23503':
    case '23505':
      return 409;
    case '25006':
      return 405;
    case '21000':
      // pg-safeupdate's "requires a WHERE clause" is the client's mistake; any other is the server's.
      return message.endsWith('requires a WHERE clause') ? 400 : 500;
    case '22023':
      return message.startsWith('role') && message.endsWith('does not exist') ? 401 : 400;
    case '53400':
      return 500;
    case '57P01':
      return 503;
    case 'P0001':
      return 400;
    case '42883':
    case '42P01':
      return 404;
    case '42P17':
      return 500;
    case '42501':
      return role === 'anon' ? 401 : 403;
  }
  const klass = code.slice(0, 2);
  if (klass === '08' || klass === '53') return 503;
  if (klass === '0L' || klass === '0P' || klass === '28') return 403;
  if (
    ['09', '25', '2D', '38', '39', '3B', '40', '54', '55', '57', '58', 'F0', 'HV', 'P0', 'XX'].includes(klass)
  )
    return 500;
  return 400;
}

export function fromPgError(error: PgError, role: string): RestError {
  const code = error.code ?? 'XX000';
  return new RestError(
    statusForSqlState(code, role, error.message),
    code,
    error.message,
    error.detail ?? null,
    error.hint ?? null,
  );
}

const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

export interface FunctionSignature {
  schema: string;
  name: string;
  args: { name: string; type: string }[];
}

// PostgREST's own errors, worded as src/PostgREST/Error.hs words them.
export const restErrors = {
  /** A query parameter PostgREST's grammar refuses: message and details as its parser gives them. */
  parse: (message: string, details: string | null = null) => new RestError(400, 'PGRST100', message, details),
  /** Something PostgREST does that the local stack does not (PostgREST's own "not implemented"). */
  notImplemented: (what: string) =>
    new RestError(400, 'PGRST127', 'Feature not implemented', `The local stack does not implement ${what}`),
  invalidRpcMethod: (method: string) =>
    new RestError(405, 'PGRST101', `Cannot use the ${method} method on RPC`),
  invalidBody: (message = 'Empty or invalid json') => new RestError(400, 'PGRST102', message),
  outOfRange: (offset: number, total: number) =>
    new RestError(
      416,
      'PGRST103',
      'Requested range not satisfiable',
      `An offset of ${offset} was requested, but there are only ${total} rows.`,
    ),
  badSchema: (schema: string, schemas: readonly string[]) =>
    new RestError(
      406,
      'PGRST106',
      `Invalid schema: ${schema}`,
      null,
      `Only the following schemas are exposed: ${schemas.join(', ')}`,
    ),
  mediaType: (accept: string) =>
    new RestError(406, 'PGRST107', `None of these media types are available: ${accept}`),
  notEmbedded: (resource: string) =>
    new RestError(
      400,
      'PGRST108',
      `'${resource}' is not an embedded resource in this request`,
      null,
      `Verify that '${resource}' is included in the 'select' query parameter.`,
    ),
  notSingular: (rows: number) =>
    new RestError(
      406,
      'PGRST116',
      'Cannot coerce the result to a single JSON object',
      `The result contains ${rows} rows`,
    ),
  unsupportedMethod: (method: string) => new RestError(405, 'PGRST117', `Unsupported HTTP method: ${method}`),
  relatedOrderNotToOne: (origin: string, target: string) =>
    new RestError(
      400,
      'PGRST118',
      `A related order on '${target}' is not possible`,
      `'${origin}' and '${target}' do not form a many-to-one or one-to-one relationship`,
    ),
  unacceptableFilter: (target: string) =>
    new RestError(
      400,
      'PGRST120',
      `Bad operator on the '${target}' embedded resource`,
      'Only is null or not is null filters are allowed on embedded resources',
    ),
  invalidPreferences: (prefs: string[]) =>
    new RestError(
      400,
      'PGRST122',
      'Invalid preferences given with handling=strict',
      `Invalid preferences: ${prefs.join(', ')}`,
    ),
  aggregatesNotAllowed: () => new RestError(400, 'PGRST123', 'Use of aggregate functions is not allowed'),
  maxAffected: (rows: number) =>
    new RestError(
      400,
      'PGRST124',
      'Query result exceeds max-affected preference constraint',
      `The query affects ${rows} rows`,
    ),
  jwtInvalid: (reason: string) => new RestError(401, 'PGRST301', reason),
  jwtExpired: () => new RestError(401, 'PGRST303', 'JWT expired'),
  noRelationship: (parent: string, child: string, schema: string, hint: string | null) =>
    new RestError(
      400,
      'PGRST200',
      `Could not find a relationship between '${parent}' and '${child}' in the schema cache`,
      `Searched for a foreign key relationship between '${parent}' and '${child}'${hint === null ? '' : ` using the hint '${hint}'`} in the schema '${schema}', but no matches were found.`,
    ),
  ambiguousRelationship: (parent: string, child: string, details: unknown, names: string[]) =>
    new RestError(
      300,
      'PGRST201',
      `Could not embed because more than one relationship was found for '${parent}' and '${child}'`,
      details,
      `Try changing '${child}' to one of the following: ${names.map((n) => `'${child}!${n}'`).join(', ')}. Find the desired relationship in the 'details' key.`,
    ),
  functionNotFound: (
    schema: string,
    name: string,
    args: string[],
    jsonBody: boolean,
    hint: string | null,
  ) => {
    const fn = `${schema}.${name}`;
    const params =
      args.length === 0
        ? ' without parameters'
        : ` with ${plural(args.length, 'parameter', 'parameters')} ${args.join(', ')}`;
    return new RestError(
      404,
      'PGRST202',
      `Could not find the function ${fn}${args.length === 0 ? ' without parameters' : `(${args.join(', ')})`} in the schema cache`,
      `Searched for the function ${fn}${params}${jsonBody ? ' or with a single unnamed json/jsonb parameter' : ''}, but no matches were found in the schema cache.`,
      hint,
    );
  },
  ambiguousFunction: (candidates: FunctionSignature[]) =>
    new RestError(
      300,
      'PGRST203',
      `Could not choose the best candidate function between: ${candidates
        .map((f) => `${f.schema}.${f.name}(${f.args.map((a) => `${a.name} => ${a.type}`).join(', ')})`)
        .join(', ')}`,
      null,
      'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
    ),
  columnNotFound: (table: string, column: string) =>
    new RestError(400, 'PGRST204', `Could not find the '${column}' column of '${table}' in the schema cache`),
  tableNotFound: (schema: string, name: string) =>
    new RestError(404, 'PGRST205', `Could not find the table '${schema}.${name}' in the schema cache`),
};
