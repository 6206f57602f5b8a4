// The SQLite suite test/store/diff.test.ts, run unchanged against PostgreSQL.
import { postgresAvailable } from '../../support/postgres.js';
import { usePostgresBackend } from '../../support/backend.js';

if (postgresAvailable('test/store/postgres/diff.test.ts')) {
  usePostgresBackend();
  await import('../diff.test.js');
}
