/**
 * What only the PostgreSQL backend has: URLs and passwords, identical hashes to SQLite, many writers across
 * processes (killed, same cluster, different clusters), and `db check` finding damage.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../src/errors.js';
import { openStore } from '../../../src/store/index.js';
import { checkDatabaseFile } from '../../../src/store/index.js';
import { postgresAvailable, startPostgres, TEST_PASSWORD, type PostgresServer } from '../../support/postgres.js';
import { kvErrorOf } from '../../support/kv-error.js';
import { day, demoRun, privileged, retagged, tempDir, type TempDir } from '../../support/store-runs.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = 'test/store/postgres/scripts/insert-cluster-runs.ts';

interface Writer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stored: string[];
  readonly exit: Promise<number | null>;
  stderr: string;
}

function startWriter(target: string, args: readonly string[]): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, target, ...args], { cwd: ROOT, env: { ...process.env, PGPASSWORD: TEST_PASSWORD } });
  const writer: Writer = { child, stored: [], exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))), stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (text: string) => writer.stored.push(...text.split('\n').filter((line) => line.startsWith('stored'))));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (writer.stderr += text));
  return writer;
}

const available = postgresAvailable('test/store/postgres/backend.test.ts');
describe.runIf(available)('the PostgreSQL store', () => {
  let server: PostgresServer;
  let url: string;
  let dir: TempDir;
  beforeAll(async () => {
    process.env['PGPASSWORD'] = TEST_PASSWORD;
    server = await startPostgres();
  });
  afterAll(() => server?.stop());
  beforeEach(async () => {
    url = await server.createDatabase();
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it('gives every run the same hash as the SQLite store does for the same input', () => {
    const runs = [demoRun(day(0)), demoRun(day(1), { edit: privileged('frontend') }), demoRun(day(2), { edit: retagged('cartservice', 'v9') })];
    const hashesIn = (target: string): string[] => {
      const store = openStore(target);
      try {
        return runs.map((run) => store.insertRun(run).summary.hash);
      } finally {
        store.close();
      }
    };
    const sqliteHashes = hashesIn(dir.file('kv.db'));
    expect(hashesIn(url)).toEqual(sqliteHashes);
    expect(new Set(sqliteHashes).size).toBe(3);
  });

  it('refuses a URL carrying a password, without repeating it', () => {
    const withPassword = url.replace('postgres@', 'postgres:hunter2-secret@');
    const error = kvErrorOf(() => openStore(withPassword));
    expect(error.exitCode).toBe(EXIT_CODES.usage);
    expect(error.message).toMatch(/carries a password.*PGPASSWORD/);
    expect(error.message).not.toContain('hunter2-secret');
  });

  it('takes the password from the file KUBEVIDENCE_DB_PASSWORD_FILE names, and fails one-line on a wrong one', () => {
    const saved = process.env['PGPASSWORD'];
    delete process.env['PGPASSWORD'];
    try {
      const file = dir.file('pw');
      writeFileSync(file, `${TEST_PASSWORD}\n`);
      process.env['KUBEVIDENCE_DB_PASSWORD_FILE'] = file;
      openStore(url).close();
      writeFileSync(file, 'wrong-password-xyz\n');
      const error = kvErrorOf(() => openStore(url));
      expect(error.exitCode).toBe(EXIT_CODES.store);
      expect(error.message).toMatch(/authentication failed/);
      expect(error.message).not.toContain('wrong-password-xyz');
      expect(error.message.split('\n')).toHaveLength(1);
    } finally {
      delete process.env['KUBEVIDENCE_DB_PASSWORD_FILE'];
      process.env['PGPASSWORD'] = saved;
    }
  });

  it('fails one-line with the store exit code when no server listens', () => {
    const error = kvErrorOf(() => openStore('postgres://postgres@127.0.0.1:1/none'));
    expect(error.exitCode).toBe(EXIT_CODES.store);
    expect(error.message).toMatch(/cannot reach PostgreSQL/);
  });

  it('records its schema version in a migrations table and refuses a database from a newer kubevidence', async () => {
    openStore(url).close();
    const { rows } = await server.sql(url, 'SELECT version, file FROM kubevidence_migrations ORDER BY version');
    expect(rows[0]).toEqual({ version: 1, file: '001-initial.sql' });
    await server.sql(url, "INSERT INTO kubevidence_migrations (version, file) VALUES (999, '999-future.sql')");
    expect(kvErrorOf(() => openStore(url)).code).toBe('store.newer-schema');
  });

  it('opens read-only without creating anything, and says when the database holds no store', () => {
    expect(kvErrorOf(() => openStore(url, { readonly: true })).code).toBe('store.missing');
  });

  it('leaves no partial run when a writer is killed mid-transaction, and the chain continues', async () => {
    const store = openStore(url);
    const earlier = [store.insertRun(demoRun(day(0))).summary, store.insertRun(demoRun(day(1))).summary];
    store.close();
    const before = await server.sql(url, 'SELECT (SELECT count(*) FROM evidence_objects) AS objects, (SELECT count(*) FROM blobs) AS blobs');

    const writer = startWriter(url, ['--days', '10', '--clones', '20000']);
    let exited = false;
    void writer.exit.then(() => (exited = true));
    // Kill once the writer's transaction has stored objects (visible to it alone) and not committed.
    for (;;) {
      const { rows } = await server.sql(url, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'kubevidence' AND query LIKE 'INSERT INTO evidence_objects%' AND xact_start IS NOT NULL");
      if ((rows[0] as { n: number }).n > 0 || exited) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(exited, `the writer ended before writing: ${writer.stderr}`).toBe(false);
    writer.child.kill('SIGKILL');
    expect(await writer.exit).toBeNull();
    expect(writer.stored).toEqual([]);

    const after = openStore(url);
    try {
      expect(after.listRuns().map((run) => run.id)).toEqual(earlier.map((run) => run.id));
      expect(after.verifyChain()).toEqual({ ok: true, runsChecked: 2, firstBroken: null });
      expect(after.checkIntegrity()).toEqual({ ok: true, problems: [] });
      const now = await server.sql(url, 'SELECT (SELECT count(*) FROM evidence_objects) AS objects, (SELECT count(*) FROM blobs) AS blobs');
      expect(now.rows).toEqual(before.rows);
      expect(after.insertRun(demoRun(day(2))).summary.previousHash).toBe(earlier[1]?.hash);
    } finally {
      after.close();
    }
  });

  it('serialises two processes writing runs of the same cluster: both succeed, one linear chain', async () => {
    openStore(url).close();
    const writers = [startWriter(url, ['--days', '0,2,4,6,8,100']), startWriter(url, ['--days', '1,3,5,7,9,100'])];
    const codes = await Promise.all(writers.map((writer) => writer.exit));
    expect(codes, writers.map((writer) => writer.stderr).join('\n')).toEqual([0, 0]);
    expect(writers.flatMap((writer) => writer.stored).filter((line) => line.endsWith(' true'))).toHaveLength(11);
    const store = openStore(url, { readonly: true });
    try {
      expect(store.verifyChain()).toEqual({ ok: true, runsChecked: 11, firstBroken: null });
      const runs = [...store.listRuns()].sort((a, b) => a.id - b.id);
      expect(runs.map((run) => run.previousHash)).toEqual([null, ...runs.slice(0, -1).map((run) => run.hash)]);
    } finally {
      store.close();
    }
  });

  it('lets collectors of different clusters write at once, sharing evidence they have in common', async () => {
    openStore(url).close();
    const clusters = ['uid-a', 'uid-b', 'uid-c'];
    const writers = clusters.map((uid) => startWriter(url, ['--days', '0,1,2', '--cluster', uid]));
    const codes = await Promise.all(writers.map((writer) => writer.exit));
    expect(codes, writers.map((writer) => writer.stderr).join('\n')).toEqual([0, 0, 0]);
    const store = openStore(url, { readonly: true });
    try {
      expect(store.listClusters().map((cluster) => [cluster.uid, cluster.runs])).toEqual(clusters.map((uid) => [uid, 3]));
      expect(store.verifyChain()).toEqual({ ok: true, runsChecked: 9, firstBroken: null });
      for (const uid of clusters) expect(store.listRuns({ clusterUid: uid }).map((run) => run.previousHash)[0]).toBeNull();
    } finally {
      store.close();
    }
    // The same demo objects in three clusters: each version stored once.
    const { rows } = await server.sql(url, 'SELECT count(*)::int AS n, count(DISTINCT sha256)::int AS d FROM evidence_objects');
    expect(rows[0]).toEqual({ n: (rows[0] as { d: number }).d, d: (rows[0] as { d: number }).d });
  });

  it('db check reports rows that point at missing rows, and a run whose stored content was changed fails verify', async () => {
    const store = openStore(url);
    store.insertRun(demoRun(day(0)));
    store.insertRun(demoRun(day(1), { edit: privileged('frontend') }));
    store.close();
    expect(checkDatabaseFile(url)).toEqual({ ok: true, problems: [] });
    await server.sql(url, "UPDATE runs SET cluster_name = 'forged' WHERE id = (SELECT min(id) FROM runs)");
    const tampered = openStore(url, { readonly: true });
    try {
      expect(tampered.verifyChain().ok).toBe(false);
    } finally {
      tampered.close();
    }
    // A superuser can switch foreign keys off for a session; db check still finds what they let through.
    await server.sql(url, "SET session_replication_role = replica; DELETE FROM evidence_objects WHERE id = (SELECT max(id) FROM evidence_objects)");
    const report = checkDatabaseFile(url);
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(/evidence object/);
  });
});
