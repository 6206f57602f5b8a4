import { describe, expect, it } from 'vitest';
import { evaluateChecks } from '../../src/checks/engine.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import { attackSurfaceOf } from '../../src/report/model/attack-surface.js';
import { threatOf } from '../../src/report/model/remediation.js';
import { readManifests, snapshotOf } from '../support/fixture-snapshot.js';

/** The new access checks reach the report: attack-surface counts and the threat model of the remediation plan. */
const FIXTURES = new URL('./', import.meta.url).pathname;

function surfaceOf(file: string): ReturnType<typeof attackSurfaceOf> {
  return attackSurfaceOf(evaluateChecks(snapshotOf(readManifests(`${FIXTURES}${file}`)), BUILT_IN_CHECKS));
}

describe('identities with cluster-wide power', () => {
  it('counts a ClusterRoleBinding that gives update/patch on Deployments in every namespace', () => {
    expect(surfaceOf('rbac.workload-controller-write/fail.ci-deployer-patch-deployments.yaml').clusterWideIdentities).toBeGreaterThan(0);
    expect(surfaceOf('rbac.workload-controller-write/pass.read-and-scale-only.yaml').clusterWideIdentities).toBe(0);
  });

  it('counts a workload whose service account holds cluster-admin through a ClusterRoleBinding', () => {
    const findings = evaluateChecks(snapshotOf(readManifests(`${FIXTURES}workload.service-account-power/fail.jenkins-cluster-admin.yaml`)), BUILT_IN_CHECKS);
    const power = findings.find((finding) => finding.check === 'workload.service-account-power');
    expect(power?.status).toBe('fail');
    expect(attackSurfaceOf([power!]).clusterWideIdentities).toBe(1);
  });
});

describe('remediation plan', () => {
  it('ranks powerful workload identities under the compromised-container threat', () => {
    expect(threatOf('workload.service-account-power', 0)).toBe('compromised-container');
    expect(threatOf('rbac.workload-controller-write', 0)).toBe('compromised-credentials');
  });
});
