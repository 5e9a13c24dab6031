import type pg from 'pg';

// Reads the API from a migrated database: every function in `public` (signature, result, comment, who may
// execute it) and the realtime topics declared in private.api_topics. The database is the source, so the
// reference cannot drift from what PostgREST actually serves.

export interface ApiError {
  readonly code: string;
  readonly errcode: string;
  readonly status: number;
}
export interface ApiArgument {
  readonly name: string;
  readonly type: string;
  readonly default: string | null;
}
export interface ApiRpc {
  readonly name: string;
  readonly description: string;
  readonly args: ApiArgument[];
  readonly returns: string;
  readonly callers: string[];
  readonly security: 'definer' | 'invoker';
  readonly errors: ApiError[] | null;
}
export interface ApiTopic {
  readonly topic: string;
  readonly who: string;
  readonly event: string;
  readonly payload: string;
  readonly sent: string;
}
export interface ApiReference {
  readonly api_version: string;
  readonly min_client_version: string;
  readonly rpcs: ApiRpc[];
  readonly topics: ApiTopic[];
}

/** Roles named under "who may call": the two client roles, and the service role for operator RPCs. */
const CALLER_ROLES = ['anon', 'authenticated', 'service_role'] as const;
const CLIENT_ROLES: readonly string[] = ['anon', 'authenticated'];

/** Splits `a text, b uuid DEFAULT NULL::uuid` at top-level commas (not inside quotes or parentheses). */
export function splitArguments(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const ch of list) {
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    if (ch === ',' && depth === 0 && !quoted) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

export function parseArgument(text: string): ApiArgument {
  const [head = '', fallback] = text.split(/ DEFAULT /);
  const space = head.indexOf(' ');
  return {
    name: head.slice(0, space),
    type: head.slice(space + 1),
    default: fallback === undefined ? null : fallback.replace(/::[a-z ]+$/, ''),
  };
}

/**
 * A client-callable function's comment is `<description> Errors: PTnnn code, PTnnn code.` or
 * `<description> Errors: none.` (supabase/migrations/20261203135100_document_rpc_errors.sql). Throws when the
 * list is missing, so an undocumented RPC fails the generation instead of appearing without its errors.
 * Operator RPCs (service_role only) are not client API: without the list their errors are null.
 */
export function parseComment(
  name: string,
  comment: string | null,
  required = true,
): { description: string; errors: ApiError[] | null } {
  const match = /^(.*?)\s*Errors: (none|PT\d{3} [a-z_]+(?:, PT\d{3} [a-z_]+)*)\.$/s.exec(comment ?? '');
  if (!match && !required) return { description: comment ?? '', errors: null };
  if (!match)
    throw new Error(`public.${name}: its comment must end with "Errors: PTnnn code, …." or "Errors: none."`);
  const list = match[2] === 'none' ? [] : (match[2] ?? '').split(', ');
  const errors = list.map((entry) => {
    const [errcode = '', code = ''] = entry.split(' ');
    return { code, errcode, status: Number(errcode.slice(2)) };
  });
  return { description: match[1] ?? '', errors };
}

export async function readApi(client: pg.Client): Promise<ApiReference> {
  const versions = await client.query<{ v: { api_version: string; min_client_version: string } }>(
    'select public.api_version() as v',
  );
  const functions = await client.query<{
    name: string;
    args: string;
    returns: string;
    comment: string | null;
    definer: boolean;
    callers: string[];
  }>(
    `select p.proname as name, pg_get_function_arguments(p.oid) as args, pg_get_function_result(p.oid) as returns,
            obj_description(p.oid, 'pg_proc') as comment, p.prosecdef as definer,
            array(select r from unnest($1::text[]) r where has_function_privilege(r, p.oid, 'execute')) as callers
     from pg_proc p
     where p.pronamespace = 'public'::regnamespace and p.prokind = 'f'
     order by p.proname, pg_get_function_identity_arguments(p.oid)`,
    [CALLER_ROLES],
  );
  const topics = await client.query<ApiTopic>(
    'select topic, who, event, payload, sent from private.api_topics order by position',
  );
  const [v] = versions.rows;
  if (!v) throw new Error('public.api_version() returned nothing');
  return {
    api_version: v.v.api_version,
    min_client_version: v.v.min_client_version,
    rpcs: functions.rows.map((f) => {
      const { description, errors } = parseComment(
        f.name,
        f.comment,
        f.callers.some((r) => CLIENT_ROLES.includes(r)),
      );
      return {
        name: f.name,
        description,
        args: splitArguments(f.args).map(parseArgument),
        returns: f.returns,
        callers: f.callers,
        security: f.definer ? 'definer' : 'invoker',
        errors,
      };
    }),
    topics: topics.rows.map((t) => ({ ...t })),
  };
}
