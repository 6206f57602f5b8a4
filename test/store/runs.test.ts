import { describe, expect, it } from 'vitest';
import { refOf } from '../../src/domain/snapshot.js';
import { canonicalJson, type EvidenceStore, type NewRun } from '../../src/store/index.js';
import { sha256Hex } from '../../src/store/canonical.js';
import { decodeIdList, encodeIdList, encodeIdPatch, patchBaseOf } from '../../src/store/codec.js';
import { snapshotOf } from '../support/fixture-snapshot.js';
import { backfill, demoObjects, demoRun, day, imagePinned, newRunOf, retagged, freshStorePerTest, type TempDir } from '../support/store-runs.js';
import { sqlite } from '../support/sqlite-cli.js';

let dir: TempDir;
let store: EvidenceStore;
freshStorePerTest((opened) => ({ dir, store } = opened));

function rowCount(table: string): number {
  return Number(sqlite(dir.file('kv.db'), `SELECT count(*) FROM ${table}`));
}

describe('canonical JSON and id lists', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('orders unsorted objects inside sorted ones, writes what toJSON returns, and leaves its input untouched', () => {
    const input = { a: { c: [{ f: 1, e: undefined }, undefined], b: 'ü' }, d: new Date(0), g: { toJSON: () => ({ y: 1, x: 2 }) } };
    const before = JSON.stringify(input);
    expect(canonicalJson(input)).toBe('{"a":{"b":"ü","c":[{"f":1},null]},"d":"1970-01-01T00:00:00.000Z","g":{"x":2,"y":1}}');
    expect(JSON.stringify(input)).toBe(before);
    expect(Object.keys(input.a)).toEqual(['c', 'b']);
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(TypeError);
  });

  it('round-trips id lists in any order, including ids beyond 32 bits', () => {
    const ids = [1, 2, 3, 10, 4, 2 ** 40, 7, 7];
    expect(decodeIdList(encodeIdList(ids))).toEqual(ids);
  });

  it('stores a list as a patch of its predecessor: changed, added and removed entries, nothing else', () => {
    const before = Array.from({ length: 100 }, (_, index) => index + 1);
    // 5 replaced by a new version (101), 50 removed, 102 inserted after 80, 103 appended.
    const after = before.flatMap((id) => (id === 5 ? [101] : id === 50 ? [] : id === 80 ? [80, 102] : [id])).concat(103);
    const base = { ids: before, address: Buffer.alloc(32, 7), depth: 3 };
    const patch = encodeIdPatch(base, after);
    expect(patch).not.toBeNull();
    expect(patch?.length).toBeLessThan(60);
    expect(patchBaseOf(patch ?? Buffer.alloc(0))).toEqual({ address: base.address, depth: 4 });
    expect(decodeIdList(patch ?? Buffer.alloc(0), before)).toEqual(after);
    expect(patchBaseOf(encodeIdList(after))).toBeNull();
  });

  it('does not patch a list whose shared entries moved, or that mostly changed', () => {
    const base = { ids: [1, 2, 3, 4, 5, 6, 7, 8], address: Buffer.alloc(32), depth: 0 };
    expect(encodeIdPatch(base, [2, 1, 3, 4, 5, 6, 7, 8])).toBeNull();
    expect(encodeIdPatch(base, [1, 2, 30, 40, 50, 60, 70, 80])).toBeNull();
  });
});

