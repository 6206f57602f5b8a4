// The SQLite suite test/store/runs.test.ts, run unchanged against PostgreSQL.
import { postgresAvailable } from '../../support/postgres.js';
import { usePostgresBackend } from '../../support/backend.js';

if (postgresAvailable('test/store/postgres/runs.test.ts')) {
  usePostgresBackend();
  await import('../runs.test.js');
}
