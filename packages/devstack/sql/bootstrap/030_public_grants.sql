-- Supabase's image lets the API roles use `public` and grants them everything created there later by
-- the migrating role; what a client may actually do is then decided by RLS and explicit revokes in the
-- migrations. Default privileges belong to the role running this file (the one that runs migrations).
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
