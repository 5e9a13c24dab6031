// The parts of Supabase's Postgres image the migrations and the gateway rely on (supabase-wire.md,
// "Postgres bootstrap"), for the stack to start while the database package's own bootstrap is not
// there yet: API roles, auth.users/sessions/refresh_tokens with auth.uid()/role()/jwt(), pgcrypto in
// `extensions`, realtime.messages with realtime.send()/topic() and the NOTIFY trigger the realtime
// service listens to, and Supabase's default privileges in public. Applied once, in one transaction.

export function bootstrapSql(authenticatorPassword: string): string {
  const password = authenticatorPassword.replaceAll("'", "''");
  return `
create role anon nologin noinherit;
create role authenticated nologin noinherit;
create role service_role nologin noinherit bypassrls;
create role authenticator login noinherit password '${password}';
grant anon, authenticated, service_role to authenticator;

create schema extensions;
grant usage on schema extensions to anon, authenticated, service_role;
create extension pgcrypto with schema extensions;

grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;

create schema auth;
grant usage on schema auth to anon, authenticated, service_role;
create table auth.users (
  instance_id uuid, id uuid primary key, aud varchar(255), role varchar(255), email varchar(255),
  phone text, raw_app_meta_data jsonb, raw_user_meta_data jsonb, is_anonymous boolean not null default false,
  created_at timestamptz default now(), updated_at timestamptz default now(), last_sign_in_at timestamptz);
create table auth.sessions (
  id uuid primary key, user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz default now(), updated_at timestamptz default now(), refreshed_at timestamp,
  user_agent text, ip inet, not_after timestamptz);
create index sessions_user_id_idx on auth.sessions (user_id);
create table auth.refresh_tokens (
  instance_id uuid, id bigserial primary key, token varchar(255) unique, user_id varchar(255),
  revoked boolean, created_at timestamptz, updated_at timestamptz, parent varchar(255),
  session_id uuid references auth.sessions (id) on delete cascade);
create index refresh_tokens_session_id_revoked_idx on auth.refresh_tokens (session_id, revoked);
create function auth.uid() returns uuid language sql stable as $$
  select nullif(coalesce(current_setting('request.jwt.claim.sub', true),
    (current_setting('request.jwt.claims', true)::jsonb ->> 'sub')), '')::uuid $$;
create function auth.role() returns text language sql stable as $$
  select nullif(coalesce(current_setting('request.jwt.claim.role', true),
    (current_setting('request.jwt.claims', true)::jsonb ->> 'role')), '')::text $$;
create function auth.jwt() returns jsonb language sql stable as $$
  select coalesce(nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), ''))::jsonb $$;
grant execute on all functions in schema auth to anon, authenticated, service_role;
grant all on auth.users to service_role;

create schema realtime;
grant usage on schema realtime to anon, authenticated, service_role;
create table realtime.messages (
  topic text not null, extension text not null, payload jsonb, event text, private boolean default false,
  updated_at timestamp not null default now(), inserted_at timestamp not null default now(),
  id uuid not null default gen_random_uuid(), primary key (id, inserted_at));
alter table realtime.messages enable row level security;
grant select, insert, update on realtime.messages to anon, authenticated;
grant all on realtime.messages to service_role;
create function realtime.topic() returns text language sql stable as $$
  select nullif(current_setting('realtime.topic', true), '')::text $$;
create function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void language plpgsql as $$
begin
  begin
    execute format('set local realtime.topic to %L', topic);
    insert into realtime.messages (payload, event, topic, private, extension)
    values (payload, event, topic, private, 'broadcast');
  exception when others then
    raise warning 'ErrorSendingBroadcastMessage: %', sqlerrm;
  end;
end $$;
grant execute on all functions in schema realtime to anon, authenticated, service_role;
create function realtime.notify_broadcast() returns trigger language plpgsql security definer
set search_path = '' as $$
declare
  note jsonb := jsonb_build_object('id', new.id, 'topic', new.topic, 'event', new.event,
    'private', coalesce(new.private, false), 'payload', new.payload);
begin
  if octet_length(note::text) > 7900 then
    note := (note - 'payload') || jsonb_build_object('truncated', true);
  end if;
  perform pg_notify('devstack_realtime', note::text);
  return null;
end $$;
create trigger notify_broadcast after insert on realtime.messages
  for each row when (new.extension = 'broadcast') execute function realtime.notify_broadcast();
create publication supabase_realtime;
`;
}