describe('insertRun and reading runs back', () => {
  it('stores a run and loads it back as it was assessed', () => {
    const run = demoRun(day(0));
    const { summary, created } = store.insertRun(run);
    expect(created).toBe(true);
    const record = store.getRun(summary.id);
    expect(record.findings).toEqual(run.assessment.findings);
    expect(store.getRunFindings(summary.id)).toEqual(run.assessment.findings);
    expect(record.results).toEqual(run.assessment.results);
    expect(record.checks).toEqual(run.assessment.checks);
    expect(record.scores).toEqual(run.assessment.scores);
    expect(record.cluster).toEqual(run.assessment.cluster);
    expect(record.collector).toEqual(run.assessment.collector);
    expect(record.gaps).toEqual(run.assessment.gaps);
    expect(record.waivers).toEqual(run.assessment.waivers);
    expect(record.collectedAt).toBe(day(0));
    expect(record.toolVersion).toBe('0.1.0-test');
    expect(record.previousHash).toBeNull();
    expect(store.getRunSummary(summary.id)).toEqual(summary);
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(record.evidence).toEqual(run.snapshot.resources.map((object) => ({ resource: refOf(object), sha256: sha256Hex(canonicalJson(object)) })));
    const [first] = record.evidence;
    expect(first === undefined ? null : store.readEvidenceObject(first.sha256)).toEqual(run.snapshot.resources[0]);
  });

  it('is idempotent: the same cluster, snapshot and collection time return the stored run', () => {
    const first = store.insertRun(demoRun(day(0)));
    const again = store.insertRun(demoRun(day(0)));
    expect(again.created).toBe(false);
    expect(again.summary).toEqual(first.summary);
    expect(store.listRuns()).toHaveLength(1);
  });

  it('stores an unchanged object, finding or result detail once, however many runs hold it', () => {
    store.insertRun(demoRun(day(0)));
    const counts = ['evidence_objects', 'resources', 'finding_packs', 'result_details', 'blobs'].map(rowCount);
    store.insertRun(demoRun(day(1)));
    store.insertRun(demoRun(day(2)));
    expect(['evidence_objects', 'resources', 'finding_packs', 'result_details', 'blobs'].map(rowCount)).toEqual(counts);
    // Per run: the run row and one row per framework, nothing else.
    expect(rowCount('runs')).toBe(3);
    expect(rowCount('run_frameworks')).toBe(3);
  });

  it('stores a changed object as a new version compressed against the old one, and both read back whole', () => {
    const before = store.insertRun(demoRun(day(0))).summary;
    const after = store.insertRun(demoRun(day(1), { edit: retagged('frontend', 'v9.9.9') })).summary;
    expect(rowCount('evidence_objects')).toBe(36);
    expect(rowCount('evidence_objects WHERE base_id IS NOT NULL')).toBe(1);
    const frontend = (id: number): unknown => {
      const ref = store.getRun(id).evidence.find(({ resource }) => resource.kind === 'Deployment' && resource.name === 'frontend');
      return ref === undefined ? null : store.readEvidenceObject(ref.sha256);
    };
    expect(JSON.stringify(frontend(before.id))).toContain('frontend:v0.10');
    expect(JSON.stringify(frontend(after.id))).toContain('frontend:v9.9.9');
  });

  it('reads every run back right through long chains of patched lists', () => {
    // More runs than the longest patch chain (64), each with one object changed; one light check keeps it quick.
    const runOf = (n: number): NewRun => newRunOf(snapshotOf(retagged('frontend', `v${n}.0.0`)(demoObjects()), { collectedAt: day(n) }), undefined, [imagePinned]);
    const runs = Array.from({ length: 70 }, (_, n) => store.insertRun(runOf(n)).summary);
    const imageOf = (runId: number): string => {
      const ref = store.getRun(runId).evidence.find(({ resource }) => resource.kind === 'Deployment' && resource.name === 'frontend');
      return JSON.stringify(ref === undefined ? null : store.readEvidenceObject(ref.sha256)).match(/frontend:(v[\d.]+)/)?.[1] ?? '';
    };
    expect(runs.map((run) => imageOf(run.id))).toEqual(runs.map((_, n) => `v${n}.0.0`));
    expect(store.verifyChain()).toEqual({ ok: true, runsChecked: 70, firstBroken: null });
  });

  it('links each run to the run stored before it for the same cluster', () => {
    const first = store.insertRun(demoRun(day(0))).summary;
    const second = store.insertRun(demoRun(day(1))).summary;
    const other = store.insertRun(demoRun(day(1), { cluster: { uid: 'other-uid', name: 'other', server: null, version: null } })).summary;
    expect(second.previousHash).toBe(first.hash);
    expect(other.previousHash).toBeNull();
    expect(store.verifyChain()).toEqual({ ok: true, runsChecked: 3, firstBroken: null });
  });

  it('lists runs by collection time, and chains them in the order they were stored', () => {
    const late = store.insertRun(demoRun(day(5))).summary;
    const early = store.insertRun(backfill(demoRun(day(1)))).summary;
    expect(store.listRuns().map((run) => run.id)).toEqual([early.id, late.id]);
    expect(early.previousHash).toBe(late.hash);
    expect(store.latestRun()?.id).toBe(late.id);
    expect(store.verifyChain().ok).toBe(true);
  });

  it('filters runs by cluster and period; a bare date covers its whole day', () => {
    for (const n of [0, 1, 2, 3]) store.insertRun(demoRun(day(n)));
    store.insertRun(demoRun(day(2), { cluster: { uid: 'other-uid', name: 'other', server: null, version: null } }));
    expect(store.listRuns({ clusterUid: 'test-cluster-uid', since: day(1), until: day(2).slice(0, 10) }).map((run) => run.collectedAt)).toEqual([day(1), day(2)]);
    expect(store.listRuns({ since: day(2).slice(0, 10) })).toHaveLength(3);
    expect(store.latestRun('other-uid')?.clusterName).toBe('other');
  });

  it('files offline input without a cluster UID under a stable id derived from the cluster name', () => {
    const offline = { uid: null, name: 'payments-prod', server: null, version: null };
    const first = store.insertRun(demoRun(day(0), { cluster: offline })).summary;
    const second = store.insertRun(demoRun(day(1), { cluster: offline })).summary;
    expect(first.clusterUid).toBe('name:payments-prod');
    expect(second.previousHash).toBe(first.hash);
    expect(store.getRun(first.id).cluster.uid).toBeNull();
    expect(store.listClusters()).toEqual([{ uid: 'name:payments-prod', name: 'payments-prod', runs: 2, firstCollectedAt: day(0), lastCollectedAt: day(1) }]);
  });

  it('names a missing run as a usage error', () => {
    expect(() => store.getRun(42)).toThrow('there is no run 42 in this database');
  });
});
