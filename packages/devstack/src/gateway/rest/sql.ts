import { restErrors } from './errors.ts';
import type { Field, Filter, LogicTree, OrderTerm } from './grammar.ts';
import { outputName, type ReadNode } from './read-plan.ts';
import type { TableInfo } from './schema-cache.ts';

// SQL for a read plan. Identifiers are always quoted by quoteIdent and every value from the request
// (filter values, JSON keys) travels as a query parameter: nothing from the URL is spliced into the
// SQL text except through those two doors. Casts are checked against a type-name pattern by the grammar.

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The parameters of one statement. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const COMPARE: Record<string, string> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'like',
  ilike: 'ilike',
  match: '~',
  imatch: '~*',
  cs: '@>',
  cd: '<@',
  ov: '&&',
  sl: '<<',
  sr: '>>',
  nxr: '&<',
  nxl: '&>',
  adj: '-|-',
};
const FTS: Record<string, string> = {
  fts: 'to_tsquery',
  plfts: 'plainto_tsquery',
  phfts: 'phraseto_tsquery',
  wfts: 'websearch_to_tsquery',
};
const JSON_TYPES = new Set(['json', 'jsonb']);

interface Scope {
  /** The SQL alias of the relation, already quoted. */
  q: string;
  table: TableInfo | undefined;
}

export function fieldSql(scope: Scope, field: Field, params: Params): string {
  const column = `${scope.q}.${quoteIdent(field.name)}`;
  if (field.path.length === 0) return column;
  const type = scope.table?.columns.get(field.name)?.type;
  let sql = type !== undefined && JSON_TYPES.has(type) ? column : `to_jsonb(${column})`;
  for (const step of field.path) {
    const index = /^-?\d+$/.test(step.key);
    sql += `${step.arrow}${params.add(step.key)}::${index ? 'int' : 'text'}`;
  }
  return sql;
}

function filterSql(
  scope: Scope,
  filter: Filter,
  params: Params,
  embedAlias: (name: string) => string | null,
): string {
  const { op } = filter;
  const embedded = filter.field.path.length === 0 ? embedAlias(filter.field.name) : null;
  let sql: string;
  if (embedded !== null) {
    // `team=is.null` / `team=not.is.null` on an embedded resource: whether it matched a row.
    if (op.kind !== 'is' || (op.value !== 'null' && op.value !== 'not_null'))
      throw restErrors.unacceptableFilter(filter.field.name);
    sql = `${embedded} ${op.value === 'null' ? 'is null' : 'is not null'}`;
    return filter.negate ? `not (${sql})` : sql;
  }
  const field = fieldSql(scope, filter.field, params);
  switch (op.kind) {
    case 'compare': {
      const operator = COMPARE[op.op] as string;
      let value: string = op.value;
      if (op.op === 'like' || op.op === 'ilike') value = value.replaceAll('*', '%');
      if (op.op === 'ov' && value.startsWith('(') && value.endsWith(')')) value = `{${value.slice(1, -1)}}`;
      sql =
        op.quant === null
          ? `${field} ${operator} ${params.add(value)}`
          : `${field} ${operator} ${op.quant}(${params.add(value)})`;
      break;
    }
    case 'in':
      sql = `${field} = any(${params.add(op.values)})`;
      break;
    case 'is':
      sql = `${field} is ${op.value === 'not_null' ? 'not null' : op.value}`;
      break;
    case 'isdistinct':
      sql = `${field} is distinct from ${params.add(op.value)}`;
      break;
    case 'fts': {
      const column = scope.table?.columns.get(filter.field.name)?.type;
      const lang = op.lang === null ? '' : `${params.add(op.lang)}::regconfig, `;
      const vector = column === 'tsvector' ? field : `to_tsvector(${lang}${field})`;
      sql = `${vector} @@ ${FTS[op.op]}(${lang}${params.add(op.value)})`;
      break;
    }
  }
  return filter.negate ? `not (${sql})` : sql;
}

export function logicSql(
  scope: Scope,
  tree: LogicTree,
  params: Params,
  embedAlias: (name: string) => string | null = () => null,
): string {
  if (tree.kind === 'filter') return filterSql(scope, tree.filter, params, embedAlias);
  const inner = tree.children.map((c) => logicSql(scope, c, params, embedAlias)).join(` ${tree.op} `);
  return `${tree.negate ? 'not ' : ''}(${inner})`;
}

function orderSql(
  scope: Scope,
  node: ReadNode,
  term: OrderTerm,
  params: Params,
  aliases: Map<ReadNode, string>,
): string {
  let sql: string;
  if (term.relation !== null) {
    const embed = node.embeds.find((e) => e.node.name === term.relation);
    if (embed === undefined) throw restErrors.notEmbedded(term.relation);
    if (!embed.rel.toOne) throw restErrors.relatedOrderNotToOne(node.table?.name ?? node.name, term.relation);
    sql = fieldSql({ q: aliases.get(embed.node) as string, table: undefined }, term.field, params);
  } else {
    sql = fieldSql(scope, term.field, params);
  }
  if (term.direction !== null) sql += ` ${term.direction}`;
  if (term.nulls !== null) sql += ` nulls ${term.nulls}`;
  return sql;
}

