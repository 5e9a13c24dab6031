import { restErrors } from './errors.ts';
import { parseColumnList } from './grammar.ts';
import type { Preferences } from './prefer.ts';
import { type ReadNode, returnedColumns } from './read-plan.ts';
import type { TableInfo } from './schema-cache.ts';
import { logicSql, type Params, quoteIdent } from './sql.ts';

// PostgREST's mutations (src/PostgREST/Query/QueryBuilder.hs, mutatePlanToQuery) as one data-modifying
// CTE named pgrst_source: INSERT … SELECT from json_to_recordset over the body (with the columns'
// defaults merged in under `missing=default`), ON CONFLICT for upserts, UPDATE … FROM the body, DELETE,
// each filtered by the request's filters and RETURNING only what the answer needs (`1` for
// return=minimal, so that a caller without SELECT rights can still write, as with PostgREST).

export type Mutation = 'insert' | 'update' | 'delete';

export interface MutationSql {
  /** The CTE body: the data-modifying statement. */
  statement: string;
  /** Upserts with merge-duplicates count inserted rows in the `pgrst.inserted` setting. */
  countsInserted: boolean;
}

/** The body of a write: an object or an array of objects, with the columns it sets. */
export interface WriteBody {
  json: string;
  rows: Record<string, unknown>[];
  isArray: boolean;
}

export function readWriteBody(text: string, mutation: Mutation): WriteBody {
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    throw restErrors.invalidBody();
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(parsed)) return { json: text, rows: [parsed], isArray: false };
  if (Array.isArray(parsed) && mutation === 'insert' && parsed.every(isObject))
    return { json: text, rows: parsed, isArray: true };
  throw restErrors.invalidBody();
}

/** `?columns=` when given, else the body's keys (all objects of an array must have the same ones). */
export function writeColumns(table: TableInfo, body: WriteBody, columnsParam: string | null): string[] {
  let columns: string[];
  if (columnsParam !== null) {
    columns = parseColumnList(columnsParam, 'columns');
  } else {
    const first = Object.keys(body.rows[0] ?? {});
    const same = body.rows.every((r) => {
      const keys = Object.keys(r);
      return keys.length === first.length && keys.every((k) => first.includes(k));
    });
    if (!same) throw restErrors.invalidBody('All object keys must match');
    columns = first;
  }
  for (const c of columns) if (!table.columns.has(c)) throw restErrors.columnNotFound(table.name, c);
  return [...new Set(columns)];
}

