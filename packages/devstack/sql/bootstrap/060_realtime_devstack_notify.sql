-- DEVSTACK ONLY — not part of Supabase. Supabase Realtime reads new realtime.messages rows from the WAL;
-- the devstack's realtime server LISTENs on channel `devstack_realtime` instead. Each inserted broadcast
-- row is announced after commit (NOTIFY is transactional, in commit order) as
--   {"id", "topic", "event", "private", "payload"}
-- or, when that text would exceed 7,900 bytes (NOTIFY's limit is 8,000), as
--   {"id", "topic", "event", "private", "truncated": true}
-- and the server reads the payload back from the row by id. Do not change the channel or the shape
-- without the realtime server.
create or replace function realtime.devstack_notify_message() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  note text := pg_catalog.jsonb_build_object(
    'id', new.id, 'topic', new.topic, 'event', new.event, 'private', coalesce(new.private, false),
    'payload', new.payload
  )::text;
begin
  if pg_catalog.octet_length(note) > 7900 then
    note := pg_catalog.jsonb_build_object(
      'id', new.id, 'topic', new.topic, 'event', new.event, 'private', coalesce(new.private, false),
      'truncated', true
    )::text;
  end if;
  perform pg_catalog.pg_notify('devstack_realtime', note);
  return null;
end;
$$;
comment on function realtime.devstack_notify_message() is
  'Devstack only: announces each broadcast row on NOTIFY channel devstack_realtime for the local realtime server.';
revoke execute on function realtime.devstack_notify_message() from public;

create or replace trigger devstack_notify_message
  after insert on realtime.messages
  for each row when (new.extension = 'broadcast')
  execute function realtime.devstack_notify_message();
