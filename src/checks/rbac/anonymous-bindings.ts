import { describeRef, refOf, type KubeObject } from '../../domain/snapshot.js';
import { at, defineCheck, type FindingDraft } from '../define-check.js';
import { clusterRef } from '../engine.js';
import type { SnapshotIndex } from '../snapshot-index.js';
import { RBAC_KINDS, allBindings, bindingsExamined, isKubernetesDefault, roleOf, roleRefOf, rulesOf, subjectEvidence, subjectsOf, type BindingSubject } from './_shared.js';

export default defineCheck({
  id: 'rbac.anonymous-bindings',
  title: 'No binding grants access to system:anonymous or system:unauthenticated',
  severity: 'critical',
  rationale:
    'system:anonymous and system:unauthenticated are every caller that presents no credential. Anything bound to them is ' +
    'open to anyone who can reach the API server, including from the internet when the endpoint is public.',
  remediation: 'Delete bindings that name User system:anonymous or Group system:unauthenticated; if anonymous health checks are needed, rely on the default system:public-info-viewer binding.',
  reads: RBAC_KINDS,
  needs: RBAC_KINDS,
  references: { nsa: ['Authentication and authorization'] },
  evaluate: ({ snapshot, index }) => {
    const findings = allBindings(index).flatMap((binding) => anonymousFindingFor(index, binding));
    return findings.length > 0
      ? findings
      : [{ resource: clusterRef(snapshot), status: 'pass', message: 'No RoleBinding or ClusterRoleBinding names system:anonymous or system:unauthenticated.', evidence: [bindingsExamined(index)] }];
  },
});

function isAnonymous(subject: BindingSubject): boolean {
  return (subject.kind === 'User' && subject.name === 'system:anonymous') || (subject.kind === 'Group' && subject.name === 'system:unauthenticated');
}

/**
 * Kubernetes binds system:unauthenticated by default to system:public-info-viewer (health and version URLs only).
 * A default binding passes when its role, as collected, grants non-resource URLs and nothing else.
 */
function anonymousFindingFor(index: SnapshotIndex, binding: KubeObject): FindingDraft[] {
  const anonymous = subjectsOf(binding).filter(isAnonymous);
  if (anonymous.length === 0) return [];
  const resource = refOf(binding);
  const roleRef = roleRefOf(binding);
  const evidence = [at('roleRef', { kind: roleRef.kind, name: roleRef.name }), ...anonymous.map((subject) => subjectEvidence(binding, subject, 'no anonymous subject'))];
  const who = anonymous.map((subject) => subject.name).join(' and ');
  if (!isKubernetesDefault(binding)) {
    return [{ resource, status: 'fail', message: `${describeRef(resource)} gives ${roleRef.kind}/${roleRef.name} to ${who}, that is to anyone who can reach the API server.`, evidence }];
  }
  const role = roleOf(index, binding);
  if (role === undefined) {
    return [{ resource, status: 'unknown', message: `${describeRef(resource)} gives ${roleRef.kind}/${roleRef.name} to ${who}, and the role is not in the snapshot, so what it grants could not be judged.`, evidence }];
  }
  const grantsResources = rulesOf(role).some((rule) => rule.resources.length > 0);
  return grantsResources
    ? [{ resource, status: 'fail', message: `${describeRef(resource)} gives ${who} access to API resources through ${roleRef.kind}/${roleRef.name}.`, evidence, related: [refOf(role)] }]
    : [{ resource, status: 'pass', message: `${describeRef(resource)} is a Kubernetes default binding that gives ${who} only non-resource URLs through ${roleRef.kind}/${roleRef.name}.`, evidence, related: [refOf(role)] }];
}
