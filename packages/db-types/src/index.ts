// The database's types for supabase-js: `createClient<Database>(url, key)`. Generated from
// supabase/migrations by postgres-meta; refresh with `npm run gen:types -w @breath-master/db-types`.
export type {
  CompositeTypes,
  Database,
  Enums,
  Json,
  Tables,
  TablesInsert,
  TablesUpdate,
} from './database.ts';
