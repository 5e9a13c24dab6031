-- A versioned API: the server says which API it speaks and the oldest client it still serves, and device calls
-- from an older client are refused with the stable code client_outdated (HTTP 426 Upgrade Required).
--
-- Clients name themselves in the `x-client-info` header, which supabase-js sends on every request anyway and
-- which both hosted Supabase and the local gateway allow through CORS and copy into `request.headers`:
-- packages/sync sends `breath-master-sync/<semver>`. A request without that token (a third-party script, or a
-- build older than this migration, which sent only supabase-js's own value) is served as before: the header
-- is not a credential (anyone can write it), so refusing its absence would protect nothing and would lock out
-- exactly the builds that cannot show an "update" message. The floor is for our own clients, which do.

-- The API version and the floor, in one place. Raising min_client_version is a release decision, made by a
-- migration that replaces this function.
create function public.api_version()
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select jsonb_build_object('api_version', '1.0.0', 'min_client_version', '0.1.0');
$$;
comment on function public.api_version() is
  'The API version and the oldest sync client version the server serves: { api_version, min_client_version }. Errors: none.';
grant execute on function public.api_version() to anon, authenticated, service_role;

-- A semver's major.minor.patch as an array that compares in version order (pre-release and build ignored);
-- null when the text is not a version.
create function private.version_parts(version text)
returns integer[]
language sql
immutable
security invoker
set search_path = ''
as $$
  select array[m[1]::integer, m[2]::integer, m[3]::integer]
  from regexp_match(version, '^(\d{1,6})\.(\d{1,6})\.(\d{1,6})') m;
$$;
comment on function private.version_parts(text) is
  'major.minor.patch of a semver as integer[] (null when not a version), so versions compare as arrays.';
grant execute on function private.version_parts(text) to authenticated, service_role;

-- The Breath Master client version this request names in x-client-info (`breath-master-sync/<semver>`), or
-- null when it names none.
create function private.request_client_version()
returns text
language sql
stable
security invoker
set search_path = ''
as $$
  select (regexp_match(
    coalesce(nullif(current_setting('request.headers', true), ''), '{}')::jsonb ->> 'x-client-info',
    'breath-master-sync/(\d+\.\d+\.\d+[0-9A-Za-z.+-]*)'
  ))[1];
$$;
comment on function private.request_client_version() is
  'The client version named in the request''s x-client-info header (breath-master-sync/<semver>), else null.';
grant execute on function private.request_client_version() to authenticated, service_role;

-- Raises client_outdated when the request names a client older than min_client_version.
create function private.require_current_client()
returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  client text := private.request_client_version();
  floor text := public.api_version() ->> 'min_client_version';
begin
  if client is not null and private.version_parts(client) < private.version_parts(floor) then
    raise exception using errcode = 'PT426', message = 'client_outdated',
      detail = format('This Breath Master client (%s) is older than the oldest the server serves (%s): update it.',
        client, floor),
      hint = floor;
  end if;
end;
$$;
comment on function private.require_current_client() is
  'Raises client_outdated (PT426) when x-client-info names a Breath Master client older than min_client_version.';
grant execute on function private.require_current_client() to authenticated, service_role;

-- Every device RPC starts from require_device() (directly or through require_player()), so the check placed
-- here covers them all, and any later device RPC built the same way, without repeating it in each body.
create or replace function private.require_device()
returns uuid
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
begin
  perform private.require_current_client();
  if uid is null then
    raise exception using errcode = 'PT401', message = 'not_authenticated',
      detail = 'Sign in (anonymously) first: this call needs a device.';
  end if;
  return uid;
end;
$$;
comment on function private.require_device() is
  'auth.uid() of the calling device; raises client_outdated for a client below the floor, not_authenticated when absent.';
