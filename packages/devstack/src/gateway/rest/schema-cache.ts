import pg from 'pg';

// What PostgREST keeps in its schema cache, reduced to what the gateway serves: the functions (name,
// input arguments, how their result is shaped), the tables and views of the exposed schemas with their
// columns, primary keys and unique keys, and the foreign keys between them (for resource embedding).
// Reloaded on `NOTIFY pgrst, 'reload schema'` as PostgREST does, and when the stack migrates.

export type ResultShape = 'void' | 'scalar' | 'composite';

export interface FunctionArg {
  name: string;
  /** The argument's type as format_type() spells it, for json_to_record. */
  type: string;
  hasDefault: boolean;
}

export interface FunctionInfo {
  schema: string;
  name: string;
  args: FunctionArg[];
  returnsSet: boolean;
  shape: ResultShape;
  /** One unnamed json or jsonb argument: PostgREST passes it the whole request body. */
  singleUnnamedJson: boolean;
  /** The table or view whose row type the function returns (embedding follows its foreign keys). */
  returnTable: { schema: string; name: string } | null;
}

export interface ColumnInfo {
  name: string;
  /** As format_type() spells it, for json_to_recordset. */
  type: string;
  /** The default expression (pg_get_expr), for `Prefer: missing=default`. */
  default: string | null;
}

export interface TableInfo {
  schema: string;
  name: string;
  columns: Map<string, ColumnInfo>;
  primaryKey: string[];
  /** Column sets with a unique index (the primary key included): a foreign key over one is one-to-one. */
  uniqueKeys: string[][];
}

export interface ForeignKey {
  name: string;
  schema: string;
  table: string;
  columns: string[];
  refSchema: string;
  refTable: string;
  refColumns: string[];
}

export interface SchemaSnapshot {
  functions: Map<string, FunctionInfo[]>;
  tables: Map<string, TableInfo>;
  foreignKeys: ForeignKey[];
}

const key = (schema: string, name: string): string => `${schema}.${name}`;

const FUNCTIONS_SQL = `
select n.nspname as schema, p.proname as name, p.proargnames as arg_names, p.proargmodes::text[] as arg_modes,
       array(select format_type(t, null) from unnest(p.proargtypes) as t) as in_types,
       p.pronargdefaults as defaults, p.proretset as returns_set,
       p.prorettype = 'void'::regtype as returns_void,
       (t.typtype = 'c' or p.prorettype = 'record'::regtype) as returns_composite,
       (select json_build_object('schema', rn.nspname, 'name', rc.relname)
          from pg_class rc join pg_namespace rn on rn.oid = rc.relnamespace
         where rc.oid = t.typrelid and rc.relkind in ('r', 'v', 'm', 'f', 'p')) as return_table
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  join pg_type t on t.oid = p.prorettype
 where n.nspname = any($1) and p.prokind = 'f' and p.prorettype <> 'trigger'::regtype
 order by p.oid`;

const TABLES_SQL = `
select n.nspname as schema, c.relname as name,
       coalesce((
         select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
                                           'default', pg_get_expr(d.adbin, d.adrelid)) order by a.attnum)
           from pg_attribute a
           left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum and a.attgenerated = ''
          where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '[]') as columns,
       coalesce((
         select json_agg(array(select a.attname from unnest(i.indkey) with ordinality k(num, pos)
                                 join pg_attribute a on a.attrelid = c.oid and a.attnum = k.num order by k.pos)
                         order by not i.indisprimary)
           from pg_index i
          where i.indrelid = c.oid and i.indisunique and i.indpred is null and i.indexprs is null), '[]') as unique_keys,
       coalesce((select i.indisprimary from pg_index i where i.indrelid = c.oid and i.indisprimary), false) as has_pk
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = any($1) and c.relkind in ('r', 'v', 'm', 'f', 'p')`;

const FOREIGN_KEYS_SQL = `
select con.conname as name, ns.nspname as schema, cl.relname as table, fns.nspname as ref_schema,
       fcl.relname as ref_table,
       array(select a.attname from unnest(con.conkey) with ordinality k(num, pos)
               join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.num order by k.pos)::text[] as columns,
       array(select a.attname from unnest(con.confkey) with ordinality k(num, pos)
               join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.num order by k.pos)::text[] as ref_columns
  from pg_constraint con
  join pg_class cl on cl.oid = con.conrelid join pg_namespace ns on ns.oid = cl.relnamespace
  join pg_class fcl on fcl.oid = con.confrelid join pg_namespace fns on fns.oid = fcl.relnamespace
 where con.contype = 'f' and ns.nspname = any($1) and fns.nspname = any($1)
 order by con.conname`;

interface TableRow {
  schema: string;
  name: string;
  columns: ColumnInfo[];
  unique_keys: string[][];
  has_pk: boolean;
}

interface ForeignKeyRow {
  name: string;
  schema: string;
  table: string;
  ref_schema: string;
  ref_table: string;
  columns: string[];
  ref_columns: string[];
}

const JSON_TYPES = new Set(['json', 'jsonb']);

interface FunctionRow {
  schema: string;
  name: string;
  arg_names: string[] | null;
  arg_modes: string[] | null;
  in_types: string[];
  defaults: number;
  returns_set: boolean;
  returns_void: boolean;
  returns_composite: boolean;
  return_table: { schema: string; name: string } | null;
}

