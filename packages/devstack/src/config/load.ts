import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { signJwt } from '../gateway/jwt.ts';
import { LOCAL_JWT_SECRET } from '../keys.ts';
import { isRealtimePlan, REALTIME_PLANS, type RealtimeLimits } from '../realtime/limits.ts';
import { defaultSettings, type LocalSettings } from './settings.ts';

// Reads the local stack's settings from supabase/config.toml (the Supabase CLI's file: only the keys the
// devstack uses are read, the CLI validates the rest) and supabase/devstack.toml (devstack-only keys,
// all checked). A bad value throws a ConfigError naming the file and the key.

export type ConfigErrorCode = 'config_unreadable' | 'config_invalid';

export class ConfigError extends Error {
  readonly code: ConfigErrorCode;

  constructor(code: ConfigErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
    this.code = code;
  }
}

export interface LoadSettingsOptions {
  /** The folder holding config.toml and devstack.toml: `<repo>/supabase`. */
  supabaseDir: string;
  /** For `env(NAME)` values, as the CLI resolves them. Default process.env. */
  env?: Record<string, string | undefined>;
}

// The claims of the CLI's local keys; `exp` is kept because Realtime refuses tokens without it.
const LOCAL_KEY_EXPIRY = 1983812996;

const REALTIME_KEYS: Record<string, keyof RealtimeLimits> = {
  max_concurrent_users: 'maxConcurrentUsers',
  max_events_per_second: 'maxEventsPerSecond',
  max_joins_per_second: 'maxJoinsPerSecond',
  max_channels_per_client: 'maxChannelsPerClient',
  max_presence_events_per_second: 'maxPresenceEventsPerSecond',
};

export function loadLocalSettings(options: LoadSettingsOptions): LocalSettings {
  const env = options.env ?? process.env;
  const settings = defaultSettings();
  const configPath = join(options.supabaseDir, 'config.toml');
  if (existsSync(configPath)) {
    applyConfigToml(settings, new TomlFile(configPath, readToml(configPath), env));
    settings.files.config = configPath;
  }
  const devstackPath = join(options.supabaseDir, 'devstack.toml');
  if (existsSync(devstackPath)) {
    applyDevstackToml(settings, new TomlFile(devstackPath, readToml(devstackPath), env));
    settings.files.devstack = devstackPath;
  }
  return settings;
}

