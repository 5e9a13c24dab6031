// Typed failures of the database half of the devstack, each with a stable code callers can branch on.

export type DatabaseErrorCode =
  | 'postgres_init_failed'
  | 'postgres_start_failed'
  | 'no_postgres_user'
  | 'invalid_database_url'
  | 'bootstrap_failed'
  | 'repo_root_not_found'
  | 'migrations_dir_missing'
  | 'invalid_migration_name'
  | 'migration_failed'
  | 'seed_failed'
  | 'no_test_cluster';

export class DatabaseError extends Error {
  readonly code: DatabaseErrorCode;

  constructor(code: DatabaseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseError';
    this.code = code;
  }
}