const qualified = (t: TableInfo): string => `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;

/** FROM items reading the body as typed rows named pgrst_body (PostgREST's fromJsonBodyF). */
function bodySource(
  table: TableInfo,
  columns: string[],
  body: WriteBody,
  missingDefault: boolean,
  params: Params,
): string {
  const payload = `(select ${params.add(body.json)}::jsonb as json_data) pgrst_payload`;
  const typed = columns.map((c) => `${quoteIdent(c)} ${table.columns.get(c)?.type ?? 'text'}`).join(', ');
  const withDefault = missingDefault
    ? columns.map((c) => table.columns.get(c)).filter((c) => c?.default != null)
    : [];
  const defaults = withDefault.map((c) => `${params.add(c?.name)}::text, ${c?.default}`);
  let source = 'pgrst_payload.json_data';
  let defs = '';
  if (defaults.length > 0) {
    // The defaults are evaluated for every row, as PostgREST does (a sequence advances even for rows
    // that give the column).
    const build = `jsonb_build_object(${defaults.join(', ')})`;
    defs = body.isArray
      ? `lateral (select jsonb_agg(${build} || elem) as val from jsonb_array_elements(pgrst_payload.json_data) elem) pgrst_json_defs, `
      : `lateral (select ${build} || pgrst_payload.json_data as val) pgrst_json_defs, `;
    source = 'pgrst_json_defs.val';
  }
  if (columns.length === 0) {
    const rows = body.isArray ? `jsonb_array_elements(${source}) _` : '(values (1)) _';
    return `${payload}, ${defs}lateral (select from ${rows}) pgrst_body`;
  }
  const fn = body.isArray ? 'jsonb_to_recordset' : 'jsonb_to_record';
  const names = columns.map(quoteIdent).join(', ');
  return `${payload}, ${defs}lateral (select ${names} from ${fn}(${source}) as _(${typed})) pgrst_body`;
}

function returning(node: ReadNode | null, table: TableInfo): string {
  if (node === null) return 'returning 1';
  const columns = returnedColumns(node);
  if (columns === null) return 'returning _r.*';
  for (const c of columns) if (!table.columns.has(c)) throw restErrors.columnNotFound(table.name, c);
  return `returning ${columns.length === 0 ? '1' : columns.map((c) => `_r.${quoteIdent(c)}`).join(', ')}`;
}

// `set_config` returns the new value, so these conditions are always true: they only count rows.
const COUNT_INSERT = `set_config('pgrst.inserted', (coalesce(nullif(current_setting('pgrst.inserted', true), '')::int, 0) + 1)::text, true) <> '0'`;
const UNCOUNT_UPDATE = `set_config('pgrst.inserted', (coalesce(nullif(current_setting('pgrst.inserted', true), '')::int, 0) - 1)::text, true) <> '-1'`;

export function insertSql(opts: {
  table: TableInfo;
  body: WriteBody;
  columns: string[];
  onConflict: string[] | null;
  prefs: Preferences;
  node: ReadNode | null;
  params: Params;
}): MutationSql {
  const { table, columns, prefs, params } = opts;
  const merge = prefs.resolution === 'merge-duplicates';
  const conflictColumns = prefs.resolution === null ? [] : (opts.onConflict ?? table.primaryKey);
  for (const c of conflictColumns) if (!table.columns.has(c)) throw restErrors.columnNotFound(table.name, c);
  const source = bodySource(table, columns, opts.body, prefs.missing === 'default', params);
  const names = columns.map(quoteIdent).join(', ');
  const selected = columns.map((c) => `pgrst_body.${quoteIdent(c)}`).join(', ');
  let sql = `insert into ${qualified(table)} as _r${columns.length > 0 ? ` (${names})` : ''} select ${selected} from ${source}`;
  const countsInserted = merge && conflictColumns.length > 0;
  if (countsInserted) sql += ` where ${COUNT_INSERT}`;
  if (conflictColumns.length > 0) {
    sql += ` on conflict (${conflictColumns.map(quoteIdent).join(', ')}) `;
    if (!merge || columns.length === 0) sql += 'do nothing';
    else
      sql += `do update set ${columns.map((c) => `${quoteIdent(c)} = excluded.${quoteIdent(c)}`).join(', ')} where ${UNCOUNT_UPDATE}`;
  }
  return { statement: `${sql} ${returning(opts.node, table)}`, countsInserted };
}

export function updateSql(opts: {
  table: TableInfo;
  body: WriteBody;
  columns: string[];
  filters: ReadNode['filters'];
  prefs: Preferences;
  node: ReadNode | null;
  params: Params;
}): MutationSql {
  const { table, columns, params } = opts;
  const scope = { q: '_r', table };
  if (columns.length === 0) {
    // Nothing to set: PostgREST selects no row (an UPDATE needs at least one column).
    const cols = returning(opts.node, table).replace(/^returning /, '');
    return { statement: `select ${cols} from ${qualified(table)} _r where false`, countsInserted: false };
  }
  const source = bodySource(table, columns, opts.body, opts.prefs.missing === 'default', params);
  const set = columns.map((c) => `${quoteIdent(c)} = pgrst_body.${quoteIdent(c)}`).join(', ');
  const where = opts.filters.map((f) => logicSql(scope, f, params));
  const statement = `update ${qualified(table)} as _r set ${set} from ${source}${where.length > 0 ? ` where ${where.join(' and ')}` : ''} ${returning(opts.node, table)}`;
  return { statement, countsInserted: false };
}

export function deleteSql(opts: {
  table: TableInfo;
  filters: ReadNode['filters'];
  node: ReadNode | null;
  params: Params;
}): MutationSql {
  const { table, params } = opts;
  const where = opts.filters.map((f) => logicSql({ q: '_r', table }, f, params));
  const statement = `delete from ${qualified(table)} as _r${where.length > 0 ? ` where ${where.join(' and ')}` : ''} ${returning(opts.node, table)}`;
  return { statement, countsInserted: false };
}

export function onConflictColumns(value: string | null): string[] | null {
  return value === null ? null : parseColumnList(value, 'on_conflict');
}
