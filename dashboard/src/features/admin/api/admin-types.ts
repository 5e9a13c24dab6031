// The answers of the admin RPCs (supabase/migrations/20261203130200_create_admin_functions.sql).

export interface AdminOverview {
  readonly as_of: string;
  readonly players: number;
  readonly devices: number;
  readonly on_public_boards: number;
  readonly hidden_by_player: number;
  readonly hidden_by_operator: number;
  readonly devices_per_player: readonly { readonly devices: number; readonly players: number }[];
  readonly teams: {
    readonly count: number;
    readonly members: number;
    readonly sizes: readonly { readonly members: number; readonly teams: number }[];
    readonly goals: {
      readonly active: number;
      readonly reached: number;
      readonly missed: number;
      readonly minutes: number;
      readonly cycles: number;
    };
  };
}

export interface AdminDay {
  readonly day: string;
  readonly active_players: number;
  readonly accepted: number;
  /** Refused pushes by stable code (only codes that refused something that day). */
  readonly refused: Readonly<Record<string, number>>;
}

export interface AdminPlayer {
  readonly player_id: string;
  readonly handle: string;
  readonly show_on_leaderboard: boolean;
  readonly hidden_by_operator: boolean;
  readonly total_xp: number;
  readonly level: number;
  readonly device_count: number;
  readonly created_on: string;
}

export interface DeletedPlayer {
  readonly player_id: string;
  readonly handle: string;
  readonly devices_removed: number;
}
