-- Lay the ground rules every later migration relies on.
--
-- 1. A `private` schema for internals (helpers, trigger functions, bookkeeping tables). PostgREST exposes
--    only `public`, so nothing in `private` can be called or read over the API.
-- 2. No function is executable by default. PostgreSQL grants EXECUTE to PUBLIC on every new function and
--    Supabase adds anon/authenticated/service_role; we revoke that once here and grant each function to the
--    roles that need it right under its definition, so access is visible where the function is defined.
-- 3. The same for tables and sequences in `public`: clients get exactly the privileges granted next to each
--    table (reads through RLS); every write goes through a validating RPC.
-- 4. pgcrypto (in `extensions`, where Supabase keeps it) supplies unguessable pairing and team codes.

create schema if not exists private;
comment on schema private is
  'Internals of Breath Master: helpers, trigger functions and bookkeeping tables. Never exposed over the API.';

revoke all on schema private from public;
-- Policies call private.my_player_id(), so the API roles may look up names in this schema. They still need an
-- explicit EXECUTE or SELECT grant for each object, and only one helper receives one.
grant usage on schema private to anon, authenticated, service_role;

alter default privileges revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from anon, authenticated, service_role;
alter default privileges in schema private revoke execute on functions from anon, authenticated, service_role;
alter default privileges in schema public revoke all on tables from anon, authenticated;
alter default privileges in schema public revoke all on sequences from anon, authenticated;

create extension if not exists pgcrypto with schema extensions;
