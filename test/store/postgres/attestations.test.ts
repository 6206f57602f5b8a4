// The SQLite suite test/store/attestations.test.ts, run unchanged against PostgreSQL.
import { postgresAvailable } from '../../support/postgres.js';
import { usePostgresBackend } from '../../support/backend.js';

if (postgresAvailable('test/store/postgres/attestations.test.ts')) {
  usePostgresBackend();
  await import('../attestations.test.js');
}
