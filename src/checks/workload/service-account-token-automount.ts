import { at, defineCheck, type FindingDraft } from '../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../workload-subjects.js';
import { describeRef, refOf } from '../../domain/snapshot.js';
import type { SnapshotIndex } from '../snapshot-index.js';
import { shown } from '../pss/_shared.js';

/** The service account a pod runs as: serviceAccountName, the deprecated serviceAccount alias, else `default`. */
function serviceAccountNameOf(workload: WorkloadSubject): string {
  const name = workload.podSpec['serviceAccountName'] ?? workload.podSpec['serviceAccount'];
  return typeof name === 'string' && name !== '' ? name : 'default';
}

/**
 * The pod's automountServiceAccountToken wins when set; otherwise the ServiceAccount's applies, and a token is mounted
 * unless one of them says false (the Kubernetes default is to mount).
 */
function findingOf(index: SnapshotIndex, workload: WorkloadSubject): FindingDraft {
  const subject = workload.description;
  const podValue = workload.podSpec['automountServiceAccountToken'];
  const podEvidence = at(`${workload.specPath}.automountServiceAccountToken`, podValue, 'false (here or on the ServiceAccount)');
  const base = { resource: workload.ref, related: workload.pods };
  if (podValue === false) return { ...base, status: 'pass', message: `${subject} does not automount a service account token.`, evidence: [podEvidence] };
  if (podValue !== undefined && podValue !== null) {
    return { ...base, status: 'fail', message: `${subject} sets automountServiceAccountToken to ${shown(podValue)}, so every container gets an API token.`, evidence: [podEvidence] };
  }
  const account = serviceAccountNameOf(workload);
  if (!index.hasCollected('ServiceAccount')) {
    return { ...base, status: 'unknown', message: `${subject} leaves token automount to ServiceAccount '${account}', and ServiceAccounts were not collected.`, evidence: [podEvidence] };
  }
  const serviceAccount = index.get('ServiceAccount', workload.namespace, account);
  if (serviceAccount === undefined) {
    return { ...base, status: 'fail', message: `${subject} leaves token automount to ServiceAccount '${account}', which does not exist, so nothing disables the token.`, evidence: [podEvidence] };
  }
  const raw = serviceAccount['automountServiceAccountToken'];
  const accountValue = typeof raw === 'boolean' ? raw : undefined;
  const accountEvidence = at(`${describeRef(refOf(serviceAccount))}:automountServiceAccountToken`, accountValue, 'false');
  const related = [...workload.pods, refOf(serviceAccount)];
  return accountValue === false
    ? { ...base, related, status: 'pass', message: `${subject} runs as ServiceAccount '${account}', which does not automount its token.`, evidence: [podEvidence, accountEvidence] }
    : { ...base, related, status: 'fail', message: `${subject} automounts the token of ServiceAccount '${account}': neither the pod nor the ServiceAccount sets automountServiceAccountToken to false.`, evidence: [podEvidence, accountEvidence] };
}

export default defineCheck({
  id: 'workload.service-account-token-automount',
  title: 'Pods do not automount service account tokens unless they need them',
  severity: 'medium',
  rationale:
    'Every pod gets a Kubernetes API token in /var/run/secrets/kubernetes.io/serviceaccount unless automounting is turned ' +
    'off; an intruder in any container can use it with whatever RBAC the service account has. Pods that do not call the ' +
    'API should set automountServiceAccountToken: false (or run as a ServiceAccount that does); pods that need the token ' +
    'should be recorded as waivers.',
  remediation: 'Set automountServiceAccountToken: false in the pod spec or on its ServiceAccount; for pods that call the API, mount a projected token with a short expiry and a specific audience instead.',
  reads: [...WORKLOAD_KINDS, 'ServiceAccount'],
  references: {
    cis: ['5.1.6'],
    nsa: ['Kubernetes Pod security: Protecting Pod service account tokens'],
  },
  evaluate: ({ index }) => index.workloads.map((workload) => findingOf(index, workload)),
});
