import { readdirSync, readFileSync } from 'node:fs';
import { storeError } from '../../errors.js';
import { TOOL_VERSION } from '../../version.js';
import type { SyncPgDatabase } from './sync-db.js';

interface Migration {
  readonly version: number;
  readonly file: string;
  readonly sql: string;
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
/** Serialises migrations across every machine opening the same database at once. */
const MIGRATION_LOCK = "hashtextextended('kubevidence:migrations', 0)";

let loaded: readonly Migration[] | undefined;

/** migrations/NNN-slug.sql, numbered 1..N without gaps (the same rule as the SQLite store's). */
function migrations(): readonly Migration[] {
  if (loaded !== undefined) return loaded;
  const files = readdirSync(MIGRATIONS_DIR).filter((file) => /^\d{3}-[a-z0-9-]+\.sql$/.test(file)).sort();
  loaded = files.map((file, index) => {
    const version = Number(file.slice(0, 3));
    if (version !== index + 1) throw new Error(`PostgreSQL store migration ${file} is out of sequence`);
    return { version, file, sql: readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8') };
  });
  return loaded;
}

export function latestPostgresSchemaVersion(): number {
  return migrations().length;
}

function appliedVersion(db: SyncPgDatabase): number | null {
  const exists = db.client.query("SELECT to_regclass('kubevidence_migrations') IS NOT NULL AS present").rows[0] as { present: boolean };
  if (!exists.present) return null;
  const row = db.client.query('SELECT coalesce(max(version), 0) AS version FROM kubevidence_migrations').rows[0] as { version: number };
  return row.version;
}

/**
 * Applies the pending migrations in one transaction under an advisory lock, recording each in
 * kubevidence_migrations (version, file, applied_at): two collectors starting at once apply each step once.
 */
export function migratePostgres(db: SyncPgDatabase, display: string): void {
  assertKnownSchema(db, display);
  if ((appliedVersion(db) ?? 0) >= latestPostgresSchemaVersion()) return;
  db.client.query('BEGIN');
  try {
    db.client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    db.client.query(
      'CREATE TABLE IF NOT EXISTS kubevidence_migrations (version INTEGER PRIMARY KEY, file TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const current = appliedVersion(db) ?? 0;
    for (const migration of migrations().filter(({ version }) => version > current)) {
      db.client.query(migration.sql);
      db.client.query('INSERT INTO kubevidence_migrations (version, file) VALUES ($1, $2)', [migration.version, migration.file]);
    }
    db.client.query('COMMIT');
  } catch (error) {
    db.client.query('ROLLBACK');
    throw error;
  }
}

/** A read-only open cannot migrate: the database must already be at this tool's schema version. */
export function requireCurrentPostgresSchema(db: SyncPgDatabase, display: string): void {
  assertKnownSchema(db, display);
  const version = appliedVersion(db) ?? 0;
  if (version === 0) throw storeError('store.missing', `${display}: no kubevidence store in this database (store a run first)`);
  if (version < latestPostgresSchemaVersion()) {
    throw storeError(
      'store.old-schema',
      `${display} has schema version ${version}; this kubevidence (${TOOL_VERSION}) reads ${latestPostgresSchemaVersion()} — store a run with it once to upgrade`,
    );
  }
}

function assertKnownSchema(db: SyncPgDatabase, display: string): void {
  const version = appliedVersion(db);
  if (version !== null && version > latestPostgresSchemaVersion()) {
    throw storeError(
      'store.newer-schema',
      `${display} has schema version ${version}, newer than this kubevidence (${TOOL_VERSION}) knows (${latestPostgresSchemaVersion()}); upgrade kubevidence`,
    );
  }
  if (version === null && db.client.query("SELECT to_regclass('runs') IS NOT NULL AS present").rows.some((row) => (row as { present: boolean }).present)) {
    throw storeError('store.not-kubevidence', `${display} holds a 'runs' table but is not a kubevidence store`);
  }
}
