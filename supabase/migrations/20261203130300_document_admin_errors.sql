-- The admin RPCs' comments name the stable codes each can raise, in the form the generated RPC reference
-- (docs/api/reference.md) reads: `Errors: PTnnn code, ….` (or `Errors: none.`). Only service_role may call
-- them; anyone else gets PostgREST's permission error (42501), which is not a stable code of ours.

comment on function public.admin_overview() is
  'Operator figures (service_role only): players, devices and their distribution per player, hidden players, teams (sizes, goals). Errors: none.';
comment on function public.admin_daily_activity(integer) is
  'Operator figures per UTC day for the last `days` days (1..366, service_role only): active players, pushes accepted, pushes refused by code. Errors: PT400 invalid_payload.';
comment on function public.admin_find_player(text) is
  'Operator search (service_role only): players whose handle is or starts with the text (case-insensitive), at most 20. Errors: PT400 invalid_payload.';
comment on function public.admin_hide_player(uuid, boolean) is
  'Operator action (service_role only): hides a player from public boards (the player cannot show itself again) or lifts that hide. Errors: PT400 invalid_payload, PT404 player_not_found.';
comment on function public.admin_delete_player(uuid) is
  'Operator action (service_role only): erases a player exactly as delete_my_data does (rows, anonymous auth users, emptied teams). Errors: PT404 player_not_found.';
