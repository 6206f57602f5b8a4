// The SQLite suite test/store/history.test.ts, run unchanged against PostgreSQL.
import { postgresAvailable } from '../../support/postgres.js';
import { usePostgresBackend } from '../../support/backend.js';

if (postgresAvailable('test/store/postgres/history.test.ts')) {
  usePostgresBackend();
  await import('../history.test.js');
}
