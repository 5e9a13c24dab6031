-- Supabase installs extensions into their own schema so they stay out of the API (`public`).
-- pgcrypto is the only one our migrations use (gen_random_bytes); add others here when they need them.
create schema if not exists extensions;
grant usage on schema extensions to anon, authenticated, service_role;
create extension if not exists pgcrypto with schema extensions;
