import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import { BodyError, header, readBody, sendText } from '../http.ts';
import type { JwtClaims } from '../jwt.ts';
import { fromPgError, isPgError, RestError, restErrors, sendRestError } from './errors.ts';
import { type Preferences, preferenceApplied, readPreferences, wantsCount } from './prefer.ts';
import { buildReadPlan, type ReadNode } from './read-plan.ts';
import { callFunction } from './rpc.ts';
import { findTable, type SchemaCache, type TableInfo } from './schema-cache.ts';
import { nodeSql, Params, quoteIdent } from './sql.ts';
import {
  deleteSql,
  insertSql,
  type MutationSql,
  onConflictColumns,
  readWriteBody,
  updateSql,
  writeColumns,
} from './write.ts';

// /rest/v1: PostgREST's request cycle. One transaction per request on a connection as `authenticator`:
// switch to the token's role, publish the claims and request details as transaction settings, run one
// statement that builds the JSON answer inside PostgreSQL, commit (or roll back on any error).

export interface RestContext {
  pool: pg.Pool;
  cache: SchemaCache;
  schemas: readonly string[];
  /** PostgREST's `db-max-rows` (config.toml `[api] max_rows`): a cap on the rows of any answer. */
  maxRows?: number;
}

export interface Request {
  method: string;
  path: string;
  schema: string;
  role: string;
  claims: JwtClaims;
  singular: boolean;
  prefs: Preferences;
}

const OBJECT_MEDIA_TYPE = 'application/vnd.pgrst.object+json';
// Media types PostgREST serves that the local stack does not: answered 406 PGRST107 like any other.
const UNSERVED_MEDIA =
  /text\/csv|application\/vnd\.pgrst\.plan|application\/geo\+json|application\/octet-stream|text\/plain|text\/xml/;

export async function handleRest(
  ctx: RestContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  claims: JwtClaims,
): Promise<void> {
  const role = typeof claims.role === 'string' && claims.role !== '' ? claims.role : 'anon';
  try {
    const method = req.method ?? 'GET';
    const readOnly = method === 'GET' || method === 'HEAD';
    const profile = header(req, readOnly ? 'accept-profile' : 'content-profile');
    const schema = profile ?? ctx.schemas[0] ?? 'public';
    if (!ctx.schemas.includes(schema)) throw restErrors.badSchema(schema, ctx.schemas);
    const accept = header(req, 'accept') ?? '';
    if (
      UNSERVED_MEDIA.test(accept) &&
      !/application\/json|\*\/\*/.test(accept) &&
      !accept.includes(OBJECT_MEDIA_TYPE)
    )
      throw restErrors.mediaType(accept);
    const request: Request = {
      method,
      path,
      schema,
      role,
      claims,
      singular: accept.includes(OBJECT_MEDIA_TYPE),
      prefs: readPreferences(req),
    };
    const rpc = /^\/rpc\/([^/]+)$/.exec(path);
    if (rpc) {
      if (!['GET', 'HEAD', 'POST'].includes(method)) throw restErrors.invalidRpcMethod(method);
      const body = method === 'POST' ? await readBody(req) : null;
      await callFunction(ctx, req, res, request, decodeURIComponent(rpc[1] ?? ''), body, query);
      return;
    }
    const match = /^\/([^/]+)$/.exec(path);
    if (!match) throw new RestError(404, 'PGRST125', 'Invalid path specified in request URL');
    const name = decodeURIComponent(match[1] ?? '');
    const table = findTable(ctx.cache.current(), schema, name);
    if (table === undefined) throw restErrors.tableNotFound(schema, name);
    if (readOnly) return await readTable(ctx, req, res, request, table, query);
    if (method === 'POST' || method === 'PATCH' || method === 'DELETE')
      return await writeTable(ctx, req, res, request, table, query);
    if (method === 'PUT')
      throw restErrors.notImplemented('PUT (single-row upsert); use POST with Prefer: resolution');
    throw restErrors.unsupportedMethod(method);
  } catch (error) {
    if (error instanceof RestError) sendRestError(res, error);
    else if (error instanceof BodyError) sendRestError(res, restErrors.invalidBody());
    else if (isPgError(error)) {
      const mapped = fromPgError(error, role);
      sendRestError(res, mapped, mapped.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {});
    } else throw error;
  }
}

async function readTable(
  ctx: RestContext,
  req: IncomingMessage,
  res: ServerResponse,
  request: Request,
  table: TableInfo,
  query: URLSearchParams,
): Promise<void> {
  const plan = buildReadPlan(ctx.cache.current(), table, query);
  const from = `${quoteIdent(table.schema)}.${quoteIdent(table.name)} _r`;
  const params = new Params();
  const result = await inRequestTransaction(ctx, req, request, (client) =>
    runRead(client, request, { prefix: '', from, plan, params, maxRows: ctx.maxRows }),
  );
  sendRows(res, request, result, request.singular, preferenceApplied(request.prefs, {}));
}

