import { restErrors } from './errors.ts';

// The part of PostgREST's URL grammar the app uses, turned into SQL over a row alias `_r`:
// `select=a,alias:b,c::text`, filters `col=[not.]op.value` (eq, neq, gt, gte, lt, lte, like, ilike,
// in, is), `order=a.desc.nullslast,b`, `limit`, `offset`. Everything else is refused with PGRST100
// rather than answered wrongly. Values travel as query parameters, never inside the SQL text.

export const RESERVED_PARAMS = new Set([
  'select',
  'order',
  'limit',
  'offset',
  'columns',
  'on_conflict',
  'apikey',
]);

export interface ReadQuery {
  columns: string;
  where: string[];
  order: string;
  limit: number | undefined;
  offset: number | undefined;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]*$/;
// A type name: one identifier (whitespace is stripped from select, as PostgREST does), maybe an array.
const CAST = /^[A-Za-z_][A-Za-z0-9_]*(\[\])?$/;
const COMPARISONS: Record<string, string> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function column(name: string): string {
  if (name.includes('->')) throw restErrors.unsupported(`JSON paths (${name})`);
  if (!IDENT.test(name)) throw restErrors.parse(`"${name}" is not a column name the local stack understands`);
  return `_r.${quoteIdent(name)}`;
}

/** Splits on commas outside parentheses and double quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth += 1;
    else if (!quoted && ch === ')') depth -= 1;
    if (ch === ',' && depth === 0 && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

export function parseSelect(select: string | null): string {
  if (select === null || select.trim() === '' || select.trim() === '*') return '_r.*';
  return splitTopLevel(select.replace(/\s/g, ''))
    .map((item) => {
      if (item === '*') return '_r.*';
      if (item.includes('(') || item.startsWith('...'))
        throw restErrors.unsupported(`resource embedding (${item})`);
      const [alias, rest] = item.includes(':') && !item.includes('::') ? splitOnce(item, ':') : [null, item];
      const [name, cast] = rest.includes('::') ? splitOnce(rest, '::') : [rest, null];
      if (cast !== null && !CAST.test(cast))
        throw restErrors.parse(`"${cast}" is not a type the local stack casts to`);
      const expr = cast === null ? column(name) : `${column(name)}::${cast}`;
      return `${expr} as ${quoteIdent(alias ?? name)}`;
    })
    .join(', ');
}

function splitOnce(text: string, sep: string): [string, string] {
  const at = text.indexOf(sep);
  return [text.slice(0, at), text.slice(at + sep.length)];
}

function parseList(text: string): string[] {
  if (!text.startsWith('(') || !text.endsWith(')'))
    throw restErrors.parse(`"in" needs a list like in.(a,b): ${text}`);
  const inner = text.slice(1, -1);
  if (inner === '') return [];
  return splitTopLevel(inner).map((v) => (v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v));
}

/** One filter `col=value` as SQL; `values` receives its parameters. */
export function parseFilter(name: string, raw: string, values: unknown[]): string {
  if (name === 'or' || name === 'and' || name === 'not.or' || name === 'not.and') {
    throw restErrors.unsupported('logical filter trees (or=, and=)');
  }
  const col = column(name);
  let rest = raw;
  let negate = false;
  if (rest.startsWith('not.')) {
    negate = true;
    rest = rest.slice(4);
  }
  const dot = rest.indexOf('.');
  if (dot < 0) throw restErrors.parse(`"${raw}" is not a filter: expected operator.value (e.g. eq.1)`);
  const op = rest.slice(0, dot);
  const value = rest.slice(dot + 1);
  const param = (v: unknown): string => {
    values.push(v);
    return `$${values.length}`;
  };
  let sql: string;
  const comparison = COMPARISONS[op];
  if (comparison !== undefined) sql = `${col} ${comparison} ${param(value)}`;
  else if (op === 'like' || op === 'ilike') sql = `${col} ${op} ${param(value.replaceAll('*', '%'))}`;
  else if (op === 'in') sql = `${col} = any(${param(parseList(value))})`;
  else if (op === 'is') {
    const literal = { null: 'null', true: 'true', false: 'false', unknown: 'unknown' }[value.toLowerCase()];
    if (literal === undefined)
      throw restErrors.parse(`"is" takes null, true, false or unknown, not "${value}"`);
    sql = `${col} is ${literal}`;
  } else {
    throw restErrors.unsupported(`the filter operator "${op}"`);
  }
  return negate ? `not (${sql})` : sql;
}

export function parseOrder(order: string | null): string {
  if (order === null || order === '') return '';
  return splitTopLevel(order)
    .map((item) => {
      if (item.includes('(')) throw restErrors.unsupported(`ordering by embedded resources (${item})`);
      const [name, ...mods] = item.split('.');
      let sql = column(name ?? '');
      for (const mod of mods) {
        if (mod === 'asc' || mod === 'desc') sql += ` ${mod}`;
        else if (mod === 'nullsfirst') sql += ' nulls first';
        else if (mod === 'nullslast') sql += ' nulls last';
        else throw restErrors.parse(`"${mod}" is not an order modifier (asc, desc, nullsfirst, nullslast)`);
      }
      return sql;
    })
    .join(', ');
}

function nonNegativeInt(name: string, value: string | null): number | undefined {
  if (value === null) return undefined;
  if (!/^\d+$/.test(value))
    throw restErrors.parse(`"${name}" must be a non-negative integer, not "${value}"`);
  return Number(value);
}

/** Parses the read part of a request; `skip` names parameters that are not filters (RPC arguments). */
export function parseReadQuery(
  params: URLSearchParams,
  values: unknown[],
  skip: ReadonlySet<string>,
): ReadQuery {
  const where: string[] = [];
  for (const [name, value] of params) {
    if (RESERVED_PARAMS.has(name) || skip.has(name)) continue;
    where.push(parseFilter(name, value, values));
  }
  return {
    columns: parseSelect(params.get('select')),
    where,
    order: parseOrder(params.get('order')),
    limit: nonNegativeInt('limit', params.get('limit')),
    offset: nonNegativeInt('offset', params.get('offset')),
  };
}

export function hasReadModifiers(q: ReadQuery): boolean {
  return (
    q.columns !== '_r.*' ||
    q.where.length > 0 ||
    q.order !== '' ||
    q.limit !== undefined ||
    q.offset !== undefined
  );
}
