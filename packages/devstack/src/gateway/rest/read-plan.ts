import { restErrors } from './errors.ts';
import {
  type Field,
  type LogicTree,
  type OrderTerm,
  parseFilter,
  parseLogic,
  parseOrder,
  parseSelect,
  type SelectItem,
  splitPath,
} from './grammar.ts';
import { findRelationship, type Relationship } from './relations.ts';
import type { SchemaSnapshot, TableInfo } from './schema-cache.ts';

// PostgREST's read plan: the select tree with its embedded resources, and the filters, logic trees,
// orders, limits and offsets of the query string attached to the node their path names
// (`team_members.role=eq.owner` filters the embedded team_members). SQL comes from sql.ts.

export interface Embed {
  node: ReadNode;
  rel: Relationship;
  join: 'inner' | 'left';
  /** `team()`: joined for filtering, left out of the answer. */
  empty: boolean;
  /** `...team(name)`: its columns go into the parent row. */
  spread: boolean;
}

export interface ReadNode {
  /** The relation being read, when it is a table or view of the schema cache (types, relationships). */
  table: TableInfo | undefined;
  /** The name filters and orders use for this node: the embed's alias, else its name. */
  name: string;
  items: SelectItem[];
  embeds: Embed[];
  filters: LogicTree[];
  order: OrderTerm[];
  limit: number | undefined;
  offset: number | undefined;
}

/** Query parameters that are never filters. */
const RESERVED = new Set(['select', 'columns', 'on_conflict', 'apikey']);
const EMBEDDABLE = new Set(['order', 'limit', 'offset', 'and', 'or']);

export function buildReadPlan(
  snapshot: SchemaSnapshot,
  table: TableInfo | undefined,
  params: URLSearchParams,
  skip: ReadonlySet<string> = new Set(),
): ReadNode {
  const root = buildNode(snapshot, table, '', parseSelect(params.get('select') ?? '*'));
  for (const [key, value] of params) {
    if (RESERVED.has(key) || skip.has(key)) continue;
    const last = key.slice(key.lastIndexOf('.') + 1);
    if (EMBEDDABLE.has(last)) {
      if (last === 'and' || last === 'or') {
        const { path, tree } = parseLogic(key, value);
        nodeAt(root, path).filters.push(tree);
        continue;
      }
      const path = key.split('.').slice(0, -1);
      const node = nodeAt(root, path);
      if (last === 'order') node.order = parseOrder(value);
      else if (last === 'limit') node.limit = nonNegative(key, value);
      else node.offset = nonNegative(key, value);
      continue;
    }
    const { path } = splitPath(key);
    const node = nodeAt(root, path);
    node.filters.push({ kind: 'filter', filter: parseFilter(key, value).filter });
  }
  return root;
}

function buildNode(
  snapshot: SchemaSnapshot,
  table: TableInfo | undefined,
  name: string,
  items: SelectItem[],
): ReadNode {
  const node: ReadNode = {
    table,
    name,
    items: [],
    embeds: [],
    filters: [],
    order: [],
    limit: undefined,
    offset: undefined,
  };
  for (const item of items) {
    if (item.kind !== 'embed') {
      node.items.push(item);
      continue;
    }
    if (table === undefined)
      throw restErrors.notImplemented(`embedding on a result that is not a table (${item.name})`);
    const rel = findRelationship(snapshot, table, item.name, item.hint);
    const child = buildNode(snapshot, rel.target, item.alias ?? item.name, item.items);
    if (item.spread && !rel.toOne)
      throw restErrors.notImplemented(`spreading a to-many embedding (...${item.name})`);
    node.embeds.push({
      node: child,
      rel,
      join: item.join,
      empty: item.items.length === 0,
      spread: item.spread,
    });
  }
  return node;
}

function nodeAt(root: ReadNode, path: string[]): ReadNode {
  let node = root;
  for (const step of path) {
    const next = node.embeds.find((e) => e.node.name === step);
    if (next === undefined) throw restErrors.notEmbedded(step);
    node = next.node;
  }
  return node;
}

function nonNegative(key: string, value: string): number {
  if (!/^\d+$/.test(value))
    throw restErrors.parse(
      `"failed to parse ${key} parameter (${value})" (line 1, column 1)`,
      'expecting a non-negative integer',
    );
  return Number(value);
}

/** The output name of a column item: its alias, else the last JSON key, else the column. */
export function outputName(item: { field: Field; alias: string | null }): string {
  if (item.alias !== null) return item.alias;
  const last = item.field.path[item.field.path.length - 1];
  return last === undefined ? item.field.name : last.key;
}

/** Whether the plan only reads columns (no embeds, filters, orders or pages): RPC scalars need that. */
export function isPlainRead(node: ReadNode): boolean {
  return (
    node.embeds.length === 0 &&
    node.filters.length === 0 &&
    node.order.length === 0 &&
    node.limit === undefined &&
    node.offset === undefined &&
    node.items.every((i) => i.kind === 'star')
  );
}

/** The root columns a mutation must return for this plan, or null for all of them. */
export function returnedColumns(node: ReadNode): string[] | null {
  if (node.items.length === 0 && node.embeds.length === 0) return null;
  const names = new Set<string>();
  for (const item of node.items) {
    if (item.kind === 'star') return null;
    if (item.kind === 'column') names.add(item.field.name);
  }
  for (const embed of node.embeds) {
    for (const pair of embed.rel.on) names.add(pair.parent);
    for (const pair of embed.rel.junction?.parentOn ?? []) names.add(pair.parent);
  }
  return [...names];
}
