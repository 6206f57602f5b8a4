import { describeRef, refOf, type KubeObject, type Snapshot } from '../../domain/snapshot.js';
import { at, defineCheck, type FindingDraft } from '../define-check.js';
import { clusterRef } from '../engine.js';
import type { SnapshotIndex } from '../snapshot-index.js';
import { RBAC_KINDS, allBindings, bindingsExamined, isKubernetesDefault, roleRefOf, subjectEvidence, subjectsOf } from './_shared.js';

const MASTERS = 'system:masters';

export default defineCheck({
  id: 'rbac.system-masters-group',
  title: 'The system:masters group is not used to grant access',
  severity: 'high',
  rationale:
    'Members of system:masters bypass RBAC and every authorization webhook; the membership is written into client ' +
    'certificates, so it cannot be revoked short of rotating the cluster CA. Bindings that name the group, and ' +
    'credentials that carry it, show it being used for everyday access.',
  remediation:
    'Remove bindings that name system:masters (the Kubernetes default cluster-admin binding excepted) and issue users ' +
    'credentials for ordinary groups bound to the roles they need; keep system:masters for break-glass use.',
  reads: RBAC_KINDS,
  needs: RBAC_KINDS,
  references: { cis: ['5.1.7'], nsa: ['Authentication and authorization'] },
  evaluate: ({ snapshot, index }) => {
    const bindings = bindingFindings(index);
    const collector = collectorFinding(snapshot, index, bindings.length === 0);
    return [...bindings, ...(collector === undefined ? [] : [collector])];
  },
});

function bindingFindings(index: SnapshotIndex): FindingDraft[] {
  return allBindings(index).flatMap((binding): FindingDraft[] => {
    const masters = subjectsOf(binding).filter((subject) => subject.kind === 'Group' && subject.name === MASTERS);
    if (masters.length === 0) return [];
    const resource = refOf(binding);
    const evidence = masters.map((subject) => subjectEvidence(binding, subject));
    return isDefaultMastersBinding(binding)
      ? [{ resource, status: 'pass', message: `${describeRef(resource)} is the Kubernetes default binding of ${MASTERS} to cluster-admin.`, evidence }]
      : [{ resource, status: 'fail', message: `${describeRef(resource)} names the group ${MASTERS}, which bypasses RBAC; grant access through an ordinary group instead.`, evidence }];
  });
}

/** The API server creates ClusterRoleBinding cluster-admin → Group system:masters; it is the platform's, not a choice. */
function isDefaultMastersBinding(binding: KubeObject): boolean {
  const roleRef = roleRefOf(binding);
  return binding.kind === 'ClusterRoleBinding' && isKubernetesDefault(binding) && roleRef.kind === 'ClusterRole' && roleRef.name === 'cluster-admin';
}

/**
 * The cluster-level finding: when the collector's identity was read with SelfSubjectReview, its groups are evidence
 * about the credential in use; when no binding names the group, that absence is said here too.
 */
function collectorFinding(snapshot: Snapshot, index: SnapshotIndex, noBindings: boolean): FindingDraft | undefined {
  const resource = clusterRef(snapshot);
  const absence = noBindings ? `No RoleBinding or ClusterRoleBinding names the group ${MASTERS}.` : '';
  const { collector } = snapshot;
  if (collector.source !== 'SelfSubjectReview') return noBindings ? { resource, status: 'pass', message: absence, evidence: [bindingsExamined(index)] } : undefined;
  const evidence = [at('collector.groups', [...collector.groups], `not containing ${MASTERS}`)];
  const prefix = absence === '' ? '' : `${absence} `;
  return collector.groups.includes(MASTERS)
    ? { resource, status: 'fail', message: `${prefix}The identity that collected this snapshot (${collector.username}) is a member of ${MASTERS}: a credential that bypasses RBAC is in use.`, evidence }
    : { resource, status: 'pass', message: `${prefix}The identity that collected this snapshot (${collector.username}) is not a member of ${MASTERS}.`, evidence };
}
