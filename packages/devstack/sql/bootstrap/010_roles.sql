-- The API roles of Supabase's Postgres image. PostgREST logs in as `authenticator` and switches to the
-- role named in the request's JWT (`set local role`), so `authenticator` must not inherit their rights.
-- Roles belong to the cluster, not a database: each is created only when missing, so this file can run
-- once per database of a cluster (test templates, DATABASE_URL servers). The authenticator's password is
-- set by the bootstrap runner after these files.
do $$
declare
  wanted constant text[][] := array[
    ['anon', 'nologin noinherit'],
    ['authenticated', 'nologin noinherit'],
    ['service_role', 'nologin noinherit bypassrls'],
    ['authenticator', 'login noinherit']
  ];
  i int;
begin
  for i in 1 .. array_length(wanted, 1) loop
    if not exists (select 1 from pg_catalog.pg_roles r where r.rolname = wanted[i][1]) then
      begin
        execute format('create role %I %s', wanted[i][1], wanted[i][2]);
      exception when duplicate_object then
        -- Another database of this cluster bootstrapped at the same moment: the role exists, as wanted.
        null;
      end;
    end if;
  end loop;
end $$;

grant anon, authenticated, service_role to authenticator;
