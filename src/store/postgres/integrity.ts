import type { IntegrityReport } from '../evidence-store.js';
import type { ContentTables } from '../content.js';
import { packOf } from '../findings.js';
import type { SyncPgDatabase } from './sync-db.js';

/** Every reference between store tables: PostgreSQL enforces them, but triggers can be switched off by a superuser. */
const REFERENCES: readonly (readonly [table: string, column: string, parent: string])[] = [
  ['runs', 'context_blob', 'blobs'],
  ['runs', 'checks_blob', 'blobs'],
  ['runs', 'evidence_blob', 'blobs'],
  ['runs', 'findings_blob', 'blobs'],
  ['run_frameworks', 'run_id', 'runs'],
  ['run_frameworks', 'requirements_blob', 'blobs'],
  ['run_frameworks', 'details_blob', 'blobs'],
  ['evidence_objects', 'resource_id', 'resources'],
  ['evidence_objects', 'base_id', 'evidence_objects'],
  ['chain_anchors', 'run_id', 'runs'],
  ['attestation_files', 'attestation_id', 'attestations'],
  ['attestation_files', 'blob_id', 'blobs'],
];

/**
 * `db check` on PostgreSQL: rows pointing at missing rows, id lists (evidence, findings, result details) naming
 * rows that are gone, constraints left unvalidated, and, when the amcheck extension is installed, every B-tree
 * index of the store checked against its table.
 */
export function checkPostgresIntegrity(db: SyncPgDatabase, content: ContentTables): IntegrityReport {
  const problems = [...danglingRows(db), ...listProblems(db, content), ...unvalidatedConstraints(db), ...indexProblems(db)];
  return { ok: problems.length === 0, problems };
}

function danglingRows(db: SyncPgDatabase): string[] {
  return REFERENCES.flatMap(([table, column, parent]) => {
    const { rows } = db.client.query(
      `SELECT count(*) AS missing FROM ${table} c WHERE c.${column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${parent} p WHERE p.id = c.${column})`,
    );
    const missing = (rows[0] as { missing: number }).missing;
    return missing === 0 ? [] : [`${missing} ${table} row(s) refer to a missing ${parent} row (${column})`];
  });
}

function listProblems(db: SyncPgDatabase, content: ContentTables): string[] {
  db.client.query('SAVEPOINT list_check');
  try {
    const problems = danglingListEntries(db, content);
    db.client.query('RELEASE SAVEPOINT list_check');
    return problems;
  } catch (error) {
    db.client.query('ROLLBACK TO SAVEPOINT list_check');
    return [`a run's id list cannot be read: ${error instanceof Error ? error.message : String(error)}`];
  }
}

function danglingListEntries(db: SyncPgDatabase, content: ContentTables): string[] {
  const lists = db.client.query('SELECT DISTINCT evidence_blob, findings_blob FROM runs', [], { rowMode: 'array' }).rows as [number, number][];
  const detailLists = db.client.query('SELECT DISTINCT details_blob FROM run_frameworks', [], { rowMode: 'array' }).rows as [number][];
  const objects = new Set<number>();
  const packs = new Set<number>();
  const details = new Set<number>();
  for (const [evidenceBlob, findingsBlob] of lists) {
    for (const id of content.idList(evidenceBlob)) objects.add(id);
    for (const id of content.idList(findingsBlob)) packs.add(packOf(id));
  }
  for (const [blob] of detailLists) for (const id of content.idList(blob)) details.add(id);
  return [
    missingOf(db, 'evidence_objects', objects, 'evidence object'),
    missingOf(db, 'finding_packs', packs, 'finding pack'),
    missingOf(db, 'result_details', details, 'result detail'),
  ].flatMap((problem) => (problem === null ? [] : [problem]));
}

function missingOf(db: SyncPgDatabase, table: string, ids: ReadonlySet<number>, what: string): string | null {
  if (ids.size === 0) return null;
  const { rows } = db.client.query(`SELECT count(*) AS present FROM ${table} WHERE id = ANY($1::bigint[])`, [[...ids]]);
  const missing = ids.size - (rows[0] as { present: number }).present;
  return missing === 0 ? null : `runs refer to ${missing} ${what}(s) that are not in the database`;
}

function unvalidatedConstraints(db: SyncPgDatabase): string[] {
  const { rows } = db.client.query(
    `SELECT conname, conrelid::regclass::text AS "table" FROM pg_constraint
     WHERE NOT convalidated AND connamespace = current_schema()::regnamespace`,
  );
  return (rows as { conname: string; table: string }[]).map((row) => `constraint ${row.conname} on ${row.table} is not validated`);
}

function indexProblems(db: SyncPgDatabase): string[] {
  const installed = db.client.query("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'").rows.length > 0;
  if (!installed) return [];
  const { rows } = db.client.query(
    `SELECT i.indexrelid::regclass::text AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
     WHERE a.amname = 'btree' AND c.relnamespace = current_schema()::regnamespace`,
  );
  return (rows as { name: string }[]).flatMap(({ name }) => {
    // A failed check aborts only its savepoint, not the rest of the report.
    db.client.query('SAVEPOINT index_check');
    try {
      db.client.query('SELECT bt_index_check($1::regclass, true)', [name]);
      db.client.query('RELEASE SAVEPOINT index_check');
      return [];
    } catch (error) {
      db.client.query('ROLLBACK TO SAVEPOINT index_check');
      return [`index ${name}: ${error instanceof Error ? error.message : String(error)}`];
    }
  });
}
