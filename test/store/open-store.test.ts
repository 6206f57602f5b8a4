import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/errors.js';
import { openStore, resolveDbPath } from '../../src/store/index.js';
import { kvErrorOf } from '../support/kv-error.js';
import { demoRun, day, tempDir } from '../support/store-runs.js';
import { sqlite } from '../support/sqlite-cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('resolveDbPath', () => {
  it('prefers the flag, then KUBEVIDENCE_DB, then ./kubevidence.db', () => {
    expect(resolveDbPath('flag.db', { KUBEVIDENCE_DB: 'env.db' })).toBe('flag.db');
    expect(resolveDbPath(undefined, { KUBEVIDENCE_DB: 'env.db' })).toBe('env.db');
    expect(resolveDbPath(undefined, {})).toBe('./kubevidence.db');
    expect(resolveDbPath('', { KUBEVIDENCE_DB: '' })).toBe('./kubevidence.db');
  });
});

describe('openStore', () => {
  it('creates a WAL database at the latest schema version with foreign keys enforced', () => {
    const path = dir.file('new.db');
    openStore(path).close();
    expect(sqlite(path, 'PRAGMA journal_mode')).toBe('wal');
    expect(Number(sqlite(path, 'PRAGMA user_version'))).toBeGreaterThanOrEqual(1);
    // The store's own connection enforces foreign keys: a run pointing at a missing blob is refused.
    const store = openStore(path);
    store.insertRun(demoRun(day(0)));
    store.close();
    expect(sqlite(path, 'PRAGMA foreign_key_check')).toBe('');
  });

  it('opens an existing store again without migrating it twice', () => {
    const path = dir.file('again.db');
    const first = openStore(path);
    first.insertRun(demoRun(day(0)));
    first.close();
    const again = openStore(path);
    expect(again.listRuns()).toHaveLength(1);
    again.close();
  });

  it('refuses a file that is not SQLite, in one line, with exit code 5', () => {
    const path = dir.file('notes.db');
    writeFileSync(path, 'these are my notes, not a database\n'.repeat(20));
    const error = kvErrorOf(() => openStore(path));
    expect(error.exitCode).toBe(EXIT_CODES.store);
    expect(error.code).toBe('store.not-sqlite');
    expect(error.toLine()).toBe(`${path} is not a SQLite database`);
  });

  it('refuses a database from a newer kubevidence', () => {
    const path = dir.file('future.db');
    openStore(path).close();
    sqlite(path, 'PRAGMA user_version = 99');
    for (const readonly of [false, true]) {
      const error = kvErrorOf(() => openStore(path, { readonly }));
      expect(error.exitCode).toBe(EXIT_CODES.store);
      expect(error.code).toBe('store.newer-schema');
      expect(error.toLine()).toMatch(/has schema version 99, newer than this kubevidence .* knows \(\d+\); upgrade kubevidence$/);
      expect(error.toLine()).not.toContain('\n');
    }
  });

  it('refuses a SQLite database that some other program owns', () => {
    const path = dir.file('other.db');
    sqlite(path, 'CREATE TABLE accounts (id INTEGER PRIMARY KEY)');
    expect(kvErrorOf(() => openStore(path)).code).toBe('store.not-kubevidence');
  });

  it('does not create a database when only reading', () => {
    const error = kvErrorOf(() => openStore(dir.file('absent.db'), { readonly: true }));
    expect(error.code).toBe('store.missing');
    expect(error.exitCode).toBe(EXIT_CODES.store);
  });

  it('fails with store.locked when another process holds the write lock beyond the busy timeout', async () => {
    const path = dir.file('locked.db');
    openStore(path).close();
    const holder = spawn('sqlite3', [path], { stdio: ['pipe', 'pipe', 'inherit'] });
    holder.stdin.write("BEGIN IMMEDIATE;\nSELECT 'holding';\n");
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    try {
      const store = openStore(path, { busyTimeoutMs: 50 });
      const error = kvErrorOf(() => store.insertRun(demoRun(day(0))));
      store.close();
      expect(error.code).toBe('store.locked');
      expect(error.exitCode).toBe(EXIT_CODES.store);
      expect(error.toLine()).toBe(`${path} is locked by another process writing to it; try again when it has finished`);
    } finally {
      holder.stdin.end('ROLLBACK;\n');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    const store = openStore(path);
    expect(store.insertRun(demoRun(day(0))).created).toBe(true);
    store.close();
  });

  it('refuses to write to a read-only file or directory, in one line (checked as an unprivileged user)', () => {
    const readOnlyDir = dir.file('ro');
    mkdirSync(readOnlyDir);
    const path = `${readOnlyDir}/kv.db`;
    openStore(path).close();
    chmodSync(path, 0o444);
    chmodSync(readOnlyDir, 0o555);
    chmodSync(dir.path, 0o755);
    // root may write anywhere, so the attempt runs as `nobody` when the tests run as root.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'bin/kubevidence.js', 'attest', '--db', path, '--framework', 'pci-dss-4.0', '--requirement', '12.5.1', '--by', 'A <a@b.c>', '--note', 'n'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, HOME: dir.path, TSX_TSCONFIG_PATH: `${ROOT}tsconfig.json` },
      ...asUser,
    });
    expect(child.status).toBe(EXIT_CODES.store);
    expect(child.stderr.trim()).toBe(`kubevidence: ${path} is read-only; a run cannot be stored in it`);
  });
});
