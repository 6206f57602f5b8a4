import { describe, expect, it } from 'vitest';
import { evaluateChecks } from '../../src/checks/engine.js';
import { toEvaluationJson } from '../../src/contracts/evaluation-report.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import { WORKLOAD_KINDS } from '../../src/checks/workload-subjects.js';
import type { Finding } from '../../src/domain/finding.js';
import type { KubeObject, Snapshot } from '../../src/domain/snapshot.js';
import { COLLECTED_KIND_KEYS } from '../../src/collect/kinds.js';
import { readManifests, snapshotOf } from '../support/fixture-snapshot.js';
import { DEMO_MANIFESTS, fixture, perWorkload, syntheticCheck } from '../support/synthetic-checks.js';

const OWNED_PODS = readManifests(fixture('owned-pods.yaml'));

function withoutKinds(objects: readonly KubeObject[], missing: readonly string[], reason: 'forbidden' | 'error' = 'forbidden'): Snapshot {
  return snapshotOf(objects, {
    collectedKinds: COLLECTED_KIND_KEYS.filter((kind) => !missing.includes(kind)),
    gaps: missing.map((kind) => ({ kind, reason, detail: `${kind} could not be listed` })),
  });
}

function statusesOf(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.resource.kind}/${finding.resource.name}:${finding.status}`);
}

describe('fail-safe: missing evidence is unknown, never pass', () => {
  it('a kind the check reads that was not collected yields an unknown naming the gap', () => {
    const check = perWorkload('synthetic.reads-pods', 'pass', { reads: ['Pod'] });
    const findings = evaluateChecks(withoutKinds([], ['Pod']), [check]);
    expect(findings).toEqual([
      {
        check: 'synthetic.reads-pods',
        resource: { apiVersion: 'kubevidence.io/v1', kind: 'Cluster', name: 'test' },
        status: 'unknown',
        message: 'Pod was not collected (forbidden), so Pod objects could not be examined.',
        evidence: [{ path: 'gaps[Pod]', observed: 'forbidden' }],
      },
    ]);
  });

  it('a check whose every subject comes from a missing kind reports no pass at all', () => {
    const check = syntheticCheck('synthetic.no-pod-is-bad', ({ index }) =>
      index.list('Pod').map((pod) => ({ resource: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name }, status: 'pass', message: 'ok', evidence: [] })),
    );
    const statuses = evaluateChecks(withoutKinds(OWNED_PODS.filter((object) => object.kind !== 'Pod'), ['Pod']), [check]).map((finding) => finding.status);
    expect(statuses).toEqual(['unknown']);
  });

  it('a kind the check needs for a join that was not collected turns every pass into unknown and keeps fails', () => {
    const check = syntheticCheck(
      'synthetic.needs-policies',
      ({ index }) => index.workloads.map((workload) => ({
        resource: workload.ref,
        status: workload.ref.name === 'debug' ? 'fail' : 'pass',
        message: `${workload.ref.name} is selected by a policy.`,
        evidence: [],
      })),
      { reads: WORKLOAD_KINDS, needs: ['NetworkPolicy.networking.k8s.io'] },
    );
    const findings = evaluateChecks(withoutKinds(OWNED_PODS, ['NetworkPolicy.networking.k8s.io'], 'error'), [check]);
    expect(findings.map((finding) => finding.status)).not.toContain('pass');
    expect(findings.find((finding) => finding.resource.name === 'debug')?.status).toBe('fail');
    const web = findings.find((finding) => finding.resource.name === 'web');
    expect(web?.status).toBe('unknown');
    expect(web?.message).toBe('web is selected by a policy. Not conclusive: NetworkPolicy.networking.k8s.io was not collected (error).');
  });

  it('the same check with everything collected passes', () => {
    const check = perWorkload('synthetic.needs-policies', 'pass', { reads: WORKLOAD_KINDS, needs: ['NetworkPolicy.networking.k8s.io'] });
    expect(new Set(evaluateChecks(snapshotOf(OWNED_PODS), [check]).map((finding) => finding.status))).toEqual(new Set(['pass']));
  });

  it('a check that throws yields one unknown and does not stop the others', () => {
    const throwing = syntheticCheck('synthetic.throws', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'containers')");
    });
    const after = perWorkload('synthetic.after', 'pass');
    const findings = evaluateChecks(snapshotOf(OWNED_PODS), [throwing, after]);
    expect(findings[0]).toEqual({
      check: 'synthetic.throws',
      resource: { apiVersion: 'kubevidence.io/v1', kind: 'Cluster', name: 'test' },
      status: 'unknown',
      message: "Check synthetic.throws could not be evaluated: Cannot read properties of undefined (reading 'containers')",
      evidence: [],
    });
    expect(findings.slice(1).map((finding) => finding.check)).toEqual(Array(findings.length - 1).fill('synthetic.after'));
    expect(findings.length).toBeGreaterThan(1);
  });
});

describe('ordering and determinism', () => {
  it('reports checks in the order given and subjects sorted by kind, namespace and name', () => {
    const reversed = syntheticCheck('synthetic.reversed', ({ index }) =>
      [...index.workloads].reverse().map((workload) => ({ resource: workload.ref, status: 'pass', message: 'ok', evidence: [] })),
    );
    const findings = evaluateChecks(snapshotOf(OWNED_PODS), [perWorkload('synthetic.b-first', 'fail'), reversed]);
    const names = (check: string): string[] => findings.filter((finding) => finding.check === check).map((finding) => `${finding.resource.kind}/${finding.resource.name}`);
    const expected = ['CronJob/report', 'Deployment/web', 'Pod/adopted-by-nobody', 'Pod/debug', 'Pod/orphan-5d8f-kq2lm'];
    expect(names('synthetic.b-first')).toEqual(expected);
    expect(names('synthetic.reversed')).toEqual(expected);
    expect(findings.map((finding) => finding.check).indexOf('synthetic.reversed')).toBe(expected.length);
  });

  it('puts unexamined-kind findings after the check’s own findings', () => {
    const check = perWorkload('synthetic.reads-jobs', 'pass', { reads: ['Pod', 'Job.batch'] });
    const findings = evaluateChecks(withoutKinds(OWNED_PODS.filter((object) => object.kind !== 'Job'), ['Job.batch']), [check]);
    expect(findings.at(-1)?.resource.kind).toBe('Cluster');
    expect(findings.at(-1)?.status).toBe('unknown');
  });

  it('gives byte-identical output for the same input, whatever order the objects were read in', () => {
    const demo = readManifests(DEMO_MANIFESTS);
    const objects = [...demo, ...OWNED_PODS];
    const shuffled = [...objects].reverse();
    const checks = [...BUILT_IN_CHECKS, perWorkload('synthetic.everything', 'fail')];
    const render = (input: readonly KubeObject[]): string => {
      const snapshot = snapshotOf(input);
      const findings = evaluateChecks(snapshot, checks);
      return JSON.stringify(toEvaluationJson({ checks, findings, gaps: snapshot.gaps, waivers: { applied: [], expired: [] } }));
    };
    const first = render(objects);
    expect(render(objects)).toBe(first);
    expect(render(shuffled)).toBe(first);
    expect(JSON.stringify(evaluateChecks(snapshotOf(objects), checks))).toBe(JSON.stringify(evaluateChecks(snapshotOf(shuffled), checks)));
  });
});

describe('findings are made from drafts without changing anything a check shares', () => {
  it('gives each check its own finding when two checks return the same draft object, frozen or not', () => {
    const shared = { resource: { apiVersion: 'v1', kind: 'Namespace', name: 'default' }, status: 'pass' as const, message: 'shared', evidence: [] };
    const frozen = Object.freeze({ ...shared, message: 'frozen' });
    const first = syntheticCheck('synthetic.first', () => [shared, frozen]);
    const second = syntheticCheck('synthetic.second', () => [shared, frozen]);
    const findings = evaluateChecks(snapshotOf(OWNED_PODS), [first, second]);
    expect(findings.map((finding) => `${finding.check} ${finding.message}`)).toEqual(['synthetic.first shared', 'synthetic.first frozen', 'synthetic.second shared', 'synthetic.second frozen']);
    expect(Object.isFrozen(frozen) && !('check' in frozen)).toBe(true);
  });
});

describe('controller-owned pods are folded into their controller', () => {
  const findings = evaluateChecks(snapshotOf(OWNED_PODS), [perWorkload('synthetic.per-workload', 'pass')]);
  const byName = new Map(findings.map((finding) => [finding.resource.name, finding]));

  it('reports each workload once: controllers and pods without a controller in the snapshot', () => {
    expect(statusesOf(findings)).toEqual([
      'CronJob/report:pass',
      'Deployment/web:pass',
      'Pod/adopted-by-nobody:pass',
      'Pod/debug:pass',
      'Pod/orphan-5d8f-kq2lm:pass',
    ]);
  });

  it('folds Pod → ReplicaSet → Deployment into the Deployment, listing its pods', () => {
    expect(byName.get('web')?.related).toEqual([
      { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web-7f9c-a1k2z' },
      { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web-7f9c-b2x4q' },
    ]);
    expect(byName.has('web-7f9c')).toBe(false);
  });

  it('folds Pod → Job → CronJob into the CronJob', () => {
    expect(byName.get('report')?.related).toEqual([{ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'report-28930-9zq8d' }]);
    expect(byName.has('report-28930')).toBe(false);
  });

  it('keeps a pod whose controller is absent, or whose owner is not its controller, as its own subject', () => {
    expect(byName.get('orphan-5d8f-kq2lm')?.related).toEqual([]);
    expect(byName.get('adopted-by-nobody')?.resource).toEqual({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'adopted-by-nobody' });
  });
});
