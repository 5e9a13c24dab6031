-- Generated handles ("Calm Otter 4821").
--
-- Players never type a name: the server picks an adjective, an animal and a four-digit number. The words live
-- in a private table so they can be extended without touching code; 48 x 48 x 9000 combinations (about 20
-- million) keep collisions rare, and players.handle is unique so a collision simply draws again.
-- random() is enough here: a handle is a public label, not a secret (pairing codes use pgcrypto instead), and
-- it lets seed.sql produce the same handles on every run after setseed().

create table private.handle_words (
  kind text not null,
  word text not null,
  primary key (kind, word),
  constraint handle_words_kind check (kind in ('adjective', 'animal')),
  constraint handle_words_word check (word ~ '^[A-Z][a-z]{2,11}$')
);
comment on table private.handle_words is 'Word lists for generated handles: adjectives and animals, capitalised.';
alter table private.handle_words enable row level security;

insert into private.handle_words (kind, word)
select 'adjective', w from unnest(array[
  'Calm', 'Steady', 'Gentle', 'Quiet', 'Mellow', 'Serene', 'Patient', 'Easy', 'Soft', 'Still', 'Bright', 'Kind',
  'Brave', 'Clever', 'Curious', 'Focused', 'Nimble', 'Lucid', 'Placid', 'Tranquil', 'Balanced', 'Grounded',
  'Restful', 'Sunny', 'Cosy', 'Breezy', 'Peaceful', 'Relaxed', 'Smooth', 'Warm', 'Wise', 'Zen', 'Cheerful',
  'Humble', 'Jolly', 'Mindful', 'Polite', 'Rested', 'Sincere', 'Tender', 'Vivid', 'Witty', 'Airy', 'Deep',
  'Even', 'Fresh', 'Lively', 'Merry'
]) as w;

insert into private.handle_words (kind, word)
select 'animal', w from unnest(array[
  'Otter', 'Panda', 'Heron', 'Turtle', 'Koala', 'Owl', 'Fox', 'Lynx', 'Whale', 'Dolphin', 'Seal', 'Swan',
  'Crane', 'Sloth', 'Badger', 'Beaver', 'Bison', 'Camel', 'Deer', 'Eagle', 'Falcon', 'Gecko', 'Hare', 'Ibis',
  'Jaguar', 'Kiwi', 'Lemur', 'Manatee', 'Narwhal', 'Ocelot', 'Pelican', 'Puffin', 'Quokka', 'Raven', 'Salmon',
  'Tapir', 'Walrus', 'Yak', 'Zebra', 'Alpaca', 'Bear', 'Capybara', 'Dove', 'Finch', 'Goose', 'Hedgehog',
  'Marmot', 'Wombat'
]) as w;

create function private.random_handle()
returns text
language sql
volatile
security invoker
set search_path = ''
as $$
  select a.word || ' ' || b.word || ' ' || (1000 + floor(random() * 9000))::int::text
  from (select w.word from private.handle_words w where w.kind = 'adjective' order by random() limit 1) a,
       (select w.word from private.handle_words w where w.kind = 'animal' order by random() limit 1) b;
$$;
comment on function private.random_handle() is
  'One random handle such as "Calm Otter 4821". May collide with an existing handle: see private.create_player().';

create function private.create_player()
returns uuid
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  new_id uuid;
begin
  -- A collision is rare (about 1 in 20 million per existing player), so a few draws always suffice.
  for attempt in 1..20 loop
    insert into public.players (handle)
    values (private.random_handle())
    on conflict on constraint players_handle_key do nothing
    returning id into new_id;
    if new_id is not null then
      return new_id;
    end if;
  end loop;
  raise exception using errcode = 'PT500', message = 'handle_exhausted',
    detail = 'Could not draw an unused handle; try again.';
end;
$$;
comment on function private.create_player() is
  'Creates a player with a fresh unique handle and returns its id.';

create function private.assign_new_handle(target_player uuid)
returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
  for attempt in 1..20 loop
    begin
      update public.players set handle = private.random_handle() where id = target_player;
      return;
    exception when unique_violation then
      -- Drew a handle someone already has: draw again.
      null;
    end;
  end loop;
  raise exception using errcode = 'PT500', message = 'handle_exhausted',
    detail = 'Could not draw an unused handle; try again.';
end;
$$;
comment on function private.assign_new_handle(uuid) is 'Gives a player a new unique random handle.';
