import pg from 'pg';

// What PostgREST keeps in its schema cache, reduced to what the gateway serves: the functions (name,
// input arguments, how their result is shaped) and the tables and views of the exposed schemas.
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
}

export interface SchemaSnapshot {
  functions: Map<string, FunctionInfo[]>;
  tables: Set<string>;
}

const key = (schema: string, name: string): string => `${schema}.${name}`;

const FUNCTIONS_SQL = `
select n.nspname as schema, p.proname as name, p.proargnames as arg_names, p.proargmodes::text[] as arg_modes,
       array(select format_type(t, null) from unnest(p.proargtypes) as t) as in_types,
       p.pronargdefaults as defaults, p.proretset as returns_set,
       p.prorettype = 'void'::regtype as returns_void,
       (t.typtype = 'c' or p.prorettype = 'record'::regtype) as returns_composite
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  join pg_type t on t.oid = p.prorettype
 where n.nspname = any($1) and p.prokind = 'f'`;

const TABLES_SQL = `
select n.nspname as schema, c.relname as name
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = any($1) and c.relkind in ('r', 'v', 'm', 'f', 'p')`;

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
    const info: FunctionInfo = {
      schema: row.schema,
      name: row.name,
      args,
      returnsSet: row.returns_set,
      shape: row.returns_void ? 'void' : row.returns_composite ? 'composite' : 'scalar',
    };
    const k = key(row.schema, row.name);
    functions.set(k, [...(functions.get(k) ?? []), info]);
  }
  const tables = new Set(
    (await client.query<{ schema: string; name: string }>(TABLES_SQL, [schemas])).rows.map((r) =>
      key(r.schema, r.name),
    ),
  );
  return { functions, tables };
}

/** PostgREST's overload choice: every given name is an argument, every argument without a default is given. */
export function findFunction(
  snapshot: SchemaSnapshot,
  schema: string,
  name: string,
  given: readonly string[],
): FunctionInfo[] {
  const candidates = snapshot.functions.get(key(schema, name)) ?? [];
  return candidates.filter(
    (fn) =>
      given.every((g) => fn.args.some((a) => a.name === g)) &&
      fn.args.every((a) => a.hasDefault || given.includes(a.name)),
  );
}

export function hasTable(snapshot: SchemaSnapshot, schema: string, name: string): boolean {
  return snapshot.tables.has(key(schema, name));
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
