/** The PostgreSQL backend of the evidence store (the only importer of pg), and `db copy`. */
export { copyStore, type CopyOutcome } from './copy.js';
export { openPostgresStore, type PostgresEvidenceStore } from './pg-store.js';
export { isPostgresTarget, parsePostgresTarget, PASSWORD_FILE_ENV } from './connection.js';
