import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import type { RunSummary } from '../../src/domain/run.js';
import { demoRun, day, privileged, result, tempDir } from '../support/store-runs.js';
import { sqlite } from '../support/sqlite-cli.js';

let dir: ReturnType<typeof tempDir>;
let path: string;
let runs: RunSummary[];

beforeEach(() => {
  dir = tempDir();
  path = dir.file('kv.db');
  const store = openStore(path);
  runs = [
    store.insertRun(demoRun(day(0), { results: [result('fw', 'R1', 'pass'), result('fw', 'R2', 'fail')] })).summary,
    store.insertRun(demoRun(day(1), { results: [result('fw', 'R1', 'pass'), result('fw', 'R2', 'pass')] })).summary,
    store.insertRun(demoRun(day(2), { edit: privileged('cartservice'), results: [result('fw', 'R1', 'fail'), result('fw', 'R2', 'pass')] })).summary,
    store.insertRun(demoRun(day(3), { results: [result('fw', 'R1', 'pass'), result('fw', 'R2', 'pass')] })).summary,
  ];
  store.close();
});
afterEach(() => dir.remove());

function verify(): ReturnType<ReturnType<typeof openStore>['verifyChain']> {
  const store = openStore(path, { readonly: true });
  try {
    return store.verifyChain();
  } finally {
    store.close();
  }
}

function runId(index: number): number {
  return (runs[index] as RunSummary).id;
}

describe('verifyChain', () => {
  it('holds for untouched history', () => {
    expect(verify()).toEqual({ ok: true, runsChecked: 4, firstBroken: null });
  });

  it('names the run whose requirement result was edited', () => {
    // Run 3 stored R1 fail, R2 pass: status bytes 01 00. Make R1 pass.
    expect(sqlite(path, `SELECT hex(statuses) FROM run_frameworks WHERE run_id = ${runId(2)} AND framework = 'fw'`)).toBe('0100');
    sqlite(path, `UPDATE run_frameworks SET statuses = X'0000' WHERE run_id = ${runId(2)} AND framework = 'fw'`);
    const verification = verify();
    expect(verification.ok).toBe(false);
    expect(verification.firstBroken?.runId).toBe(runId(2));
    expect(verification.firstBroken?.reason).toMatch(/no longer matches its hash/);
  });

  it('names the run whose score was edited', () => {
    sqlite(path, `UPDATE run_frameworks SET score = 100 WHERE run_id = ${runId(0)}`);
    expect(verify().firstBroken?.runId).toBe(runId(0));
  });

  it('names the first run resting on a result detail that was edited', () => {
    sqlite(path, `UPDATE result_details SET body = replace(body, 'is fail', 'is fine') WHERE body LIKE '%R2 is fail%'`);
    expect(verify().firstBroken?.runId).toBe(runId(0));
  });

  it('names the first run resting on a finding whose bytes were swapped for others', () => {
    // The last two packs hold what run 3 added (the privileged cart) and what run 4 added back (the cart's
    // findings as in run 2, which its previous run, run 3, did not have). Give run 3's pack the first pack's bytes.
    sqlite(path, 'UPDATE finding_packs SET body = (SELECT body FROM finding_packs WHERE id = 1) WHERE id = (SELECT max(id) - 1 FROM finding_packs)');
    const verification = verify();
    expect(verification.firstBroken?.runId).toBe(runId(2));
    expect(verification.firstBroken?.reason).toMatch(/^finding #\d+ is not stored under its own SHA-256/);
  });

  it('names the first run that holds an evidence object whose bytes were replaced', () => {
    sqlite(path, 'UPDATE evidence_objects SET body = (SELECT body FROM evidence_objects WHERE id = 2) WHERE id = 1');
    expect(verify().firstBroken?.runId).toBe(runId(0));
  });

  it('notices an evidence object filed under another resource', () => {
    sqlite(path, "UPDATE resources SET name = 'renamed' WHERE id = 1");
    expect(verify().firstBroken?.reason).toMatch(/^evidence object #1 is filed as .*renamed but its content is /);
  });

  it('names the run whose own columns were edited', () => {
    sqlite(path, `UPDATE runs SET collected_at = '2025-12-31T00:00:00.000Z' WHERE id = ${runId(1)}`);
    expect(verify().firstBroken?.runId).toBe(runId(1));
  });

  it('names the run after a run deleted outside of prune', () => {
    sqlite(path, `DELETE FROM run_frameworks WHERE run_id = ${runId(1)}; DELETE FROM runs WHERE id = ${runId(1)}`);
    expect(verify().firstBroken).toEqual({ runId: runId(2), reason: 'its previous hash does not match the hash of the run stored before it' });
  });

  it('names the first run when the start of the chain was cut off without a prune anchor', () => {
    sqlite(path, `DELETE FROM run_frameworks WHERE run_id = ${runId(0)}; DELETE FROM runs WHERE id = ${runId(0)}`);
    expect(verify().firstBroken?.runId).toBe(runId(1));
    expect(verify().firstBroken?.reason).toMatch(/no prune recorded it as the chain anchor/);
  });

  it('names a run whose stored hash was rewritten to match edited content, through its successor', () => {
    sqlite(path, `UPDATE runs SET hash = '${'0'.repeat(64)}' WHERE id = ${runId(3)}`);
    expect(verify().firstBroken?.runId).toBe(runId(3));
  });
});
