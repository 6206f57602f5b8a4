/**
 * A throwaway PostgreSQL server for the tests: initdb into a fresh temp folder, started on a free local port with
 * its socket in that folder, fsync off; stopped and deleted at the end. As root, the server runs as the `postgres`
 * user (PostgreSQL refuses to run as root). When the binaries are absent the suite is skipped with one line,
 * unless KUBEVIDENCE_REQUIRE_POSTGRES=1 (CI), where their absence fails the run.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];
/** The superuser's password: connections over TCP must give it (scram), so the password path is exercised. */
export const TEST_PASSWORD = 'kv-test-secret-1234';

export interface PostgresServer {
  readonly port: number;
  readonly dataDir: string;
  /** A new, empty database; returns its URL (no password in it). */
  createDatabase(): Promise<string>;
  /** Runs SQL as the superuser in the database of `url`. */
  sql(url: string, text: string, params?: unknown[]): Promise<pg.QueryResult>;
  stop(): void;
}

export function postgresBinDir(): string | null {
  return BIN_DIRS.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

/** Whether the postgres suites run here; prints the one skip line when they do not. */
export function postgresAvailable(suite: string): boolean {
  if (postgresBinDir() !== null) return true;
  if (process.env['KUBEVIDENCE_REQUIRE_POSTGRES'] === '1') {
    throw new Error(`${suite}: PostgreSQL binaries not found (${BIN_DIRS.join(', ')}) but KUBEVIDENCE_REQUIRE_POSTGRES=1`);
  }
  process.stdout.write(`${suite}: skipped, PostgreSQL binaries not found (install Debian's postgresql package)\n`);
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function asServerUser(command: string, args: readonly string[]): void {
  const root = process.getuid?.() === 0;
  const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]];
  execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (bin === null) throw new Error('PostgreSQL binaries not found');
  const dir = mkdtempSync(join(tmpdir(), 'kv-pg-'));
  const dataDir = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${TEST_PASSWORD}\n`);
  if (process.getuid?.() === 0) {
    const { uid, gid } = userIds('postgres');
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  asServerUser(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--pwfile', pwfile, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  const options = `-k ${dir} -h 127.0.0.1 -p ${port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`;
  asServerUser(join(bin, 'pg_ctl'), ['-D', dataDir, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  let databases = 0;
  const base = `postgres://postgres@127.0.0.1:${port}`;
  const sql = async (url: string, text: string, params: unknown[] = []): Promise<pg.QueryResult> => {
    const client = new pg.Client({ connectionString: url, password: TEST_PASSWORD });
    await client.connect();
    try {
      return await client.query(text, params);
    } finally {
      await client.end();
    }
  };
  await sql(`${base}/postgres`, 'CREATE EXTENSION IF NOT EXISTS amcheck').catch(() => undefined);
  return {
    port,
    dataDir,
    async createDatabase() {
      databases += 1;
      const name = `kv_${process.pid}_${databases}`;
      await sql(`${base}/postgres`, `CREATE DATABASE ${name}`);
      const url = `${base}/${name}`;
      await sql(url, 'CREATE EXTENSION IF NOT EXISTS amcheck').catch(() => undefined);
      return url;
    },
    sql,
    stop() {
      try {
        asServerUser(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function userIds(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { uid, gid };
}
