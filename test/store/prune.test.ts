import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EvidenceStore } from '../../src/store/index.js';
import { backfill, demoRun, privileged, retagged, freshStorePerTest, type TempDir } from '../support/store-runs.js';
import { sqlite } from '../support/sqlite-cli.js';

const NOW = new Date('2026-06-30T12:00:00Z');
const daysAgo = (days: number): string => new Date(NOW.getTime() - days * 86_400_000).toISOString();

let dir: TempDir;
let store: EvidenceStore;
freshStorePerTest((opened) => ({ dir, store } = opened));

describe('prune', () => {
  it('removes runs older than the retention, anchors the oldest kept run, and verification still holds', () => {
    const ids = [500, 450, 401, 399, 10].map((age) => store.insertRun(demoRun(daysAgo(age))).summary.id);
    const outcome = store.prune(400, NOW);
    expect(outcome.runsRemoved).toBe(3);
    expect(outcome.anchors).toEqual([{ clusterUid: 'test-cluster-uid', runId: ids[3] }]);
    expect(store.listRuns().map((run) => run.id)).toEqual(ids.slice(3));
    expect(store.verifyChain()).toEqual({ ok: true, runsChecked: 2, firstBroken: null });
    // The anchor keeps the previous hash it was stored with: rewriting it is still caught.
    sqlite(dir.file('kv.db'), `UPDATE runs SET previous_hash = '${'f'.repeat(64)}' WHERE id = ${ids[3]}`);
    expect(store.verifyChain().firstBroken?.runId).toBe(ids[3]);
  });

  it('removes evidence and findings that only the removed runs used, and keeps what remaining runs need', () => {
    store.insertRun(demoRun(daysAgo(500)));
    store.insertRun(demoRun(daysAgo(450), { edit: (objects) => privileged('cartservice')(retagged('frontend', 'v7.0.0')(objects)) }));
    const kept = store.insertRun(demoRun(daysAgo(30))).summary;
    const outcome = store.prune(400, NOW);
    expect(outcome.runsRemoved).toBe(2);
    // The privileged cartservice and the v7 frontend went; the demo's own 35 objects stay.
    expect(outcome.evidenceRemoved).toBe(2);
    expect(outcome.findingsRemoved).toBeGreaterThan(0);
    expect(Number(sqlite(dir.file('kv.db'), 'SELECT count(*) FROM evidence_objects'))).toBe(35);
    const record = store.getRun(kept.id);
    expect(record.evidence).toHaveLength(35);
    expect(record.evidence.every((ref) => store.readEvidenceObject(ref.sha256) !== null)).toBe(true);
    expect(store.verifyChain().ok).toBe(true);
    expect(store.checkIntegrity()).toEqual({ ok: true, problems: [] });
  });

  it('keeps the base a remaining version is compressed against, even when no remaining run lists the base', () => {
    store.insertRun(demoRun(daysAgo(500)));
    const kept = store.insertRun(demoRun(daysAgo(10), { edit: retagged('frontend', 'v8.0.0') })).summary;
    store.prune(400, NOW);
    const frontend = store.getRun(kept.id).evidence.find((ref) => ref.resource.kind === 'Deployment' && ref.resource.name === 'frontend');
    expect(JSON.stringify(frontend === undefined ? null : store.readEvidenceObject(frontend.sha256))).toContain(':v8.0.0');
    expect(store.verifyChain().ok).toBe(true);
    expect(store.checkIntegrity().ok).toBe(true);
  });

  it("always keeps a cluster's latest run, so the chain has a head to link the next run to", () => {
    store.insertRun(demoRun(daysAgo(900)));
    const latest = store.insertRun(demoRun(daysAgo(800))).summary;
    expect(store.prune(400, NOW).runsRemoved).toBe(1);
    expect(store.listRuns().map((run) => run.id)).toEqual([latest.id]);
    const next = store.insertRun(demoRun(daysAgo(0))).summary;
    expect(next.previousHash).toBe(latest.hash);
    expect(store.verifyChain()).toEqual({ ok: true, runsChecked: 2, firstBroken: null });
  });

  it('prunes again later, moving the anchor forward', () => {
    for (const age of [600, 500, 400.5, 300, 200]) store.insertRun(demoRun(daysAgo(age)));
    store.prune(400, NOW);
    const later = new Date(NOW.getTime() + 150 * 86_400_000);
    const outcome = store.prune(400, later);
    expect(outcome.runsRemoved).toBe(1);
    expect(store.listRuns()).toHaveLength(1);
    expect(store.verifyChain().ok).toBe(true);
    expect(sqlite(dir.file('kv.db'), 'SELECT count(*) FROM chain_anchors')).toBe('1');
  });

  it('does nothing when no run is old enough, and keeps attested files', () => {
    const file = dir.file('policy.txt');
    writeFileSync(file, 'access control policy');
    const attestation = store.addAttestation({ framework: 'pci', requirement: '7.1', by: 'A <a@example.com>', note: 'n', expiresAt: null, files: [file], createdAt: daysAgo(600) });
    store.insertRun(demoRun(daysAgo(5)));
    expect(store.prune(400, NOW)).toEqual({ runsRemoved: 0, evidenceRemoved: 0, findingsRemoved: 0, anchors: [] });
    store.insertRun(backfill(demoRun(daysAgo(700))));
    store.insertRun(demoRun(daysAgo(1)));
    store.prune(400, NOW);
    expect(store.readAttachment(attestation.files[0]?.sha256 ?? '').toString()).toBe('access control policy');
  });
});
