/**
 * Which backend the store suites run against. The suites are written once: run directly they use SQLite files;
 * imported by test/store/postgres/*.test.ts (after `usePostgresBackend`) the same tests run against a throwaway
 * PostgreSQL server, each test in a new database.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { postgresBinDir, startPostgres, TEST_PASSWORD, type PostgresServer } from './postgres.js';

let server: PostgresServer | null = null;
/** The SQLite path a suite uses for its fresh store, mapped to the PostgreSQL database standing in for it. */
const databases = new Map<string, string>();

export function postgresBackend(): PostgresServer | null {
  return server;
}

/** Starts a server for the calling test file and makes freshStorePerTest open PostgreSQL databases. */
export function usePostgresBackend(): void {
  beforeAll(async () => {
    process.env['PGPASSWORD'] = TEST_PASSWORD;
    server = await startPostgres();
  });
  afterAll(() => {
    server?.stop();
    server = null;
  });
}

export function standInFor(path: string, url: string): void {
  databases.set(path, url);
}

/** The PostgreSQL database standing in for `path`, if any. */
export function standInOf(path: string): string | undefined {
  return databases.get(path);
}

/** Runs SQL with psql against the stand-in database, printing rows as the sqlite3 shell does (`a|b`). */
export function psql(url: string, sql: string): string {
  const bin = postgresBinDir();
  if (bin === null) throw new Error('psql not found');
  return execFileSync(join(bin, 'psql'), ['-X', '-q', '-At', '-F', '|', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], {
    encoding: 'utf8',
    env: { ...process.env, PGPASSWORD: TEST_PASSWORD },
  }).trim();
}
