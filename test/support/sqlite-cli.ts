import { execFileSync } from 'node:child_process';
import { psql, standInOf } from './backend.js';

/**
 * Runs SQL with the sqlite3 command-line shell, as someone tampering with (or inspecting) the file would; when a
 * suite runs against PostgreSQL, with psql against the database standing in for the file.
 */
export function sqlite(path: string, sql: string): string {
  const url = standInOf(path);
  if (url !== undefined) return psql(url, sql);
  return execFileSync('sqlite3', [path, sql], { encoding: 'utf8' }).trim();
}
