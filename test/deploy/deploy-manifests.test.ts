import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateChecks } from '../../src/checks/engine.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import { loadSnapshotInput } from '../../src/collect/index.js';
import { COLLECTED_KINDS } from '../../src/collect/kinds.js';
import type { JsonObject } from '../../src/domain/json.js';

const DEPLOY = new URL('../../deploy/kubernetes', import.meta.url).pathname;
const snapshot = loadSnapshotInput(DEPLOY, { completeKinds: ['*'] });

function rulesOf(name: string): JsonObject[] {
  const role = snapshot.resources.find((object) => object.kind === 'ClusterRole' && object.metadata.name === name);
  return (role?.['rules'] ?? []) as JsonObject[];
}

describe('deploy/ manifests', () => {
  it('pass every Pod Security Standards check at baseline and restricted', () => {
    const pss = BUILT_IN_CHECKS.filter((check) => check.references.pss !== undefined);
    expect(pss.length).toBeGreaterThanOrEqual(17);
    const findings = evaluateChecks(snapshot, pss);
    expect(findings.filter((finding) => finding.status !== 'pass')).toEqual([]);
    expect(findings.filter((finding) => finding.resource.kind === 'CronJob').length).toBe(pss.length);
  });

  it('pass the workload hygiene checks too (limits, requests, read-only root, image tags)', () => {
    const ids = ['workload.read-only-root-filesystem', 'workload.resource-limits', 'workload.resource-requests', 'images.latest-tag', 'namespaces.pod-security-labels'];
    const findings = evaluateChecks(snapshot, BUILT_IN_CHECKS.filter((check) => ids.includes(check.id)));
    expect(findings.filter((finding) => finding.status === 'fail')).toEqual([]);
  });

  it('grant the collector read-only access: get and list only', () => {
    const verbs = new Set([...rulesOf('kubevidence-reader'), ...rulesOf('kubevidence-kubelet-config')].flatMap((rule) => rule['verbs'] as string[]));
    expect([...verbs].sort()).toEqual(['get', 'list']);
  });

  it('grant exactly the kinds the collector reads (secrets: list only)', () => {
    const granted = new Set(rulesOf('kubevidence-reader').flatMap((rule) => (rule['apiGroups'] as string[]).flatMap((group) => (rule['resources'] as string[]).map((resource) => `${group}/${resource}`))));
    const needed = new Set(COLLECTED_KINDS.map((kind) => `${kind.group}/${kind.plural}`));
    expect([...granted].sort()).toEqual([...needed].sort());
    const secrets = rulesOf('kubevidence-reader').find((rule) => (rule['resources'] as string[]).includes('secrets'));
    expect(secrets?.['verbs']).toEqual(['list']);
  });

  it('the Dockerfile runs as the non-root UID the CronJob expects', () => {
    const dockerfile = readFileSync(new URL('../../deploy/Dockerfile', import.meta.url), 'utf8');
    expect(dockerfile).toMatch(/^USER 10001:10001$/m);
    expect(dockerfile.match(/^FROM /gm)?.length).toBe(2);
  });
});
