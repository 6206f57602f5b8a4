import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { day, demoRun, tempDir } from '../support/store-runs.js';
import { sqlite } from '../support/sqlite-cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = 'test/support/insert-runs.ts';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

interface Writer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stored: string[];
  readonly exit: Promise<number | null>;
  stderr: string;
}

function startWriter(path: string, args: readonly string[]): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, path, ...args], { cwd: ROOT });
  const writer: Writer = { child, stored: [], exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))), stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (text: string) => writer.stored.push(...text.split('\n').filter((line) => line.startsWith('stored'))));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (writer.stderr += text));
  return writer;
}

/** Polls (no fixed sleeps) until `condition` holds or the child has exited. */
async function until(condition: () => boolean, writer: Writer): Promise<boolean> {
  let exited = false;
  void writer.exit.then(() => (exited = true));
  while (!condition()) {
    if (exited) return false;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return true;
}

function walSize(path: string): number {
  return existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0;
}

describe('the store across processes', () => {
  it('leaves no partial run when the writing process is killed mid-transaction, and earlier runs still verify', async () => {
    const path = dir.file('kv.db');
    const store = openStore(path);
    const earlier = [store.insertRun(demoRun(day(0))).summary, store.insertRun(demoRun(day(1))).summary];
    store.close();
    const objectsBefore = sqlite(path, 'SELECT count(*) FROM evidence_objects');

    // 30,000 new objects: the transaction writes tens of MB, so uncommitted pages spill into the WAL long before
    // its commit. Kill as soon as a few MB of them are there and no run has been reported stored.
    const writer = startWriter(path, ['--days', '10', '--clones', '30000']);
    const writing = await until(() => walSize(path) > 4 * 1024 * 1024, writer);
    expect(writing, `the writer ended before writing: ${writer.stderr}`).toBe(true);
    writer.child.kill('SIGKILL');
    expect(await writer.exit).toBeNull();
    expect(writer.stored).toEqual([]);

    const after = openStore(path);
    try {
      expect(after.listRuns().map((run) => run.id)).toEqual(earlier.map((run) => run.id));
      expect(after.verifyChain()).toEqual({ ok: true, runsChecked: 2, firstBroken: null });
      expect(after.checkIntegrity()).toEqual({ ok: true, problems: [] });
      expect(sqlite(path, 'SELECT count(*) FROM evidence_objects')).toBe(objectsBefore);
      // The chain continues from the last committed run.
      expect(after.insertRun(demoRun(day(2))).summary.previousHash).toBe(earlier[1]?.hash);
    } finally {
      after.close();
    }
  });

  it('serialises two processes writing runs of the same cluster: both succeed, one linear chain', async () => {
    const path = dir.file('kv.db');
    openStore(path).close();
    // Both also store the same day-100 run: exactly one of them creates it.
    const writers = [startWriter(path, ['--days', '0,2,4,6,8,100']), startWriter(path, ['--days', '1,3,5,7,9,100'])];
    const codes = await Promise.all(writers.map((writer) => writer.exit));
    expect(codes, writers.map((writer) => writer.stderr).join('\n')).toEqual([0, 0]);
    const created = writers.flatMap((writer) => writer.stored).filter((line) => line.endsWith(' true'));
    expect(created).toHaveLength(11);

    const store = openStore(path, { readonly: true });
    try {
      expect(store.verifyChain()).toEqual({ ok: true, runsChecked: 11, firstBroken: null });
      const runs = [...store.listRuns()].sort((a, b) => a.id - b.id);
      expect(runs.map((run) => run.previousHash)).toEqual([null, ...runs.slice(0, -1).map((run) => run.hash)]);
      expect(runs.filter((run) => run.collectedAt === day(100))).toHaveLength(1);
    } finally {
      store.close();
    }
  });
});
