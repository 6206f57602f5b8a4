import { describe, expect, it } from 'vitest';
import { at, defineCheck } from '../../src/checks/define-check.js';
import { WORKLOAD_KINDS } from '../../src/checks/workload-subjects.js';
import type { KubeObject } from '../../src/domain/snapshot.js';
import type { EvidenceStore } from '../../src/store/index.js';
import { readManifests, snapshotOf } from '../support/fixture-snapshot.js';
import { freshStorePerTest, newRunOf } from '../support/store-runs.js';

/**
 * A finding that failed and is unknown in the next run lost its evidence: it is neither fixed nor newly failing,
 * and the diff lists it apart as "now unknown" so no report can count it as a fix.
 */
const BEFORE = new URL('fixtures/diff/before.yaml', import.meta.url).pathname;

/** Its verdict is whatever the workload's `probe` annotation says, so each run's status is set by the fixture. */
const probe = defineCheck({
  id: 'test.probe',
  title: 'The probe annotation says pass',
  severity: 'high',
  rationale: 'test check',
  remediation: 'set probe: pass',
  reads: WORKLOAD_KINDS,
  references: {},
  evaluate: ({ index }) =>
    index.workloads.map((workload) => {
      const value = workload.object.metadata.annotations?.['probe'] ?? 'pass';
      const status = value === 'fail' ? ('fail' as const) : value === 'unknown' ? ('unknown' as const) : ('pass' as const);
      return { resource: workload.ref, status, message: `${workload.description} probe ${value}.`, evidence: [at('metadata.annotations.probe', value, 'pass')] };
    }),
});

function withProbe(objects: KubeObject[], probes: Readonly<Record<string, string>>): KubeObject[] {
  return objects.map((object) => {
    const value = probes[object.metadata.name ?? ''];
    if (value === undefined || object.kind !== 'Deployment') return object;
    return { ...object, metadata: { ...object.metadata, annotations: { ...(object.metadata.annotations ?? {}), probe: value } } };
  });
}

let store: EvidenceStore;
freshStorePerTest((opened) => ({ store } = opened));

function diffOf(before: Record<string, string>, after: Record<string, string>) {
  const objects = readManifests(BEFORE);
  const first = store.insertRun(newRunOf(snapshotOf(withProbe(objects, before), { collectedAt: '2026-03-01T00:00:00Z' }), undefined, [probe])).summary;
  const second = store.insertRun(newRunOf(snapshotOf(withProbe(objects, after), { collectedAt: '2026-03-08T00:00:00Z' }), undefined, [probe])).summary;
  return store.diffRuns(first.id, second.id).findings;
}

const subjects = (findings: readonly { check: string; resource: { name: string }; status: string }[]): string[] =>
  findings.filter((finding) => finding.check === 'test.probe').map((finding) => `${finding.resource.name} ${finding.status}`);

describe('run diff: fail → unknown', () => {
  it('lists a finding that failed and is unknown now as now unknown, never as fixed or newly failing', () => {
    const findings = diffOf({ frontend: 'fail', cart: 'fail' }, { frontend: 'unknown', cart: 'pass' });
    expect(subjects(findings.nowUnknown)).toEqual(['frontend fail']);
    expect(subjects(findings.fixed)).toEqual(['cart fail']);
    expect(subjects(findings.newlyFailing)).toEqual([]);
  });

  it('unknown → pass is a fix and pass → unknown is newly failing or unknown; neither is "now unknown"', () => {
    const findings = diffOf({ frontend: 'unknown', cart: 'pass' }, { frontend: 'pass', cart: 'unknown' });
    expect(subjects(findings.nowUnknown)).toEqual([]);
    expect(subjects(findings.fixed)).toEqual(['frontend unknown']);
    expect(subjects(findings.newlyFailing)).toEqual(['cart unknown']);
  });
});
