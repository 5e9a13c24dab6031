import { restErrors } from './errors.ts';

// PostgREST's query grammar (src/PostgREST/ApiRequest/QueryParams.hs) parsed into plain values, with no
// SQL: `select` trees with embedded resources, filters `[not.]op.value`, logic trees `or=(…)`/`and=(…)`,
// `order`, JSON paths `a->b->>c`. What its parser refuses is refused here with PGRST100.

export interface JsonStep {
  arrow: '->' | '->>';
  key: string;
}

export interface Field {
  name: string;
  path: JsonStep[];
}

export type SelectItem =
  | { kind: 'star' }
  | { kind: 'column'; field: Field; alias: string | null; cast: string | null }
  | {
      kind: 'embed';
      name: string;
      alias: string | null;
      hint: string | null;
      join: 'inner' | 'left';
      items: SelectItem[];
      /** `...team(name)`: the embedded row's columns go into the parent row. */
      spread: boolean;
    };

export type Operation =
  | { kind: 'compare'; op: string; quant: 'any' | 'all' | null; value: string }
  | { kind: 'in'; values: string[] }
  | { kind: 'is'; value: 'null' | 'not_null' | 'true' | 'false' | 'unknown' }
  | { kind: 'isdistinct'; value: string }
  | { kind: 'fts'; op: string; lang: string | null; value: string };

export interface Filter {
  field: Field;
  negate: boolean;
  op: Operation;
}

export type LogicTree =
  | { kind: 'logic'; negate: boolean; op: 'and' | 'or'; children: LogicTree[] }
  | { kind: 'filter'; filter: Filter };

export interface OrderTerm {
  /** Set when ordering by a column of an embedded to-one resource: `order=team(name).desc`. */
  relation: string | null;
  field: Field;
  direction: 'asc' | 'desc' | null;
  nulls: 'first' | 'last' | null;
}

