-- Where the Supabase CLI records applied migrations (and, since CLI v2, seed files by content hash).
-- The devstack's migration runner uses the same tables, so a database stays compatible with
-- `supabase migration list` and friends.
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text not null primary key,
  statements text[],
  name text
);
create table if not exists supabase_migrations.seed_files (
  path text not null primary key,
  hash text not null
);
