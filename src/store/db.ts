import { accessSync, closeSync, constants, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { EXIT_CODES, invalidInput, KvError, storeError } from '../errors.js';
import { migrateToLatest, requireCurrentSchema } from './migrate.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Open for reading only: nothing is written, and a missing file is an error rather than a new store. */
  readonly readonly?: boolean;
  /** How long to wait for another process's write to finish before failing with `store.locked`. */
  readonly busyTimeoutMs?: number;
}

/**
 * A scheduled run holds the write lock only while it inserts (hashing and compression happen before), so a
 * few seconds cover even a 50,000-object first run; 30 s leaves room for a slow disk.
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 30_000;

const SQLITE_HEADER = 'SQLite format 3\u0000';

/** Opens (creating and migrating when writable) the store database, with WAL, a busy timeout and foreign keys. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const readonly = options.readonly === true;
  assertOpenable(path, readonly);
  const db = connect(path, readonly, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
  try {
    if (readonly) requireCurrentSchema(db, path);
    else migrateToLatest(db, path);
    return db;
  } catch (error) {
    db.close();
    throw translateSqliteError(error, path);
  }
}

function connect(path: string, readonly: boolean, busyTimeoutMs: number): Db {
  try {
    const db = new Database(path, { readonly, fileMustExist: readonly, timeout: busyTimeoutMs });
    // WAL: readers never block the writer and a killed writer leaves only uncommitted frames, which are ignored.
    // A read-only connection cannot switch modes; it reads whatever mode the writer left.
    if (!readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    throw translateSqliteError(error, path);
  }
}

/** The checks SQLite would only answer with a cryptic code, made into one-line errors up front. */
function assertOpenable(path: string, readonly: boolean): void {
  if (!existsSync(path)) {
    if (readonly) throw invalidInput('db', `${path}: no kubevidence database here (store a run first, or pass {input})`, { code: 'store.missing', exitCode: EXIT_CODES.store });
    assertWritable(dirname(path), `${path}: cannot create the database, directory ${dirname(path)} is not writable`);
    return;
  }
  if (!statSync(path).isFile()) throw storeError('store.not-sqlite', `${path} is not a SQLite database (not a regular file)`);
  if (!hasSqliteHeader(path)) throw storeError('store.not-sqlite', `${path} is not a SQLite database`);
  if (readonly) return;
  assertWritable(path, `${path} is read-only; a run cannot be stored in it`);
  // WAL mode keeps -wal and -shm files beside the database, so the directory must be writable too.
  assertWritable(dirname(path), `${path}: directory ${dirname(path)} is read-only; SQLite cannot create its -wal file there`);
}

function assertWritable(path: string, message: string): void {
  try {
    accessSync(path, constants.W_OK);
  } catch {
    throw storeError('store.read-only', message);
  }
}

/** An empty file is a database SQLite will initialise; anything else must start with the SQLite header. */
function hasSqliteHeader(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const read = readSync(fd, header, 0, header.length, 0);
    return read === 0 || (read === header.length && header.toString('latin1') === SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

/** SQLite's error codes as one-line, actionable store errors. A KvError passes through unchanged. */
export function translateSqliteError(error: unknown, path: string): KvError | unknown {
  if (error instanceof KvError || !(error instanceof Database.SqliteError)) return error;
  const code = error.code;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return storeError('store.locked', `${path} is locked by another process writing to it; try again when it has finished`, error);
  }
  if (code === 'SQLITE_NOTADB') return storeError('store.not-sqlite', `${path} is not a SQLite database`, error);
  if (code.startsWith('SQLITE_READONLY')) return storeError('store.read-only', `${path} is read-only (${error.message})`, error);
  if (code.startsWith('SQLITE_CORRUPT')) {
    return storeError('store.corrupt', `${path} is corrupt (${error.message}); run 'kubevidence db check --db ${path}'`, error);
  }
  if (code === 'SQLITE_FULL') return storeError('store.disk-full', `${path}: the disk is full`, error);
  if (code.startsWith('SQLITE_CANTOPEN')) return storeError('store.cannot-open', `${path} cannot be opened (${error.message})`, error);
  return storeError('store.error', `${path}: ${error.message}`, error);
}

/** Runs a store operation with SQLite errors translated; every public store method goes through here. */
export function guarded<T>(path: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    throw translateSqliteError(error, path);
  }
}
