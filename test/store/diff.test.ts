import { describe, expect, it } from 'vitest';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import type { RunDiff } from '../../src/domain/history.js';
import type { EvidenceStore } from '../../src/store/index.js';
import { fieldChanges } from '../../src/store/diff.js';
import { readManifests, snapshotOf } from '../support/fixture-snapshot.js';
import { imagePinned, newRunOf, result, freshStorePerTest } from '../support/store-runs.js';

const BEFORE = new URL('fixtures/diff/before.yaml', import.meta.url).pathname;
const AFTER = new URL('fixtures/diff/after.yaml', import.meta.url).pathname;
const privilegedCheck = BUILT_IN_CHECKS.find((check) => check.id === 'pss.baseline.privileged-containers');
if (privilegedCheck === undefined) throw new Error('the privileged-containers check is missing from the registry');
/** Two checks with known verdicts on the fixtures, so the expected diff can be written out in full. */
const CHECKS = [privilegedCheck, imagePinned];

let store: EvidenceStore;
freshStorePerTest((opened) => ({ store } = opened));

function storeBeforeAndAfter(checks = CHECKS): RunDiff {
  const before = store.insertRun(
    newRunOf(snapshotOf(readManifests(BEFORE), { collectedAt: '2026-03-01T00:00:00Z' }), [result('pci', '1.1', 'pass'), result('pci', '2.2', 'fail'), result('pci', '3.3', 'manual'), result('pci', '4.4', 'pass')], checks),
  ).summary;
  const after = store.insertRun(
    newRunOf(snapshotOf(readManifests(AFTER), { collectedAt: '2026-03-08T00:00:00Z' }), [result('pci', '1.1', 'fail'), result('pci', '2.2', 'pass'), result('pci', '4.4', 'pass'), result('pci', '5.5', 'unknown')], checks),
  ).summary;
  return store.diffRuns(before.id, after.id);
}

const ref = (kind: string, name: string): { apiVersion: string; kind: string; namespace: string; name: string } => ({
  apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1',
  kind,
  namespace: 'shop',
  name,
});

describe('diffRuns on hand-made before/after manifests', () => {
  it('lists requirements whose status changed, including ones that appeared or went away', () => {
    expect(storeBeforeAndAfter().requirements).toEqual([
      { framework: 'pci', requirement: '1.1', before: 'pass', after: 'fail' },
      { framework: 'pci', requirement: '2.2', before: 'fail', after: 'pass' },
      { framework: 'pci', requirement: '3.3', before: 'manual', after: null },
      { framework: 'pci', requirement: '5.5', before: null, after: 'unknown' },
    ]);
  });

  it('finds the newly failing and the fixed findings, and nothing that merely changed wording', () => {
    const { findings } = storeBeforeAndAfter();
    expect(findings.newlyFailing.map((finding) => [finding.check, finding.resource.name, finding.status])).toEqual([['pss.baseline.privileged-containers', 'frontend', 'fail']]);
    expect(findings.fixed.map((finding) => [finding.check, finding.resource.name, finding.status])).toEqual([['pss.baseline.privileged-containers', 'cart', 'fail']]);
    // frontend's image finding failed before and after (a different tag): not newly failing.
  });

  it('lists resources added, removed and changed, with field-level changes', () => {
    const { resources } = storeBeforeAndAfter();
    expect(resources.added).toEqual([ref('Service', 'checkout')]);
    expect(resources.removed).toEqual([ref('Service', 'legacy')]);
    expect(resources.changed).toEqual([
      {
        resource: ref('Deployment', 'cart'),
        changes: [{ path: 'spec.template.spec.containers[0].securityContext.privileged', before: true, after: false }],
      },
      {
        resource: ref('Deployment', 'frontend'),
        changes: [
          { path: 'metadata.labels["app.kubernetes.io/version"]', before: '1', after: '2' },
          { path: 'spec.template.spec.containers[0].image', before: 'registry.example.com/shop/frontend:v1', after: 'registry.example.com/shop/frontend:v2' },
          { path: 'spec.template.spec.containers[0].securityContext', before: null, after: { privileged: true } },
        ],
      },
    ]);
  });

  it('keeps its definitions with every built-in check: newly failing fails now and was not failing, fixed failed and passes now', () => {
    const diff = storeBeforeAndAfter([...BUILT_IN_CHECKS]);
    const before = store.getRun(diff.from.id).findings;
    const after = store.getRun(diff.to.id).findings;
    const subject = (finding: { check: string; resource: { kind: string; name: string } }): string => `${finding.check} ${finding.resource.kind}/${finding.resource.name}`;
    for (const finding of diff.findings.newlyFailing) {
      expect(['fail', 'unknown']).toContain(finding.status);
      expect(after).toContainEqual(finding);
      expect(before.filter((old) => subject(old) === subject(finding) && ['fail', 'unknown'].includes(old.status) && !after.some((now) => JSON.stringify(now) === JSON.stringify(old)))).toEqual([]);
    }
    for (const finding of diff.findings.fixed) {
      expect(before).toContainEqual(finding);
      expect(after.filter((now) => subject(now) === subject(finding) && !['pass', 'not-applicable'].includes(now.status) && !before.some((old) => JSON.stringify(old) === JSON.stringify(now)))).toEqual([]);
    }
    expect(diff.findings.newlyFailing.map(subject)).toContain('pss.baseline.privileged-containers Deployment/frontend');
    expect(diff.findings.fixed.map(subject)).toContain('pss.baseline.privileged-containers Deployment/cart');
  });

  it('finds nothing between two runs of an unchanged cluster', () => {
    const snapshot = (at: string) => snapshotOf(readManifests(BEFORE), { collectedAt: at });
    const a = store.insertRun(newRunOf(snapshot('2026-03-01T00:00:00Z'), undefined, CHECKS)).summary;
    const b = store.insertRun(newRunOf(snapshot('2026-03-02T00:00:00Z'), undefined, CHECKS)).summary;
    const diff = store.diffRuns(a.id, b.id);
    expect([diff.requirements, diff.findings.newlyFailing, diff.findings.fixed, diff.resources.added, diff.resources.removed, diff.resources.changed]).toEqual([[], [], [], [], [], []]);
  });

  it('refuses to compare runs of two different clusters', () => {
    const a = store.insertRun(newRunOf(snapshotOf(readManifests(BEFORE), { collectedAt: '2026-03-01T00:00:00Z' }), undefined, CHECKS)).summary;
    const other = snapshotOf(readManifests(AFTER), { collectedAt: '2026-03-01T00:00:00Z', cluster: { uid: 'other', name: 'other', server: null, version: null } });
    const b = store.insertRun(newRunOf(other, undefined, CHECKS)).summary;
    expect(() => store.diffRuns(a.id, b.id)).toThrow(/diff compares runs of one cluster/);
  });
});

describe('fieldChanges', () => {
  it('reports leaves, fields present on one side only, array growth and type changes', () => {
    expect(fieldChanges({ a: 1, b: { c: [1, 2] }, d: 'x', e: [1] }, { a: 1, b: { c: [1, 3, 4] }, f: true, e: { 0: 1 } })).toEqual([
      { path: 'b.c[1]', before: 2, after: 3 },
      { path: 'b.c[2]', before: null, after: 4 },
      { path: 'd', before: 'x', after: null },
      { path: 'e', before: [1], after: { 0: 1 } },
      { path: 'f', before: null, after: true },
    ]);
  });
});
