import { readdirSync, readFileSync } from 'node:fs';
import { storeError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import type { Db } from './db.js';

interface Migration {
  readonly version: number;
  readonly file: string;
  readonly sql: string;
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

let loaded: readonly Migration[] | undefined;

/** migrations/NNN-slug.sql, in order. Numbering must be 1..N without gaps: a gap is a packaging mistake. */
function migrations(): readonly Migration[] {
  if (loaded !== undefined) return loaded;
  const files = readdirSync(MIGRATIONS_DIR).filter((file) => /^\d{3}-[a-z0-9-]+\.sql$/.test(file)).sort();
  loaded = files.map((file, index) => {
    const version = Number(file.slice(0, 3));
    if (version !== index + 1) throw new Error(`store migration ${file} is out of sequence (expected ${String(index + 1).padStart(3, '0')})`);
    return { version, file, sql: readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8') };
  });
  return loaded;
}

/** The schema version this build of kubevidence writes. */
export function latestSchemaVersion(): number {
  return migrations().length;
}

function schemaVersionOf(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every migration newer than the file's `user_version`, each in its own IMMEDIATE transaction that
 * re-reads the version under the lock: two processes opening a fresh file at once apply each step exactly once.
 */
export function migrateToLatest(db: Db, path: string): void {
  assertKnownSchema(db, path);
  // Opening an up-to-date store takes no write lock: only a pending migration does.
  for (const migration of migrations().filter(({ version }) => version > schemaVersionOf(db))) {
    db.transaction(() => {
      if (schemaVersionOf(db) >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/** A read-only open cannot migrate: the file must already be at this tool's schema version. */
export function requireCurrentSchema(db: Db, path: string): void {
  assertKnownSchema(db, path);
  const version = schemaVersionOf(db);
  if (version === 0) throw storeError('store.not-kubevidence', `${path} is not a kubevidence database (it holds no runs)`);
  if (version < latestSchemaVersion()) {
    throw storeError(
      'store.old-schema',
      `${path} has schema version ${version}; this kubevidence (${TOOL_VERSION}) reads ${latestSchemaVersion()} — store a run with it once to upgrade the file`,
    );
  }
}

function assertKnownSchema(db: Db, path: string): void {
  const version = schemaVersionOf(db);
  if (version > latestSchemaVersion()) {
    throw storeError(
      'store.newer-schema',
      `${path} has schema version ${version}, newer than this kubevidence (${TOOL_VERSION}) knows (${latestSchemaVersion()}); upgrade kubevidence`,
    );
  }
  if (version === 0 && hasForeignTables(db)) {
    throw storeError('store.not-kubevidence', `${path} is a SQLite database but not a kubevidence store`);
  }
}

function hasForeignTables(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1").get() !== undefined;
}
