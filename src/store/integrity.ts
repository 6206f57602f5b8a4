import { KvError } from '../errors.js';
import { openDatabase, type Db } from './db.js';
import type { IntegrityReport } from './evidence-store.js';


interface ForeignKeyProblem {
  readonly table: string;
  readonly rowid: number | null;
  readonly parent: string;
}

/**
 * SQLite's own consistency checks: every page, index and constraint (`integrity_check`), and every foreign key
 * (`foreign_key_check`). Damage so bad that a check cannot even run is itself reported, never swallowed.
 */
export function checkIntegrity(db: Db): IntegrityReport {
  const problems = [...pageProblems(db), ...foreignKeyProblems(db)];
  return { ok: problems.length === 0, problems };
}

/**
 * `kubevidence db check`: the checks on a database file, opened read-only and without preparing the store's
 * statements, so that damage which would stop the store from opening is reported like any other problem.
 */
export function checkDatabaseFile(path: string): IntegrityReport {
  let db: Db;
  try {
    db = openDatabase(path, { readonly: true });
  } catch (error) {
    if (error instanceof KvError && error.code === 'store.corrupt') return { ok: false, problems: [error.message] };
    throw error;
  }
  try {
    return checkIntegrity(db);
  } finally {
    db.close();
  }
}

function pageProblems(db: Db): string[] {
  try {
    const lines = db.prepare<[], string>('PRAGMA integrity_check').pluck().all();
    return lines.filter((line) => line !== 'ok');
  } catch (error) {
    return [`integrity_check could not complete: ${error instanceof Error ? error.message : String(error)}`];
  }
}

function foreignKeyProblems(db: Db): string[] {
  try {
    return db
      .prepare<[], ForeignKeyProblem>('PRAGMA foreign_key_check')
      .all()
      .map((row) => `${row.table} row ${row.rowid ?? '(without rowid)'} refers to a missing ${row.parent} row`);
  } catch (error) {
    return [`foreign_key_check could not complete: ${error instanceof Error ? error.message : String(error)}`];
  }
}
