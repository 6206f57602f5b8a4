import { execFileSync } from 'node:child_process';

/** Runs SQL with the sqlite3 command-line shell, as someone tampering with (or inspecting) the file would. */
export function sqlite(path: string, sql: string): string {
  return execFileSync('sqlite3', [path, sql], { encoding: 'utf8' }).trim();
}
