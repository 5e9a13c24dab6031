-- An outdated client can still take or erase its data.
--
-- client_outdated (20261203135000_version_the_api.sql) refuses every device call from a client below the floor,
-- which included export_my_data and delete_my_data: a person whose editor had not updated could neither take
-- their data nor erase it. Those two rights are never withheld, whatever the client's version. The check sits in
-- require_device(), which both calls share with every other device RPC, so it is told which RPC is running by
-- the request path PostgREST sets (`/rpc/<name>`; the local gateway prefixes `/rest/v1`, hence the suffix match).

create or replace function private.require_current_client()
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
  if client is null or private.version_parts(client) >= private.version_parts(floor) then
    return;
  end if;
  if coalesce(current_setting('request.path', true), '') ~ '/rpc/(export_my_data|delete_my_data)$' then
    return;
  end if;
  raise exception using errcode = 'PT426', message = 'client_outdated',
    detail = format('This Breath Master client (%s) is older than the oldest the server serves (%s): update it.',
      client, floor),
    hint = floor;
end;
$$;
comment on function private.require_current_client() is
  'Raises client_outdated (PT426) when x-client-info names a Breath Master client older than min_client_version, except for export_my_data and delete_my_data.';

comment on function public.export_my_data() is
  'Everything the server holds about the caller''s player (player, stats, devices, daily counters, codes, teams) as JSON; served to outdated clients too. Errors: PT401 not_authenticated, PT404 not_registered.';
comment on function public.delete_my_data() is
  'Erases the caller''s player, all its rows and the anonymous auth users of all its devices; served to outdated clients too. Errors: PT401 not_authenticated.';
