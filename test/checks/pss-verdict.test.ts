import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PSS_CONTROLS } from '../../src/checks/check-metadata-schema.js';
import { evaluateChecks } from '../../src/checks/engine.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import type { Finding } from '../../src/domain/finding.js';
import type { KubeObject } from '../../src/domain/snapshot.js';
import { readManifests, snapshotOf } from '../support/fixture-snapshot.js';
import { KYVERNO_PSS_SUBRULE } from '../support/repo-fixtures.js';

/**
 * The Pod Security Standards are cumulative: a pod meets Baseline when it breaks no Baseline control, and Restricted
 * when it breaks no Baseline and no Restricted control. With one check per control and level, a pod's level can be
 * derived from findings alone; this test does so for real workloads and checks the derivation against what the
 * standard says of them.
 */

type Level = 'restricted' | 'baseline' | 'privileged' | 'unknown';

const PSS_CHECKS = BUILT_IN_CHECKS.filter((check) => check.references.pss !== undefined);
const LEVEL_OF_CHECK = new Map(PSS_CHECKS.map((check) => [check.id, check.references.pss?.level]));

/** The strictest level whose controls the subject's findings all satisfy (pass or not-applicable). */
function levelOf(findings: readonly Finding[]): Level {
  const breaks = (level: 'baseline' | 'restricted'): boolean =>
    findings.some((finding) => LEVEL_OF_CHECK.get(finding.check) === level && finding.status === 'fail');
  if (findings.some((finding) => finding.status === 'unknown' || finding.status === 'waived')) return 'unknown';
  if (breaks('baseline')) return 'privileged';
  return breaks('restricted') ? 'baseline' : 'restricted';
}

function levelsOf(objects: readonly KubeObject[]): Record<string, Level> {
  const findings = evaluateChecks(snapshotOf(objects), PSS_CHECKS);
  const subjects = [...new Set(findings.map((finding) => `${finding.resource.kind}/${finding.resource.name}`))];
  return Object.fromEntries(
    subjects.map((subject) => [subject, levelOf(findings.filter((finding) => `${finding.resource.kind}/${finding.resource.name}` === subject))]),
  );
}

function manifests(path: string): KubeObject[] {
  return readManifests(fileURLToPath(new URL(path, import.meta.url)));
}


describe('Pod Security Standards level derived from findings', () => {
  it('has exactly one check per control and level of the official tables', () => {
    const declared = PSS_CHECKS.map((check) => `${check.references.pss?.level}/${check.references.pss?.control}`).sort();
    const expected = [...PSS_CONTROLS.baseline.map((control) => `baseline/${control}`), ...PSS_CONTROLS.restricted.map((control) => `restricted/${control}`)].sort();
    expect(declared).toEqual(expected);
  });

  it('reads the microservices-demo frontend as baseline: restricted but for its missing seccomp profile', () => {
    const objects = manifests('./pss.restricted.seccomp/fail.microservices-demo-frontend-no-profile.yaml');
    expect(levelsOf(objects)).toEqual({ 'Deployment/frontend': 'baseline' });
  });

  it('reads the same frontend with a RuntimeDefault profile as restricted', () => {
    const objects = manifests('./pss.restricted.seccomp/pass.microservices-demo-frontend-runtime-default.yaml');
    expect(levelsOf(objects)).toEqual({ 'Deployment/frontend': 'restricted' });
  });

  it("reads calico-node (privileged init container, host network) as privileged", () => {
    const objects = manifests('./pss.baseline.privileged-containers/fail.privileged-init-container.yaml');
    expect(levelsOf(objects)).toEqual({ 'DaemonSet/calico-node': 'privileged' });
  });

  it('agrees with the Pod Security admission library (Kyverno podSecurity subrules) on their pods', () => {
    expect(levelsOf(readManifests(join(KYVERNO_PSS_SUBRULE, 'podsecurity-subrule-baseline.resource.yaml')))).toEqual({
      'Pod/badpod01': 'privileged',
      'Pod/goodpod01': 'baseline',
    });
    expect(levelsOf(readManifests(join(KYVERNO_PSS_SUBRULE, 'restricted-latest.resource.yaml')))).toEqual({
      'Pod/badpod01': 'baseline',
      'Pod/goodpod01': 'restricted',
    });
  });

  it('exempts Windows pods from the Linux-only restricted controls and still derives a level', () => {
    const [deployment] = manifests('./pss.restricted.seccomp/fail.microservices-demo-frontend-no-profile.yaml');
    if (deployment === undefined) throw new Error('fixture is empty');
    // The frontend as a Windows workload (spec.os.name: windows), as the standard's Linux-only note describes it.
    const windows = JSON.parse(JSON.stringify(deployment).replace('"serviceAccountName":"frontend"', '"os":{"name":"windows"},"serviceAccountName":"frontend"')) as KubeObject;
    expect(JSON.stringify(windows)).toContain('"os":{"name":"windows"}');
    const findings = evaluateChecks(snapshotOf([windows]), PSS_CHECKS);
    const notApplicable = findings.filter((finding) => finding.status === 'not-applicable').map((finding) => finding.check).sort();
    expect(notApplicable).toEqual(['pss.restricted.capabilities', 'pss.restricted.privilege-escalation', 'pss.restricted.seccomp']);
    expect(levelOf(findings)).toBe('restricted');
  });

  it('says unknown, not restricted, when the pods could not be read', () => {
    const objects = manifests('./pss.restricted.seccomp/pass.microservices-demo-frontend-runtime-default.yaml');
    const snapshot = snapshotOf(objects);
    const findings = evaluateChecks({ ...snapshot, collectedKinds: snapshot.collectedKinds.filter((kind) => kind !== 'Deployment.apps') }, PSS_CHECKS);
    expect(levelOf(findings)).toBe('unknown');
  });
});
