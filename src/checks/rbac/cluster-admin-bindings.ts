import type { KubeObject } from '../../domain/snapshot.js';
import { describeRef, refOf } from '../../domain/snapshot.js';
import { at, defineCheck, type FindingDraft } from '../define-check.js';
import type { SnapshotIndex } from '../snapshot-index.js';
import {
  RBAC_KINDS,
  allBindings,
  describeSubject,
  isFullControlRule,
  isSystemIdentity,
  roleOf,
  roleRefOf,
  rulesOf,
  subjectEvidence,
  subjectsOf,
} from './_shared.js';

export default defineCheck({
  id: 'rbac.cluster-admin-bindings',
  title: 'cluster-admin, or a role equivalent to it, is bound only to system identities',
  severity: 'high',
  rationale:
    'cluster-admin gives unrestricted control of every resource. A role granting every verb on every resource of every ' +
    'API group is the same thing under another name, and bound with a RoleBinding it gives the same unrestricted control ' +
    'of a namespace. Every such binding to a person, group or workload is a standing superuser credential.',
  remediation:
    'Bind the subject to a narrower role (admin, edit, view or a custom role) and remove the binding to cluster-admin or ' +
    'to the wildcard role: kubectl delete clusterrolebinding <name>.',
  reads: RBAC_KINDS,
  needs: RBAC_KINDS,
  references: { cis: ['5.1.1'], nsa: ['Authentication and authorization'] },
  evaluate: ({ index }) => allBindings(index).map((binding) => clusterAdminFindingFor(index, binding)),
});

function clusterAdminFindingFor(index: SnapshotIndex, binding: KubeObject): FindingDraft {
  const resource = refOf(binding);
  const roleRef = roleRefOf(binding);
  const role = roleOf(index, binding);
  const people = subjectsOf(binding).filter((subject) => !isSystemIdentity(subject));
  const roleName = `${roleRef.kind}/${roleRef.name}`;
  const refEvidence = at('roleRef', { kind: roleRef.kind, name: roleRef.name });
  if (role === undefined && roleRef.name !== 'cluster-admin') {
    return people.length === 0
      ? { resource, status: 'pass', message: `${describeRef(resource)} binds ${roleName} only to system identities.`, evidence: [refEvidence] }
      : { resource, status: 'unknown', message: `${describeRef(resource)} refers to ${roleName}, which is not in the snapshot, so whether it is equivalent to cluster-admin could not be judged.`, evidence: [refEvidence] };
  }
  const fullControl = role === undefined ? [] : rulesOf(role).filter(isFullControlRule);
  const isClusterAdmin = roleRef.kind === 'ClusterRole' && roleRef.name === 'cluster-admin';
  if (!isClusterAdmin && fullControl.length === 0) {
    return { resource, status: 'pass', message: `${describeRef(resource)} binds ${roleName}, which is not cluster-admin or equivalent to it.`, evidence: [refEvidence] };
  }
  const scope = binding.kind === 'RoleBinding' ? `full control of namespace ${binding.metadata.namespace ?? 'default'}` : 'full control of the cluster';
  const what = isClusterAdmin ? roleName : `${roleName} (every verb on every resource, equivalent to cluster-admin)`;
  const ruleEvidence = fullControl.map((rule) => at(`${describeRef(refOf(role as KubeObject))}:${rule.path}`, { apiGroups: [...rule.apiGroups], resources: [...rule.resources], verbs: [...rule.verbs] }));
  if (people.length === 0) {
    return { resource, status: 'pass', message: `${describeRef(resource)} gives ${scope} through ${what} only to system identities.`, evidence: [refEvidence, ...ruleEvidence] };
  }
  return {
    resource,
    status: 'fail',
    message: `${describeRef(resource)} gives ${scope} through ${what} to ${people.map(describeSubject).join(', ')}.`,
    evidence: [refEvidence, ...ruleEvidence, ...people.map((subject) => subjectEvidence(binding, subject, 'a system identity'))],
    ...(role === undefined ? {} : { related: [refOf(role)] }),
  };
}
