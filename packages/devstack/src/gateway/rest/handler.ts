import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import { BodyError, header, parseJson, readBody, sendEmpty, sendText } from '../http.ts';
import type { JwtClaims } from '../jwt.ts';
import { fromPgError, isPgError, RestError, restErrors, sendRestError } from './errors.ts';
import { hasReadModifiers, parseReadQuery, quoteIdent, type ReadQuery } from './query.ts';
import { type FunctionInfo, findFunction, hasTable, type SchemaCache } from './schema-cache.ts';

// /rest/v1: PostgREST's request cycle. One transaction per request on a connection as `authenticator`:
// switch to the token's role, publish the claims and request details as transaction settings, run one
// statement that builds the JSON answer inside PostgreSQL, commit (or roll back on any error).

export interface RestContext {
  pool: pg.Pool;
  cache: SchemaCache;
  schemas: readonly string[];
}

interface Request {
  method: string;
  path: string;
  schema: string;
  role: string;
  claims: JwtClaims;
  singular: boolean;
  count: boolean;
}

const OBJECT_MEDIA_TYPE = 'application/vnd.pgrst.object+json';

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
    if (!ctx.schemas.includes(schema)) throw restErrors.badSchema(ctx.schemas);
    const request: Request = {
      method,
      path,
      schema,
      role,
      claims,
      singular: (header(req, 'accept') ?? '').includes(OBJECT_MEDIA_TYPE),
      count: /count=(exact|planned|estimated)/.test(req.headers.prefer?.toString() ?? ''),
    };
    const rpc = /^\/rpc\/([^/]+)$/.exec(path);
    if (rpc) {
      if (!['GET', 'HEAD', 'POST'].includes(method)) {
        throw new RestError(405, 'PGRST101', 'For functions, only GET and POST verbs are allowed');
      }
      const args = readOnly
        ? argsFromQuery(ctx, request, decodeURIComponent(rpc[1] ?? ''), query)
        : await argsFromBody(req);
      await callFunction(ctx, req, res, request, decodeURIComponent(rpc[1] ?? ''), args, query);
      return;
    }
    const table = /^\/([^/]+)$/.exec(path);
    if (!table) throw restErrors.parse(`"${path}" is not a table or rpc/<function> path`);
    if (!readOnly) throw restErrors.unsupported('table writes (the app writes through RPCs)');
    await readTable(ctx, req, res, request, decodeURIComponent(table[1] ?? ''), query);
  } catch (error) {
    if (error instanceof RestError) sendRestError(res, error);
    else if (error instanceof BodyError) sendRestError(res, restErrors.invalidBody());
    else if (isPgError(error)) {
      const mapped = fromPgError(error, role);
      sendRestError(res, mapped, mapped.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {});
    } else throw error;
  }
}

async function argsFromBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = parseJson(await readBody(req));
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null) throw restErrors.invalidBody();
  if (Array.isArray(body)) throw restErrors.unsupported('calling a function with an array of argument sets');
  return body as Record<string, unknown>;
}

/** GET passes arguments as query parameters; those naming no argument of the function are filters. */
function argsFromQuery(
  ctx: RestContext,
  request: Request,
  name: string,
  query: URLSearchParams,
): Record<string, string> {
  const overloads = ctx.cache.current().functions.get(`${request.schema}.${name}`) ?? [];
  const argNames = new Set(overloads.flatMap((fn) => fn.args.map((a) => a.name)));
  const args: Record<string, string> = {};
  for (const [key, value] of query) if (argNames.has(key)) args[key] = value;
  return args;
}