export async function loadSchema(client: pg.ClientBase, schemas: readonly string[]): Promise<SchemaSnapshot> {
  const functions = new Map<string, FunctionInfo[]>();
  const fnRows = (await client.query<FunctionRow>(FUNCTIONS_SQL, [schemas])).rows;
  for (const row of fnRows) {
    const names = row.arg_names ?? [];
    const modes = row.arg_modes ?? names.map(() => 'i');
    const inNames = names.filter((_, i) => ['i', 'b', 'v'].includes(modes[i] ?? 'i'));
    const args = row.in_types.map((type, i) => ({
      name: inNames[i] ?? '',
      type,
      hasDefault: i >= row.in_types.length - row.defaults,
    }));
    const unnamed = args.filter((a) => a.name === '');
    const singleUnnamedJson =
      args.length === 1 && unnamed.length === 1 && JSON_TYPES.has(args[0]?.type ?? '');
    // As PostgREST's schema cache: a function with unnamed arguments cannot be called by name, so it
    // is served only when that argument is its single json/jsonb one.
    if (unnamed.length > 0 && !singleUnnamedJson) continue;
    const info: FunctionInfo = {
      schema: row.schema,
      name: row.name,
      args,
      returnsSet: row.returns_set,
      shape: row.returns_void ? 'void' : row.returns_composite ? 'composite' : 'scalar',
      singleUnnamedJson,
      returnTable: row.return_table,
    };
    const k = key(row.schema, row.name);
    functions.set(k, [...(functions.get(k) ?? []), info]);
  }
  const tables = new Map<string, TableInfo>();
  for (const row of (await client.query<TableRow>(TABLES_SQL, [schemas])).rows) {
    tables.set(key(row.schema, row.name), {
      schema: row.schema,
      name: row.name,
      columns: new Map(row.columns.map((c) => [c.name, c])),
      primaryKey: row.has_pk ? (row.unique_keys[0] ?? []) : [],
      uniqueKeys: row.unique_keys,
    });
  }
  const foreignKeys = (await client.query<ForeignKeyRow>(FOREIGN_KEYS_SQL, [schemas])).rows.map((r) => ({
    name: r.name,
    schema: r.schema,
    table: r.table,
    columns: r.columns,
    refSchema: r.ref_schema,
    refTable: r.ref_table,
    refColumns: r.ref_columns,
  }));
  return { functions, tables, foreignKeys };
}

/**
 * PostgREST's findProc: the overloads whose named arguments match the given names exactly (every
 * required one given, the rest among those with defaults); failing those, a function taking one unnamed
 * json/jsonb argument (the whole body). An empty name never names an argument.
 */
export function findFunction(
  snapshot: SchemaSnapshot,
  schema: string,
  name: string,
  given: readonly string[],
  bodyCall: boolean,
): { named: FunctionInfo[]; unnamed: FunctionInfo[] } {
  const candidates = snapshot.functions.get(key(schema, name)) ?? [];
  const named = candidates.filter(
    (fn) =>
      !fn.singleUnnamedJson &&
      given.every((g) => g !== '' && fn.args.some((a) => a.name === g)) &&
      fn.args.every((a) => a.hasDefault || given.includes(a.name)),
  );
  const unnamed = bodyCall ? candidates.filter((fn) => fn.singleUnnamedJson) : [];
  return { named, unnamed };
}

export function findTable(snapshot: SchemaSnapshot, schema: string, name: string): TableInfo | undefined {
  return snapshot.tables.get(key(schema, name));
}

export interface SchemaCache {
  current(): SchemaSnapshot;
  reload(): Promise<void>;
  close(): Promise<void>;
}

/** Loads the cache and keeps a session LISTENing on `pgrst` for 'reload schema'. */
export async function createSchemaCache(opts: {
  pool: pg.Pool;
  listenConnectionString: string;
  schemas: readonly string[];
  log: (line: string) => void;
}): Promise<SchemaCache> {
  let snapshot = await withClient(opts.pool, (c) => loadSchema(c, opts.schemas));
  let closed = false;
  let listener: pg.Client | null = null;

  const reload = async (): Promise<void> => {
    snapshot = await withClient(opts.pool, (c) => loadSchema(c, opts.schemas));
  };

  const listen = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: opts.listenConnectionString });
    client.on('error', (error) => {
      if (closed) return;
      opts.log(`schema cache: listener lost (${error.message}); listening again in 1 s`);
      listener = null;
      setTimeout(() => void listen().catch(() => {}), 1000).unref();
    });
    client.on('notification', (note) => {
      if (note.channel !== 'pgrst') return;
      const payload = note.payload ?? '';
      if (payload === '' || payload === 'reload schema') {
        reload().catch((error: unknown) => opts.log(`schema cache: reload failed: ${String(error)}`));
      }
    });
    await client.connect();
    await client.query('listen pgrst');
    if (closed) await client.end();
    else listener = client;
  };
  await listen();

  return {
    current: () => snapshot,
    reload,
    async close() {
      closed = true;
      await listener?.end().catch(() => {});
    },
  };
}

async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}
