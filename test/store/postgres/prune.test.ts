// The SQLite suite test/store/prune.test.ts, run unchanged against PostgreSQL.
import { postgresAvailable } from '../../support/postgres.js';
import { usePostgresBackend } from '../../support/backend.js';

if (postgresAvailable('test/store/postgres/prune.test.ts')) {
  usePostgresBackend();
  await import('../prune.test.js');
}