function readToml(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('config_unreadable', `cannot read ${path}: ${String(error)}`, { cause: error });
  }
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(
      'config_invalid',
      `${path} is not valid TOML: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

function applyConfigToml(settings: LocalSettings, file: TomlFile): void {
  const { api, db, auth } = settings;
  api.port = file.port('api.port') ?? api.port;
  api.maxRows = file.count('api.max_rows') ?? api.maxRows;
  api.schemas = file.strings('api.schemas') ?? api.schemas;
  db.port = file.port('db.port') ?? db.port;
  auth.jwtExpirySeconds = file.count('auth.jwt_expiry') ?? auth.jwtExpirySeconds;
  auth.refreshTokenReuseIntervalSeconds =
    file.count('auth.refresh_token_reuse_interval', { zero: true }) ?? auth.refreshTokenReuseIntervalSeconds;
  auth.enableSignup = file.boolean('auth.enable_signup') ?? auth.enableSignup;
  auth.enableAnonymousSignIns = file.boolean('auth.enable_anonymous_sign_ins') ?? auth.enableAnonymousSignIns;
  auth.anonymousUsersPerHour =
    file.count('auth.rate_limit.anonymous_users', { zero: true }) ?? auth.anonymousUsersPerHour;
  auth.emailSignup = file.boolean('auth.email.enable_signup') ?? auth.emailSignup;
  const secret = file.secret('auth.jwt_secret');
  if (secret !== undefined) {
    // The CLI's own rule.
    if (secret.length < 16) file.fail('auth.jwt_secret', 'must be at least 16 characters');
    auth.jwtSecret = secret;
  }
  // As the CLI: keys not given are signed with the secret (the default keys when it is the default).
  const sign = (role: string) =>
    signJwt({ iss: 'supabase-demo', role, exp: LOCAL_KEY_EXPIRY }, auth.jwtSecret);
  const custom = auth.jwtSecret !== LOCAL_JWT_SECRET;
  auth.anonKey = file.secret('auth.anon_key') ?? (custom ? sign('anon') : auth.anonKey);
  auth.serviceRoleKey =
    file.secret('auth.service_role_key') ?? (custom ? sign('service_role') : auth.serviceRoleKey);
}

function applyDevstackToml(settings: LocalSettings, file: TomlFile): void {
  file.onlyKeys('', ['realtime']);
  file.onlyKeys('realtime', ['plan', ...Object.keys(REALTIME_KEYS)]);
  const plan = file.value('realtime.plan');
  if (plan !== undefined) {
    if (!isRealtimePlan(plan))
      file.fail('realtime.plan', `must be one of ${Object.keys(REALTIME_PLANS).join(', ')}`, plan);
    settings.realtime = { plan, limits: { ...REALTIME_PLANS[plan] } };
  }
  for (const [key, field] of Object.entries(REALTIME_KEYS)) {
    const value = file.count(`realtime.${key}`);
    if (value === undefined) continue;
    settings.realtime.limits[field] = value;
    settings.realtime.plan = 'custom';
  }
}

/** Typed reads of dotted keys, each failure naming the file and the key. */
class TomlFile {
  constructor(
    readonly path: string,
    private readonly root: Record<string, unknown>,
    private readonly env: Record<string, string | undefined>,
  ) {}

  value(key: string): unknown {
    let node: unknown = this.root;
    for (const part of key.split('.')) {
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
      node = (node as Record<string, unknown>)[part];
    }
    return node;
  }

  fail(key: string, expectation: string, value?: unknown): never {
    const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
    throw new ConfigError('config_invalid', `${this.path}: ${key} ${expectation}${shown}`);
  }

  /** Unknown keys in a table are refused: a typo must not silently fall back to a default. */
  onlyKeys(table: string, allowed: string[]): void {
    const node = table === '' ? this.root : this.value(table);
    if (node === undefined) return;
    if (typeof node !== 'object' || node === null || Array.isArray(node)) this.fail(table, 'must be a table');
    for (const key of Object.keys(node)) {
      if (!allowed.includes(key)) {
        this.fail(
          table === '' ? key : `${table}.${key}`,
          `is not a known key (known: ${allowed.join(', ')})`,
        );
      }
    }
  }

  port(key: string): number | undefined {
    const value = this.value(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'bigint' && typeof value !== 'number')
      this.fail(key, 'must be a port number', value);
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 65535) this.fail(key, 'must be a port number (1-65535)', n);
    return n;
  }

  count(key: string, opts: { zero?: boolean } = {}): number | undefined {
    const value = this.value(key);
    if (value === undefined) return undefined;
    const n = typeof value === 'bigint' || typeof value === 'number' ? Number(value) : Number.NaN;
    const min = opts.zero === true ? 0 : 1;
    if (!Number.isSafeInteger(n) || n < min) {
      this.fail(key, `must be a whole number of at least ${min}`, typeof value === 'bigint' ? n : value);
    }
    return n;
  }

  boolean(key: string): boolean | undefined {
    const value = this.value(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') this.fail(key, 'must be true or false', value);
    return value;
  }

  strings(key: string): string[] | undefined {
    const value = this.value(key);
    if (value === undefined) return undefined;
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      !value.every((v) => typeof v === 'string' && v !== '')
    ) {
      this.fail(key, 'must be a non-empty list of names', value);
    }
    return value as string[];
  }

  /** A string that may be `env(NAME)`, as the CLI reads secrets; an empty string means "not set". */
  secret(key: string): string | undefined {
    const value = this.value(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') this.fail(key, 'must be a string', value);
    const ref = /^env\((.*)\)$/.exec(value);
    if (ref === null) return value === '' ? undefined : value;
    const name = ref[1] ?? '';
    const resolved = this.env[name];
    if (resolved === undefined || resolved === '') this.fail(key, `refers to env(${name}), which is not set`);
    return resolved;
  }
}
