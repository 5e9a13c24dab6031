export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  public: {
    Tables: {
      daily_progress: {
        Row: {
          cycles: number
          day: string
          device_id: string
          player_id: string
          seconds: number
          updated_at: string
          xp: number
        }
        Insert: {
          cycles?: number
          day: string
          device_id: string
          player_id: string
          seconds?: number
          updated_at?: string
          xp?: number
        }
        Update: {
          cycles?: number
          day?: string
          device_id?: string
          player_id?: string
          seconds?: number
          updated_at?: string
          xp?: number
        }
        Relationships: [
          {
            foreignKeyName: "daily_progress_device_id_fkey"
            columns: ["device_id"]
            isOneToOne: false
            referencedRelation: "player_devices"
            referencedColumns: ["user_id"]
          },
          {
            foreignKeyName: "daily_progress_player_id_fkey"
            columns: ["player_id"]
            isOneToOne: false
            referencedRelation: "players"
            referencedColumns: ["id"]
          },
        ]
      }
      pairing_codes: {
        Row: {
          code: string
          created_at: string
          expires_at: string
          player_id: string
        }
        Insert: {
          code: string
          created_at?: string
          expires_at?: string
          player_id: string
        }
        Update: {
          code?: string
          created_at?: string
          expires_at?: string
          player_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "pairing_codes_player_id_fkey"
            columns: ["player_id"]
            isOneToOne: false
            referencedRelation: "players"
            referencedColumns: ["id"]
          },
        ]
      }
      player_devices: {
        Row: {
          created_at: string
          kind: string
          last_sync_at: string | null
          player_id: string
          user_id: string
        }
        Insert: {
          created_at?: string
          kind?: string
          last_sync_at?: string | null
          player_id: string
          user_id: string
        }
        Update: {
          created_at?: string
          kind?: string
          last_sync_at?: string | null
          player_id?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "player_devices_player_id_fkey"
            columns: ["player_id"]
            isOneToOne: false
            referencedRelation: "players"
            referencedColumns: ["id"]
          },
        ]
      }
      player_stats: {
        Row: {
          active_days: number
          as_of_day: string
          current_streak: number
          device_count: number
          handle: string
          last_active_day: string | null
          level: number
          longest_streak: number
          player_id: string
          show_on_leaderboard: boolean
          total_cycles: number
          total_seconds: number
          total_xp: number
          updated_at: string
          week_start: string
          weekly_xp: number
        }
        Insert: {
          active_days?: number
          as_of_day: string
          current_streak?: number
          device_count?: number
          handle: string
          last_active_day?: string | null
          level?: number
          longest_streak?: number
          player_id: string
          show_on_leaderboard: boolean
          total_cycles?: number
          total_seconds?: number
          total_xp?: number
          updated_at?: string
          week_start: string
          weekly_xp?: number
        }
        Update: {
          active_days?: number
          as_of_day?: string
          current_streak?: number
          device_count?: number
          handle?: string
          last_active_day?: string | null
          level?: number
          longest_streak?: number
          player_id?: string
          show_on_leaderboard?: boolean
          total_cycles?: number
          total_seconds?: number
          total_xp?: number
          updated_at?: string
          week_start?: string
          weekly_xp?: number
        }
        Relationships: [
          {
            foreignKeyName: "player_stats_player_id_fkey"
            columns: ["player_id"]
            isOneToOne: true
            referencedRelation: "players"
            referencedColumns: ["id"]
          },
        ]
      }
      players: {
        Row: {
          created_at: string
          handle: string
          id: string
          show_on_leaderboard: boolean
        }
        Insert: {
          created_at?: string
          handle: string
          id?: string
          show_on_leaderboard?: boolean
        }
        Update: {
          created_at?: string
          handle?: string
          id?: string
          show_on_leaderboard?: boolean
        }
        Relationships: []
      }
      team_goals: {
        Row: {
          ends_on: string
          metric: string
          progress: number
          reached_on: string | null
          set_by: string | null
          starts_on: string
          target: number
          team_id: string
          updated_at: string
        }
        Insert: {
          ends_on: string
          metric: string
          progress?: number
          reached_on?: string | null
          set_by?: string | null
          starts_on: string
          target: number
          team_id: string
          updated_at?: string
        }
        Update: {
          ends_on?: string
          metric?: string
          progress?: number
          reached_on?: string | null
          set_by?: string | null
          starts_on?: string
          target?: number
          team_id?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "team_goals_set_by_fkey"
            columns: ["set_by"]
            isOneToOne: false
            referencedRelation: "players"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "team_goals_team_id_fkey"
            columns: ["team_id"]
            isOneToOne: true
            referencedRelation: "teams"
            referencedColumns: ["id"]
          },
        ]
      }
      team_members: {
        Row: {
          joined_at: string
          player_id: string
          team_id: string
        }
        Insert: {
          joined_at?: string
          player_id: string
          team_id: string
        }
        Update: {
          joined_at?: string
          player_id?: string
          team_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "team_members_player_id_fkey"
            columns: ["player_id"]
            isOneToOne: false
            referencedRelation: "players"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "team_members_team_id_fkey"
            columns: ["team_id"]
            isOneToOne: false
            referencedRelation: "teams"
            referencedColumns: ["id"]
          },
        ]
      }
      teams: {
        Row: {
          created_at: string
          created_by: string | null
          id: string
          join_code: string
          name: string
        }
        Insert: {
          created_at?: string
          created_by?: string | null
          id?: string
          join_code: string
          name: string
        }
        Update: {
          created_at?: string
          created_by?: string | null
          id?: string
          join_code?: string
          name?: string
        }
        Relationships: [
          {
            foreignKeyName: "teams_created_by_fkey"
            columns: ["created_by"]
            isOneToOne: false
            referencedRelation: "players"
            referencedColumns: ["id"]
          },
        ]
      }
    }
    Views: {
      [_ in never]: never
    }
    Functions: {
      admin_daily_activity: { Args: { days?: number }; Returns: Json }
      admin_delete_player: { Args: { player_id: string }; Returns: Json }
      admin_find_player: { Args: { handle: string }; Returns: Json }
      admin_hide_player: {
        Args: { hidden: boolean; player_id: string }
        Returns: Json
      }
      admin_overview: { Args: never; Returns: Json }
      api_version: { Args: never; Returns: Json }
      create_pairing_code: { Args: never; Returns: Json }
      create_team: { Args: { name: string }; Returns: Json }
      delete_my_data: { Args: never; Returns: undefined }
      export_my_data: { Args: never; Returns: Json }
      get_global_stats: { Args: never; Returns: Json }
      get_leaderboard: {
        Args: { row_limit?: number; scope?: string; team_id?: string }
        Returns: {
          current_streak: number
          handle: string
          is_me: boolean
          level: number
          player_id: string
          rank: number
          total_xp: number
          weekly_xp: number
        }[]
      }
      get_live_board: { Args: never; Returns: Json }
      get_my_progress: { Args: { days?: number }; Returns: Json }
      get_my_rank: { Args: { scope?: string; team_id?: string }; Returns: Json }
      get_my_teams: {
        Args: never
        Returns: {
          id: string
          join_code: string
          member_count: number
          name: string
        }[]
      }
      get_team: { Args: { team_id: string }; Returns: Json }
      join_team: { Args: { code: string }; Returns: Json }
      leave_team: { Args: { team_id: string }; Returns: undefined }
      redeem_pairing_code: {
        Args: { code: string; device_kind?: string }
        Returns: Json
      }
      regenerate_handle: { Args: never; Returns: Json }
      set_breathing: { Args: { active: boolean }; Returns: undefined }
      set_leaderboard_visibility: { Args: { visible: boolean }; Returns: Json }
      set_team_goal: {
        Args: {
          ends_on: string
          metric: string
          target: number
          team_id: string
        }
        Returns: Json
      }
      sync_progress: {
        Args: { days: Json; device_kind?: string; today: string }
        Returns: Json
      }
    }
    Enums: {
      [_ in never]: never
    }
    CompositeTypes: {
      [_ in never]: never
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    keyof DefaultSchema["Tables"] | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    keyof DefaultSchema["Tables"] | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    keyof DefaultSchema["Enums"] | { schema: keyof DatabaseWithoutInternals },
  EnumName extends (DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never) = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends (PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never) = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never

export const Constants = {
  public: {
    Enums: {},
  },
} as const