/** Operators taking one value, with a quantifier allowed (`eq(any).{1,2}`) for those in QUANTIFIABLE. */
const SIMPLE_OPERATORS = new Set(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch']);
const QUANTIFIABLE = new Set(['eq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch']);
const RANGE_OPERATORS = new Set(['cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj']);
const FTS_OPERATORS = new Set(['fts', 'plfts', 'phfts', 'wfts']);
const IS_VALUES = new Set(['null', 'not_null', 'true', 'false', 'unknown']);
const AGGREGATES = new Set(['count', 'sum', 'avg', 'max', 'min']);
// A cast goes into the SQL text as written, so only one identifier (an array of it at most) is
// accepted: no spaces, so no SQL can follow it (`float8`, not `double precision`).
const CAST = /^[A-Za-z_][A-Za-z0-9_]*(\[\])?$/;

function parseError(what: string, text: string, detail: string): never {
  throw restErrors.parse(`"failed to parse ${what} (${text})" (line 1, column 1)`, detail);
}

/** Splits on `sep` outside parentheses and double quotes (a backslash escapes inside quotes). */
export function splitTopLevel(text: string, sep = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (quoted && ch === '\\' && i + 1 < text.length) {
      current += ch + (text[i + 1] as string);
      i += 1;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth += 1;
    else if (!quoted && ch === ')') depth -= 1;
    if (ch === sep && depth === 0 && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

function unquote(text: string): string {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    return text.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return text;
}

/** Reads a name (quoted or bare) from the start of `text`; bare names stop at any of `stops` or `->`. */
function readName(text: string, stops: string): [string, string] {
  if (text.startsWith('"')) {
    let i = 1;
    let name = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\' && i + 1 < text.length) i += 1;
      name += text[i];
      i += 1;
    }
    if (i >= text.length) throw restErrors.parse(`unterminated quoted name in "${text}"`);
    return [name, text.slice(i + 1)];
  }
  let i = 0;
  while (i < text.length && !stops.includes(text[i] as string) && !text.startsWith('->', i)) i += 1;
  return [text.slice(0, i), text.slice(i)];
}

/** `col`, `"my col"`, `data->a->>b`, `data->0`: the field and whatever follows it. */
export function readField(text: string, stops: string): [Field, string] {
  const [name, afterName] = readName(text, stops);
  let rest = afterName;
  const path: JsonStep[] = [];
  while (rest.startsWith('->')) {
    const arrow = rest.startsWith('->>') ? '->>' : '->';
    const [key, after] = readName(rest.slice(arrow.length), stops);
    if (key === '') throw restErrors.parse(`a JSON path needs a key after ${arrow} in "${text}"`);
    path.push({ arrow, key });
    rest = after;
  }
  return [{ name, path }, rest];
}

export function parseField(text: string, what: string): Field {
  const [field, rest] = readField(text, '');
  if (field.name === '' || rest !== '') parseError(what, text, `unexpected "${rest[0] ?? ''}"`);
  return field;
}

export function parseSelect(text: string): SelectItem[] {
  const source = text.trim() === '' ? '*' : text;
  return splitTopLevel(source).map((raw) => parseSelectItem(raw.trim(), source));
}

function parseSelectItem(item: string, whole: string): SelectItem {
  if (item === '*') return { kind: 'star' };
  if (item === '') parseError('select parameter', whole, 'unexpected end of input expecting field name');
  if (item.startsWith('...')) {
    const [name, after] = readName(item.slice(3), '!(');
    if (name === '' || !(after.startsWith('!') || after.startsWith('('))) {
      parseError('select parameter', whole, `unexpected "${after[0] ?? ''}" expecting "("`);
    }
    return {
      ...(parseEmbed(name, null, after, whole) as Extract<SelectItem, { kind: 'embed' }>),
      spread: true,
    };
  }
  let alias: string | null = null;
  let rest = item;
  const aliasMatch = /^("(?:[^"\\]|\\.)*"|[^:"(]+):(?!:)/.exec(rest);
  if (aliasMatch) {
    alias = unquote(aliasMatch[1]?.trim() ?? '');
    rest = rest.slice(aliasMatch[0].length).trim();
  }
  const [field, after] = readField(rest, '!(:.');
  if (after.startsWith('!') || after.startsWith('(')) {
    if (field.path.length > 0) parseError('select parameter', whole, 'unexpected "(" after a JSON path');
    return parseEmbed(field.name, alias, after, whole);
  }
  if (after === '()' || /^\.\w+\(\)/.test(after)) throw restErrors.aggregatesNotAllowed();
  if (field.name === '')
    parseError('select parameter', whole, 'unexpected end of input expecting field name');
  let cast: string | null = null;
  let tail = after;
  if (tail.startsWith('::')) {
    cast = tail.slice(2).trim();
    tail = '';
    if (!CAST.test(cast)) parseError('select parameter', whole, `unexpected "${cast}" expecting a type name`);
  }
  if (tail.startsWith('.') && AGGREGATES.has(tail.slice(1).replace(/\(.*$/, '')))
    throw restErrors.aggregatesNotAllowed();
  if (tail !== '') parseError('select parameter', whole, `unexpected "${tail[0]}"`);
  return { kind: 'column', field, alias, cast };
}

function parseEmbed(name: string, alias: string | null, text: string, whole: string): SelectItem {
  let rest = text;
  let hint: string | null = null;
  let join: 'inner' | 'left' = 'left';
  while (rest.startsWith('!')) {
    const [param, after] = readName(rest.slice(1), '!(');
    if (param === 'inner') join = 'inner';
    else if (param === 'left') join = 'left';
    else hint = param;
    rest = after;
  }
  if (!rest.startsWith('(') || !rest.endsWith(')')) {
    parseError('select parameter', whole, `unexpected "${rest[0] ?? ''}" expecting "("`);
  }
  if (AGGREGATES.has(name) && rest === '()') throw restErrors.aggregatesNotAllowed();
  const inner = rest.slice(1, -1);
  const items = inner.trim() === '' ? [] : splitTopLevel(inner).map((i) => parseSelectItem(i.trim(), whole));
  return { kind: 'embed', name, alias, hint, join, items, spread: false };
}

/** `[not.]op.value` as PostgREST's pOpExpr; `logic` marks values inside or=/and= trees (quotes allowed). */
export function parseOperation(text: string, logic: boolean): { negate: boolean; op: Operation } {
  let rest = text;
  let negate = false;
  if (rest.startsWith('not.')) {
    negate = true;
    rest = rest.slice(4);
  }
  const match = /^([a-z]+)(?:\(([^)]*)\))?\./.exec(rest);
  const bad = (): never =>
    parseError(
      'filter',
      text,
      `unexpected "${rest[0] ?? ''}" expecting ${negate ? '' : '"not" or '}operator (eq, gt, ...)`,
    );
  if (!match) return bad();
  const name = match[1] as string;
  const modifier = match[2];
  const value = rest.slice(match[0].length);
  const single = logic ? unquote(value) : value;
  if (name === 'in' && modifier === undefined) {
    if (!value.startsWith('(') || !value.endsWith(')')) return bad();
    const inner = value.slice(1, -1);
    // `in.()` is PostgREST's empty list (`= any('{}')`): it matches nothing, not the empty string.
    const values = inner === '' ? [] : splitTopLevel(inner).map((v) => unquote(v));
    return { negate, op: { kind: 'in', values } };
  }
  if (name === 'is' && modifier === undefined) {
    const v = value.toLowerCase();
    if (!IS_VALUES.has(v))
      parseError(
        'filter',
        text,
        `unexpected "${value}" expecting isVal: (null, not_null, true, false, unknown)`,
      );
    return { negate, op: { kind: 'is', value: v as 'null' } };
  }
  if (name === 'isdistinct' && modifier === undefined)
    return { negate, op: { kind: 'isdistinct', value: single } };
  if (FTS_OPERATORS.has(name)) {
    if (modifier !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(modifier)) return bad();
    return { negate, op: { kind: 'fts', op: name, lang: modifier ?? null, value: single } };
  }
  if (RANGE_OPERATORS.has(name) && modifier === undefined)
    return { negate, op: { kind: 'compare', op: name, quant: null, value: single } };
  if (SIMPLE_OPERATORS.has(name)) {
    if (modifier !== undefined && (!QUANTIFIABLE.has(name) || (modifier !== 'any' && modifier !== 'all')))
      return bad();
    const quant = (modifier ?? null) as 'any' | 'all' | null;
    return { negate, op: { kind: 'compare', op: name, quant, value: single } };
  }
  return bad();
}

/** A filter parameter: `embed.path.col=op.value`. */
export function parseFilter(key: string, value: string): { path: string[]; filter: Filter } {
  const { path, last } = splitPath(key);
  const field = parseField(last, 'tree path');
  const { negate, op } = parseOperation(value, false);
  return { path, filter: { field, negate, op } };
}

/** Splits `a.b.col->x` into the embed path and the last part (dots inside a JSON path are kept). */
export function splitPath(key: string): { path: string[]; last: string } {
  const arrow = key.indexOf('->');
  const head = arrow < 0 ? key : key.slice(0, arrow);
  const tail = arrow < 0 ? '' : key.slice(arrow);
  const parts = splitTopLevel(head, '.');
  const last = `${parts.pop() ?? ''}${tail}`;
  return { path: parts, last };
}

/** `or=(a.eq.1,and(b.gt.2,c.is.null))`, `not.and=(…)`: the key gives the operator and negation. */
export function parseLogic(key: string, value: string): { path: string[]; tree: LogicTree } {
  const parts = key.split('.');
  const op = parts.pop() as 'and' | 'or';
  let negate = false;
  if (parts[parts.length - 1] === 'not') {
    negate = true;
    parts.pop();
  }
  return { path: parts, tree: parseLogicBody(op, negate, value, `${op}${value}`) };
}

function parseLogicBody(op: 'and' | 'or', negate: boolean, body: string, whole: string): LogicTree {
  if (!body.startsWith('(') || !body.endsWith(')'))
    parseError('logic tree', whole, `unexpected "${body[0] ?? ''}" expecting "("`);
  const inner = body.slice(1, -1);
  if (inner.trim() === '') parseError('logic tree', whole, 'unexpected ")" expecting field name');
  const children = splitTopLevel(inner).map((item): LogicTree => {
    const nested = /^(not\.)?(and|or)\(/.exec(item);
    if (nested) {
      return parseLogicBody(
        nested[2] as 'and' | 'or',
        nested[1] !== undefined,
        item.slice(nested[0].length - 1),
        whole,
      );
    }
    const [field, rest] = readField(item, '.');
    if (field.name === '' || !rest.startsWith('.'))
      parseError('logic tree', whole, `unexpected "${rest[0] ?? ''}" expecting "."`);
    const operation = parseOperation(rest.slice(1), true);
    return { kind: 'filter', filter: { field, negate: operation.negate, op: operation.op } };
  });
  return { kind: 'logic', negate, op, children };
}

export function parseOrder(value: string): OrderTerm[] {
  return splitTopLevel(value).map((item) => {
    let relation: string | null = null;
    let rest = item;
    const related = /^("(?:[^"\\]|\\.)*"|[^(".]+)\(([^)]*)\)/.exec(rest);
    let field: Field;
    if (related) {
      relation = unquote(related[1] as string);
      field = parseField(related[2] as string, 'order');
      rest = rest.slice(related[0].length);
    } else {
      [field, rest] = readField(rest, '.');
    }
    if (field.name === '') parseError('order', value, 'unexpected end of input expecting field name');
    let direction: OrderTerm['direction'] = null;
    let nulls: OrderTerm['nulls'] = null;
    for (const mod of rest === '' ? [] : rest.slice(1).split('.')) {
      if ((mod === 'asc' || mod === 'desc') && direction === null && nulls === null) direction = mod;
      else if ((mod === 'nullsfirst' || mod === 'nullslast') && nulls === null)
        nulls = mod === 'nullsfirst' ? 'first' : 'last';
      else
        parseError(
          'order',
          value,
          `unexpected "${mod}" expecting "asc", "desc", "nullsfirst" or "nullslast"`,
        );
    }
    if (rest !== '' && !rest.startsWith('.')) parseError('order', value, `unexpected "${rest[0]}"`);
    return { relation, field, direction, nulls };
  });
}

/** `columns` and `on_conflict`: a comma-separated list of (maybe quoted) column names. */
export function parseColumnList(value: string, what: string): string[] {
  return splitTopLevel(value).map((raw) => {
    const name = unquote(raw.trim());
    if (name === '') parseError(`${what} parameter`, value, 'unexpected "," expecting field name');
    return name;
  });
}