export interface ReadResult {
  body: string;
  /** Rows in this answer. */
  n: number;
  total: number | null;
  /** The first row's position, for Content-Range. */
  offset: number;
}

/**
 * One read as a single statement: the plan's rows as a JSON array (and the total when counting). A
 * refused `.single()` is raised inside the transaction, so it also undoes what the statement wrote.
 */
export async function runRead(
  client: pg.PoolClient,
  request: Request,
  opts: { prefix: string; from: string; plan: ReadNode; params: Params; maxRows?: number },
): Promise<ReadResult> {
  const { params, plan } = opts;
  const body = nodeSql(plan, { from: opts.from, alias: '_r', params, maxRows: opts.maxRows });
  const total = wantsCount(request.prefs)
    ? `(select count(*) from (${nodeSql(plan, { from: opts.from, alias: '_r', params, forCount: true })}) _c)`
    : 'null';
  const sql = `${opts.prefix}select ${total}::bigint as total, coalesce(json_agg(_p), '[]')::text as body, count(*)::int as n from (${body}) _p`;
  const { rows } = await client.query<{ total: string | null; body: string; n: number }>(sql, params.values);
  const row = rows[0];
  const n = row?.n ?? 0;
  if (request.singular && n !== 1) throw restErrors.notSingular(n);
  return {
    body: row?.body ?? '[]',
    n,
    total: row?.total == null ? null : Number(row.total),
    offset: plan.offset ?? 0,
  };
}

/** PostgREST's rangeStatusHeader: 206 for a part of the total, 416 past its end. */
export function rangeOf(offset: number, n: number, total: number | null): { status: number; range: string } {
  const upper = offset + n - 1;
  const part = total !== 0 && offset <= upper ? `${offset}-${upper}` : '*';
  const range = `${part}/${total === null ? '*' : total}`;
  if (total === null) return { status: 200, range };
  if (offset > total) return { status: 416, range };
  return { status: n < total ? 206 : 200, range };
}

export function sendRows(
  res: ServerResponse,
  request: Request,
  result: ReadResult,
  asObject: boolean,
  headers: Record<string, string>,
): void {
  const { status, range } = rangeOf(result.offset, result.n, result.total);
  if (status === 416) {
    sendRestError(res, restErrors.outOfRange(result.offset, result.total ?? 0), { 'Content-Range': range });
    return;
  }
  const body = asObject ? JSON.stringify((JSON.parse(result.body) as unknown[])[0] ?? null) : result.body;
  const contentType = request.singular
    ? `${OBJECT_MEDIA_TYPE}; charset=utf-8`
    : 'application/json; charset=utf-8';
  sendText(res, status, body, { 'Content-Range': range, ...headers }, contentType);
}