async function callFunction(
  ctx: RestContext,
  req: IncomingMessage,
  res: ServerResponse,
  request: Request,
  name: string,
  args: Record<string, unknown>,
  query: URLSearchParams,
): Promise<void> {
  const given = Object.keys(args);
  const matches = findFunction(ctx.cache.current(), request.schema, name, given);
  if (matches.length === 0) throw restErrors.functionNotFound(request.schema, name, given.sort());
  if (matches.length > 1) throw restErrors.ambiguousFunction(request.schema, name);
  const fn = matches[0] as FunctionInfo;

  const values: unknown[] = [];
  let prefix = '';
  let argsFrom = '';
  const namedArgs: string[] = [];
  if (given.length > 0) {
    values.push(JSON.stringify(args));
    const columns = given.map((g) => `${quoteIdent(g)} ${fn.args.find((a) => a.name === g)?.type ?? 'text'}`);
    prefix = `with _args as (select * from json_to_record($1::json) as _x(${columns.join(', ')})) `;
    argsFrom = '_args, ';
    for (const g of given) namedArgs.push(`${quoteIdent(g)} := _args.${quoteIdent(g)}`);
  }
  const call = `${quoteIdent(fn.schema)}.${quoteIdent(fn.name)}(${namedArgs.join(', ')})`;
  const read = parseReadQuery(query, values, new Set(given));

  if (fn.shape === 'composite') {
    const asObject = !fn.returnsSet || request.singular;
    const result = await runRead(ctx, req, request, prefix, `${argsFrom}${call} _r`, read, values, asObject);
    return sendRows(res, result, asObject);
  }
  if (hasReadModifiers(read))
    throw restErrors.unsupported('select, filters or ordering on a function returning scalars');
  const from = given.length > 0 ? ' from _args' : '';
  if (fn.shape === 'void') {
    await inRequestTransaction(ctx, req, request, (client) =>
      client.query(`${prefix}select ${call}${from}`, values),
    );
    return sendEmpty(res, 204);
  }
  if (fn.returnsSet) {
    const sql = `${prefix}select coalesce(json_agg(_r.pgrst_scalar), '[]')::text as body from ${argsFrom}${call} as _r(pgrst_scalar)`;
    const body = await inRequestTransaction(ctx, req, request, async (client) => {
      const { rows } = await client.query<{ body: string }>(sql, values);
      return rows[0]?.body ?? '[]';
    });
    const rows = JSON.parse(body) as unknown[];
    if (request.singular && rows.length !== 1) throw restErrors.notSingular(rows.length);
    return sendRows(res, { body, total: null }, request.singular);
  }
  const sql = `${prefix}select coalesce(to_json(${call}), 'null'::json)::text as body${from}`;
  const body = await inRequestTransaction(ctx, req, request, async (client) => {
    const { rows } = await client.query<{ body: string }>(sql, values);
    return rows[0]?.body ?? 'null';
  });
  sendText(res, 200, body);
}

async function readTable(
  ctx: RestContext,
  req: IncomingMessage,
  res: ServerResponse,
  request: Request,
  name: string,
  query: URLSearchParams,
): Promise<void> {
  if (!hasTable(ctx.cache.current(), request.schema, name))
    throw restErrors.tableNotFound(request.schema, name);
  const values: unknown[] = [];
  const read = parseReadQuery(query, values, new Set());
  const from = `${quoteIdent(request.schema)}.${quoteIdent(name)} _r`;
  const result = await runRead(ctx, req, request, '', from, read, values, request.singular);
  sendRows(res, result, request.singular);
}

interface ReadResult {
  body: string;
  total: number | null;
  /** The first row's position, for Content-Range. */
  offset?: number;
}

function runRead(
  ctx: RestContext,
  req: IncomingMessage,
  request: Request,
  prefix: string,
  from: string,
  read: ReadQuery,
  values: unknown[],
  expectOne: boolean,
): Promise<ReadResult> {
  const where = read.where.length > 0 ? ` where ${read.where.join(' and ')}` : '';
  const order = read.order === '' ? '' : ` order by ${read.order}`;
  const limit = read.limit === undefined ? '' : ` limit ${read.limit}`;
  const offset = read.offset === undefined ? '' : ` offset ${read.offset}`;
  const total = request.count ? `(select count(*) from ${from}${where})` : 'null';
  const sql = `${prefix}select ${total}::bigint as total, coalesce(json_agg(_p), '[]')::text as body, count(*)::int as n
    from (select ${read.columns} from ${from}${where}${order}${limit}${offset}) _p`;
  return inRequestTransaction(ctx, req, request, async (client) => {
    const { rows } = await client.query<{ total: string | null; body: string; n: number }>(sql, values);
    const row = rows[0];
    // Checked inside the transaction so that a refused answer also undoes the call's writes.
    if (expectOne && row?.n !== 1) throw restErrors.notSingular(row?.n ?? 0);
    return {
      body: row?.body ?? '[]',
      total: row?.total == null ? null : Number(row.total),
      offset: read.offset,
    };
  });
}

function sendRows(res: ServerResponse, result: ReadResult, asObject: boolean): void {
  const rows = JSON.parse(result.body) as unknown[];
  const total = result.total === null ? '*' : String(result.total);
  const first = result.offset ?? 0;
  const range = rows.length === 0 ? `*/${total}` : `${first}-${first + rows.length - 1}/${total}`;
  sendText(res, 200, asObject ? JSON.stringify(rows[0] ?? null) : result.body, { 'Content-Range': range });
}

/** PostgREST's per-request transaction: role, claims and request settings are local to it. */
async function inRequestTransaction<T>(
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
