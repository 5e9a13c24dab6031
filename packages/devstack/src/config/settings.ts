import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_SERVICE_ROLE_KEY } from '../keys.ts';
import {
  DEFAULT_REALTIME_PLAN,
  REALTIME_PLANS,
  type RealtimeLimits,
  type RealtimePlan,
} from '../realtime/limits.ts';

// The local stack's settings, as supabase/config.toml (and the devstack-only supabase/devstack.toml)
// give them. Defaults are the Supabase CLI's own (its config template), so a key left out means the same
// to `supabase start` and to the devstack.

export interface LocalSettings {
  api: {
    /** `[api] port`: the gateway's port. */
    port: number;
    /** `[api] max_rows`: PostgREST's db-max-rows. */
    maxRows: number;
    /** `[api] schemas`: what /rest/v1 serves, the first by default. */
    schemas: string[];
  };
  db: {
    /** `[db] port`: the embedded PostgreSQL's port. */
    port: number;
  };
  auth: {
    /** `[auth] jwt_expiry`, seconds. */
    jwtExpirySeconds: number;
    /** `[auth] refresh_token_reuse_interval`, seconds. */
    refreshTokenReuseIntervalSeconds: number;
    /** `[auth] enable_signup`. */
    enableSignup: boolean;
    /** `[auth] enable_anonymous_sign_ins`. */
    enableAnonymousSignIns: boolean;
    /** `[auth.rate_limit] anonymous_users`: anonymous sign-ins per hour per IP address. */
    anonymousUsersPerHour: number;
    /** `[auth.email] enable_signup`. */
    emailSignup: boolean;
    /** `[auth] jwt_secret`, or the CLI's local secret. */
    jwtSecret: string;
    /** `[auth] anon_key`, or one signed with the secret as the CLI does. */
    anonKey: string;
    /** `[auth] service_role_key`, likewise. */
    serviceRoleKey: string;
  };
  realtime: {
    /** The Supabase plan whose quotas apply, or 'custom' when devstack.toml overrides a figure. */
    plan: RealtimePlan | 'custom';
    limits: RealtimeLimits;
  };
  /** Where the settings came from. */
  files: { config: string | null; devstack: string | null };
}

/** What the Supabase CLI assumes when config.toml leaves a key out. */
export function defaultSettings(): LocalSettings {
  return {
    api: { port: 54321, maxRows: 1000, schemas: ['public', 'graphql_public'] },
    db: { port: 54322 },
    auth: {
      jwtExpirySeconds: 3600,
      refreshTokenReuseIntervalSeconds: 10,
      enableSignup: true,
      enableAnonymousSignIns: false,
      anonymousUsersPerHour: 30,
      emailSignup: true,
      jwtSecret: LOCAL_JWT_SECRET,
      anonKey: LOCAL_ANON_KEY,
      serviceRoleKey: LOCAL_SERVICE_ROLE_KEY,
    },
    realtime: { plan: DEFAULT_REALTIME_PLAN, limits: { ...REALTIME_PLANS[DEFAULT_REALTIME_PLAN] } },
    files: { config: null, devstack: null },
  };
}