async function writeTable(
  ctx: RestContext,
  req: IncomingMessage,
  res: ServerResponse,
  request: Request,
  table: TableInfo,
  query: URLSearchParams,
): Promise<void> {
  const { prefs, method } = request;
  const mutation = method === 'POST' ? 'insert' : method === 'PATCH' ? 'update' : 'delete';
  const snapshot = ctx.cache.current();
  const plan = buildReadPlan(snapshot, table, query);
  if (plan.limit !== undefined || plan.offset !== undefined)
    throw restErrors.notImplemented('limit and offset on writes');
  const filters = plan.filters;
  plan.filters = [];
  const wantsBody = prefs.return === 'representation';
  const node = wantsBody
    ? plan
    : prefs.return === 'headers-only' && mutation === 'insert'
      ? pkPlan(table)
      : null;
  const params = new Params();
  let sql: MutationSql;
  if (mutation === 'delete') {
    sql = deleteSql({ table, filters, node, params });
  } else {
    const body = readWriteBody(await readBody(req), mutation);
    const columns = writeColumns(table, body, query.get('columns'));
    sql =
      mutation === 'insert'
        ? insertSql({
            table,
            body,
            columns,
            onConflict: onConflictColumns(query.get('on_conflict')),
            prefs,
            node,
            params,
          })
        : updateSql({ table, body, columns, filters, prefs, node, params });
  }
  const prefix = `with pgrst_source as (${sql.statement}) `;
  const inserted = sql.countsInserted ? `nullif(current_setting('pgrst.inserted', true), '')::int` : 'null';
  const result = await inRequestTransaction(ctx, req, request, async (client) => {
    let read: ReadResult & { inserted: number | null };
    if (node === null) {
      const { rows } = await client.query<{ n: number; inserted: number | null }>(
        `${prefix}select count(*)::int as n, ${inserted} as inserted from pgrst_source`,
        params.values,
      );
      const n = rows[0]?.n ?? 0;
      if (request.singular && n !== 1) throw restErrors.notSingular(n);
      read = { body: '[]', n, total: null, offset: 0, inserted: rows[0]?.inserted ?? null };
    } else {
      const body = nodeSql(node, { from: 'pgrst_source _r', alias: '_r', params });
      const { rows } = await client.query<{ body: string; n: number; inserted: number | null }>(
        `${prefix}select coalesce(json_agg(_p), '[]')::text as body, count(*)::int as n, ${inserted} as inserted from (${body}) _p`,
        params.values,
      );
      const n = rows[0]?.n ?? 0;
      if (request.singular && n !== 1) throw restErrors.notSingular(n);
      read = { body: rows[0]?.body ?? '[]', n, total: null, offset: 0, inserted: rows[0]?.inserted ?? null };
    }
    if (
      prefs.handling === 'strict' &&
      prefs.maxAffected !== null &&
      mutation !== 'insert' &&
      read.n > prefs.maxAffected
    )
      throw restErrors.maxAffected(read.n);
    return read;
  });
  const total = wantsCount(prefs) ? String(result.n) : '*';
  const headers: Record<string, string> = {
    'Content-Range': mutation === 'update' && result.n > 0 ? `0-${result.n - 1}/${total}` : `*/${total}`,
    ...preferenceApplied(prefs, {
      resolution: mutation === 'insert' && (table.primaryKey.length > 0 || query.has('on_conflict')),
      missing: mutation !== 'delete',
      return: true,
      maxAffected: mutation !== 'insert',
    }),
  };
  if (mutation === 'insert' && prefs.return === 'headers-only' && result.n === 1) {
    const location = locationOf(table, JSON.parse(result.body) as Record<string, unknown>[]);
    if (location !== null) headers.Location = location;
  }
  const status =
    mutation !== 'insert'
      ? wantsBody
        ? 200
        : 204
      : prefs.resolution === 'merge-duplicates' && result.inserted !== null && result.inserted <= 0
        ? 200
        : 201;
  if (!wantsBody) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const body = request.singular
    ? JSON.stringify((JSON.parse(result.body) as unknown[])[0] ?? null)
    : result.body;
  const contentType = request.singular
    ? `${OBJECT_MEDIA_TYPE}; charset=utf-8`
    : 'application/json; charset=utf-8';
  sendText(res, status, body, headers, contentType);
}

/** A plan reading the primary key only, for `return=headers-only`'s Location. */
function pkPlan(table: TableInfo): ReadNode | null {
  if (table.primaryKey.length === 0) return null;
  return {
    table,
    name: '',
    items: table.primaryKey.map((c) => ({
      kind: 'column',
      field: { name: c, path: [] },
      alias: null,
      cast: null,
    })),
    embeds: [],
    filters: [],
    order: [],
    limit: undefined,
    offset: undefined,
  };
}

function locationOf(table: TableInfo, rows: Record<string, unknown>[]): string | null {
  const row = rows[0];
  if (row === undefined || table.primaryKey.length === 0) return null;
  const query = table.primaryKey
    .map((c) => `${encodeURIComponent(c)}=eq.${encodeURIComponent(String(row[c]))}`)
    .join('&');
  return `/${encodeURIComponent(table.name)}?${query}`;
}

/** PostgREST's per-request transaction: role, claims and request settings are local to it. */
export async function inRequestTransaction<T>(
  ctx: RestContext,
  req: IncomingMessage,
  request: Request,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await ctx.pool.connect();
  let broken = false;
  try {
    const readOnly = request.method === 'GET' || request.method === 'HEAD';
    const settings: [string, string][] = [
      ['search_path', `${quoteIdent(request.schema)}, "extensions"`],
      ['role', request.role],
      ['request.jwt.claims', JSON.stringify(request.claims)],
      ['request.method', request.method],
      ['request.path', `/rest/v1${request.path}`],
      ['request.headers', JSON.stringify(publicHeaders(req))],
    ];
    // One round trip for the transaction start and its settings (values escaped as literals).
    const setup = settings
      .map(
        ([name, value]) => `set_config(${client.escapeLiteral(name)}, ${client.escapeLiteral(value)}, true)`,
      )
      .join(', ');
    try {
      await client.query(
        `${readOnly ? 'begin isolation level read committed read only' : 'begin'}; select ${setup}`,
      );
      const result = await fn(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => {
        broken = true;
      });
      throw error;
    }
  } finally {
    client.release(broken);
  }
}

function publicHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
