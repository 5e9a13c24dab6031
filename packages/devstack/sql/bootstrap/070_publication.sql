-- The publication Supabase Realtime's postgres_changes reads; migrations may add tables to it.
do $$
begin
  if not exists (select 1 from pg_catalog.pg_publication p where p.pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end $$;
