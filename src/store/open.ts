import type { EvidenceStore, IntegrityReport } from './evidence-store.js';
import { checkDatabaseFile as checkSqliteFile } from './integrity.js';
import { isPostgresTarget } from './postgres/connection.js';
import { openPostgresStore } from './postgres/pg-store.js';
import { openStore as openSqliteStore, type OpenOptions } from './sqlite-store.js';

/**
 * Opens the evidence store `target` names: a postgres:// (or postgresql://) URL is a PostgreSQL database shared
 * by a fleet, anything else a SQLite file. Both implement the same contract.
 */
export function openStore(target: string, options: OpenOptions = {}): EvidenceStore {
  return isPostgresTarget(target) ? openPostgresStore(target, options) : openSqliteStore(target, options);
}

/** `kubevidence db check` on either backend. */
export function checkDatabaseFile(target: string): IntegrityReport {
  if (!isPostgresTarget(target)) return checkSqliteFile(target);
  const store = openPostgresStore(target, { readonly: true });
  try {
    return store.checkIntegrity();
  } finally {
    store.close();
  }
}

export { isPostgresTarget } from './postgres/connection.js';
