import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendEmpty } from '../http.ts';
import { restErrors } from './errors.ts';
import { parseOperation } from './grammar.ts';
import { inRequestTransaction, type Request, type RestContext, runRead, sendRows } from './handler.ts';
import { preferenceApplied, wantsCount } from './prefer.ts';
import { buildReadPlan, isPlainRead } from './read-plan.ts';
import { type FunctionInfo, findFunction, findTable } from './schema-cache.ts';
import { Params, quoteIdent } from './sql.ts';

// /rest/v1/rpc/<fn>: PostgREST's function calls. The overload is chosen by the argument names given
// (findProc); a body that names no argument goes whole to a function taking one unnamed json/jsonb
// argument. Arguments reach the function by name through json_to_record with its argument types, so
// values are never part of the SQL text. Result shapes: row types and sets of them are read like a
// table (select, filters, order, embedding, count), scalars as their JSON value, void as 204.

export async function callFunction(
  ctx: RestContext,
  req: IncomingMessage,
  res: ServerResponse,
  request: Request,
  name: string,
  bodyText: string | null,
  query: URLSearchParams,
): Promise<void> {
  const snapshot = ctx.cache.current();
  const overloads = snapshot.functions.get(`${request.schema}.${name}`) ?? [];
  let args: Record<string, unknown>;
  let body: unknown;
  if (bodyText === null) {
    args = argumentsFromQuery(query);
  } else {
    try {
      body = bodyText.trim() === '' ? {} : JSON.parse(bodyText);
    } catch {
      throw restErrors.invalidBody();
    }
    args =
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>)
        : {};
  }
  const given = Object.keys(args).sort();
  const isBodyCall = bodyText !== null;
  const { named, unnamed } = findFunction(snapshot, request.schema, name, given, isBodyCall);
  const objectBody = bodyText === null || (typeof body === 'object' && body !== null && !Array.isArray(body));
  let fn: FunctionInfo;
  let wholeBody = false;
  if (named.length > 1 && objectBody) throw restErrors.ambiguousFunction(named);
  if (named.length === 1 && objectBody) fn = named[0] as FunctionInfo;
  else if (unnamed.length === 1) {
    fn = unnamed[0] as FunctionInfo;
    wholeBody = true;
  } else if (unnamed.length > 1) throw restErrors.ambiguousFunction(unnamed);
  else if (!objectBody) throw restErrors.notImplemented('calling a function with an array of argument sets');
  else
    throw restErrors.functionNotFound(
      request.schema,
      name,
      given,
      isBodyCall,
      suggestion(request.schema, name, overloads),
    );

  const params = new Params();
  let prefix: string;
  let call: string;
  if (wholeBody) {
    call = `${quoteIdent(fn.schema)}.${quoteIdent(fn.name)}(${params.add(bodyText?.trim() === '' ? '{}' : bodyText)}::${fn.args[0]?.type ?? 'json'})`;
    prefix = '';
  } else if (given.length > 0) {
    const columns = given.map((g) => `${quoteIdent(g)} ${fn.args.find((a) => a.name === g)?.type ?? 'text'}`);
    prefix = `_args as (select * from json_to_record(${params.add(JSON.stringify(args))}::json) as _x(${columns.join(', ')})), `;
    const byName = given.map((g) => `${quoteIdent(g)} := (select _args.${quoteIdent(g)} from _args)`);
    call = `${quoteIdent(fn.schema)}.${quoteIdent(fn.name)}(${byName.join(', ')})`;
  } else {
    prefix = '';
    call = `${quoteIdent(fn.schema)}.${quoteIdent(fn.name)}()`;
  }
  const skip = new Set(bodyText === null ? given : []);
  const applied = preferenceApplied(request.prefs, {});

  if (fn.shape === 'composite') {
    const table =
      fn.returnTable === null ? undefined : findTable(snapshot, fn.returnTable.schema, fn.returnTable.name);
    const plan = buildReadPlan(snapshot, table, query, skip);
    // The call in a CTE runs once, whether or not the answer also counts its rows.
    const source = `with ${prefix}pgrst_source as (select pgrst_call.* from ${call} pgrst_call) `;
    const asObject = !fn.returnsSet || request.singular;
    const result = await inRequestTransaction(ctx, req, request, (client) =>
      runRead(client, request, {
        prefix: source,
        from: 'pgrst_source _r',
        plan,
        params,
        maxRows: ctx.maxRows,
      }),
    );
    return sendRows(res, request, result, asObject, applied);
  }
  const plan = buildReadPlan(snapshot, undefined, query, skip);
  if (!isPlainRead(plan))
    throw restErrors.notImplemented('select, filters, order or limits on a function returning scalars');
  const withArgs = prefix === '' ? '' : `with ${prefix.slice(0, -2)} `;
  if (fn.shape === 'void') {
    await inRequestTransaction(ctx, req, request, (client) =>
      client.query(`${withArgs}select ${call}`, params.values),
    );
    return sendEmpty(res, 204, {
      'Content-Range': wantsCount(request.prefs) ? '0-0/1' : '0-0/*',
      ...applied,
    });
  }
  const sql = fn.returnsSet
    ? `${withArgs}select coalesce(json_agg(pgrst_scalar), '[]')::text as body, count(*)::int as n from ${call} as pgrst_call(pgrst_scalar)`
    : `${withArgs}select coalesce(to_json(${call}), 'null'::json)::text as body, 1 as n`;
  const result = await inRequestTransaction(ctx, req, request, async (client) => {
    const { rows } = await client.query<{ body: string; n: number }>(sql, params.values);
    const n = rows[0]?.n ?? 0;
    if (request.singular && fn.returnsSet && n !== 1) throw restErrors.notSingular(n);
    return { body: rows[0]?.body ?? 'null', n };
  });
  const total = wantsCount(request.prefs) ? result.n : null;
  if (fn.returnsSet)
    return sendRows(
      res,
      request,
      { body: result.body, n: result.n, total, offset: 0 },
      request.singular,
      applied,
    );
  // A scalar is its JSON value, not an array of one.
  sendRows(res, request, { body: `[${result.body}]`, n: 1, total, offset: 0 }, true, applied);
}

const NOT_ARGUMENTS = new Set([
  'select',
  'columns',
  'on_conflict',
  'apikey',
  'order',
  'limit',
  'offset',
  'and',
  'or',
]);

/**
 * GET and HEAD pass arguments as query parameters. As PostgREST's parser: a parameter whose value reads
 * as an operator expression (`id=eq.1`) is a filter on the result, any other one is an argument.
 */
function argumentsFromQuery(query: URLSearchParams): Record<string, string> {
  const args: Record<string, string> = {};
  for (const [key, value] of query) {
    if (NOT_ARGUMENTS.has(key) || key.includes('.') || isOperation(value)) continue;
    args[key] = value;
  }
  return args;
}

function isOperation(value: string): boolean {
  try {
    parseOperation(value, false);
    return true;
  } catch {
    return false;
  }
}

/** PostgREST's hint for arguments that match no overload of an existing function. */
function suggestion(schema: string, name: string, overloads: FunctionInfo[]): string | null {
  if (overloads.length !== 1) return null;
  const args = (overloads[0] as FunctionInfo).args.map((a) => a.name).sort();
  return `Perhaps you meant to call the function ${schema}.${name}(${args.join(', ')})`;
}
