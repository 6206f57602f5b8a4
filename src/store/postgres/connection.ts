import { readFileSync } from 'node:fs';
import { usageError } from '../../errors.js';
import type { ConnectionSettings } from './protocol.js';

/** The environment variable naming a file that holds the PostgreSQL password (a mounted Secret, for instance). */
export const PASSWORD_FILE_ENV = 'KUBEVIDENCE_DB_PASSWORD_FILE';

/** `--db` values that mean PostgreSQL rather than a SQLite file. */
export function isPostgresTarget(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

export interface PostgresTarget {
  /** The URL as shown in messages: never carries a password. */
  readonly display: string;
  readonly settings: ConnectionSettings;
}

/**
 * Reads a postgres:// URL. A password in the URL is refused (it would sit in shell history, process lists and
 * CronJob specs): it comes from PGPASSWORD, from the file named by KUBEVIDENCE_DB_PASSWORD_FILE, or from PGPASSFILE
 * (~/.pgpass), which the driver reads itself.
 */
export function parsePostgresTarget(target: string, env: NodeJS.ProcessEnv = process.env): PostgresTarget {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw usageError('--db: not a valid postgres:// URL (expected postgres://USER@HOST:PORT/DATABASE)');
  }
  if (url.password !== '') {
    throw usageError(
      `--db: the PostgreSQL URL carries a password; remove it and set PGPASSWORD or ${PASSWORD_FILE_ENV} (a file holding the password) instead`,
    );
  }
  const socketDir = url.searchParams.get('host');
  const host = socketDir ?? (url.hostname === '' ? undefined : decodeURIComponent(url.hostname));
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const password = passwordFrom(env);
  const settings: ConnectionSettings = {
    ...(host === undefined ? {} : { host }),
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    ...(url.username === '' ? {} : { user: decodeURIComponent(url.username) }),
    ...(database === '' ? {} : { database }),
    ...(password === undefined ? {} : { password }),
    ...sslOf(url.searchParams.get('sslmode')),
  };
  url.password = '';
  return { display: url.toString(), settings };
}

function passwordFrom(env: NodeJS.ProcessEnv): string | undefined {
  const file = env[PASSWORD_FILE_ENV];
  if (file !== undefined && file !== '') {
    try {
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw usageError(`${PASSWORD_FILE_ENV}: cannot read the password file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  const fromEnv = env['PGPASSWORD'];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

function sslOf(mode: string | null): Pick<ConnectionSettings, 'ssl'> {
  switch (mode) {
    case null:
    case 'disable':
      return {};
    case 'require':
      return { ssl: { rejectUnauthorized: false } };
    case 'verify-ca':
    case 'verify-full':
      return { ssl: true };
    default:
      throw usageError(`--db: sslmode=${mode} is not supported (use disable, require, verify-ca or verify-full)`);
  }
}
