import { describe, expect, it } from 'vitest';
import type { RequirementStatus } from '../../src/domain/status.js';
import type { EvidenceStore } from '../../src/store/index.js';
import { demoRun, day, result, freshStorePerTest } from '../support/store-runs.js';

let store: EvidenceStore;
freshStorePerTest((opened) => ({ store } = opened));

/** Daily runs whose requirement R1 (and R2, R3) take the given statuses. */
function storeDays(r1: readonly RequirementStatus[], r2: readonly RequirementStatus[], cluster?: { uid: string; name: string }): void {
  r1.forEach((status, n) => {
    const results = [result('pci', 'R1', status), result('pci', 'R2', r2[n] ?? 'pass'), result('pci', 'R10', 'manual'), result('hipaa', 'H1', 'pass')];
    store.insertRun(demoRun(day(n), { results, ...(cluster === undefined ? {} : { cluster: { ...cluster, server: null, version: null } }) }));
  });
}

describe('history', () => {
  it('counts, per requirement, the runs it passed, failed or was unknown in', () => {
    storeDays(['pass', 'fail', 'fail', 'pass', 'pass'], ['pass', 'unknown', 'pass', 'pass', 'fail']);
    expect(store.requirementHistory('pci')).toEqual([
      { framework: 'pci', requirement: 'R1', runs: 5, passed: 3, failed: 2, unknown: 0, meanTimeToRemediateHours: 48 },
      { framework: 'pci', requirement: 'R2', runs: 5, passed: 3, failed: 1, unknown: 1, meanTimeToRemediateHours: null },
      { framework: 'pci', requirement: 'R10', runs: 5, passed: 0, failed: 0, unknown: 0, meanTimeToRemediateHours: null },
    ]);
  });

  it('averages the time to remediate over every failing streak that ended in a pass', () => {
    // Fails on day 1 (fixed day 2: 24 h) and day 4 (still partial day 5, fixed day 7: 72 h).
    storeDays(['pass', 'fail', 'pass', 'pass', 'fail', 'partial', 'fail', 'pass'], []);
    expect(store.requirementHistory('pci').find((row) => row.requirement === 'R1')?.meanTimeToRemediateHours).toBe(48);
  });

  it('limits history and the score trend to a period and a cluster', () => {
    storeDays(['fail', 'fail', 'pass', 'pass'], []);
    storeDays(['fail', 'fail'], [], { uid: 'other-uid', name: 'other' });
    const period = { clusterUid: 'test-cluster-uid', since: day(1).slice(0, 10), until: day(2).slice(0, 10) };
    expect(store.requirementHistory('pci', period).find((row) => row.requirement === 'R1')).toMatchObject({ runs: 2, passed: 1, failed: 1, meanTimeToRemediateHours: 24 });
    expect(store.scoreTrend('pci', period).map((point) => [point.collectedAt, point.score])).toEqual([
      [day(1), 50],
      [day(2), 100],
    ]);
    expect(store.scoreTrend('pci', { clusterUid: 'other-uid' })).toHaveLength(2);
    expect(store.scoreTrend('no-such-framework')).toEqual([]);
  });
});