export interface NodeSqlOptions {
  /** The FROM item, its alias included (`"public"."teams" _r`, `pgrst_source _r`, a function call). */
  from: string;
  /** The alias the FROM item binds, quoted. */
  alias: string;
  params: Params;
  /** Leave out order, limit and offset (for counting). */
  forCount?: boolean;
  /** A cap on the top level's rows (max rows). */
  maxRows?: number;
  /** Extra conditions (an embed's join to its parent). */
  where?: string[];
}

/** One node as a SELECT: its columns, its embeds as lateral joins, its filters, order and page. */
export function nodeSql(node: ReadNode, opts: NodeSqlOptions, counter = { n: 0 }): string {
  const { params } = opts;
  const scope: Scope = { q: opts.alias, table: node.table };
  const columns: string[] = [];
  const joins: string[] = [];
  const aliases = new Map<ReadNode, string>();
  if (node.items.length === 0 && node.embeds.length === 0) columns.push(`${scope.q}.*`);
  for (const item of node.items) {
    if (item.kind === 'star') columns.push(`${scope.q}.*`);
    else if (item.kind === 'column') {
      const value = fieldSql(scope, item.field, params);
      const cast = item.cast === null ? value : `(${value})::${item.cast}`;
      columns.push(`${cast} as ${quoteIdent(outputName(item))}`);
    }
  }
  for (const embed of node.embeds) {
    counter.n += 1;
    const childAlias = quoteIdent(`pgrst_${counter.n}`);
    const aggAlias = quoteIdent(`pgrst_agg_${counter.n}`);
    aliases.set(embed.node, aggAlias);
    const { target, junction } = embed.rel;
    let from = `${quoteIdent(target.schema)}.${quoteIdent(target.name)} ${childAlias}`;
    const on = embed.rel.on.map(
      (p) => `${childAlias}.${quoteIdent(p.target)} = ${scope.q}.${quoteIdent(p.parent)}`,
    );
    if (junction !== null) {
      const j = quoteIdent(`pgrst_junction_${counter.n}`);
      from += `, ${quoteIdent(junction.table.schema)}.${quoteIdent(junction.table.name)} ${j}`;
      for (const p of junction.targetOn)
        on.push(`${j}.${quoteIdent(p.junction)} = ${childAlias}.${quoteIdent(p.target)}`);
      for (const p of junction.parentOn)
        on.push(`${j}.${quoteIdent(p.junction)} = ${scope.q}.${quoteIdent(p.parent)}`);
    }
    const child = nodeSql(
      embed.node,
      {
        from,
        alias: childAlias,
        params,
        where: on,
      },
      counter,
    );
    const selName = quoteIdent(embed.node.name);
    if (embed.rel.toOne) {
      joins.push(`${embed.join === 'inner' ? 'inner' : 'left'} join lateral (${child}) ${aggAlias} on true`);
      // A spread puts the row's columns into the parent's; otherwise jsonb, as PostgREST builds embeds.
      if (embed.spread) columns.push(`${aggAlias}.*`);
      else if (!embed.empty) columns.push(`row_to_json(${aggAlias}.*)::jsonb as ${selName}`);
    } else {
      const body = `(select json_agg(pgrst_row)::jsonb as body from (${child}) pgrst_row)`;
      const cond = embed.join === 'inner' ? `${aggAlias}.body is not null` : 'true';
      joins.push(`${embed.join === 'inner' ? 'inner' : 'left'} join lateral ${body} ${aggAlias} on ${cond}`);
      if (!embed.empty) columns.push(`coalesce(${aggAlias}.body, '[]'::jsonb) as ${selName}`);
    }
  }
  const embedAlias = (name: string): string | null => {
    const embed = node.embeds.find((e) => e.node.name === name);
    if (embed === undefined) return null;
    const alias = aliases.get(embed.node) as string;
    // The whole row of a to-one embed that matched nothing is null (a matched row is never null as
    // JSON, whatever its columns hold); a to-many embed with no row aggregates to null.
    return embed.rel.toOne ? `row_to_json(${alias}.*)` : `${alias}.body`;
  };
  const where = [...(opts.where ?? []), ...node.filters.map((f) => logicSql(scope, f, params, embedAlias))];
  let sql = `select ${columns.length > 0 ? columns.join(', ') : ''} from ${opts.from}`;
  if (joins.length > 0) sql += ` ${joins.join(' ')}`;
  if (where.length > 0) sql += ` where ${where.join(' and ')}`;
  if (opts.forCount) return sql;
  if (node.order.length > 0)
    sql += ` order by ${node.order.map((t) => orderSql(scope, node, t, params, aliases)).join(', ')}`;
  const limit = opts.maxRows === undefined ? node.limit : Math.min(node.limit ?? opts.maxRows, opts.maxRows);
  if (limit !== undefined) sql += ` limit ${limit}`;
  if (node.offset !== undefined) sql += ` offset ${node.offset}`;
  return sql;
}
