import { at, defineCheck, type FindingDraft } from '../define-check.js';
import { describeRef, refOf, type KubeObject } from '../../domain/snapshot.js';
import { isSystemNamespace } from './_shared.js';

const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
const ENFORCING_LEVELS: readonly string[] = ['baseline', 'restricted'];

function findingOf(namespace: KubeObject, systemNamespaces: readonly string[]): FindingDraft {
  const ref = refOf(namespace);
  const subject = describeRef(ref);
  const level = namespace.metadata.labels?.[ENFORCE_LABEL];
  const evidence = [at(`metadata.labels['${ENFORCE_LABEL}']`, level, 'baseline or restricted')];
  if (isSystemNamespace(namespace.metadata.name, systemNamespaces)) {
    return { resource: ref, status: 'not-applicable', message: `${subject} is a system namespace (inputs.systemNamespaces), whose components may need the privileged level.`, evidence };
  }
  if (level !== undefined && ENFORCING_LEVELS.includes(level)) {
    return { resource: ref, status: 'pass', message: `${subject} enforces the ${level} Pod Security Standard.`, evidence };
  }
  const why = level === undefined ? 'has no pod-security.kubernetes.io/enforce label' : `enforces only the '${level}' level`;
  return { resource: ref, status: 'fail', message: `${subject} ${why}, so Pod Security admission lets any pod in.`, evidence };
}

export default defineCheck({
  id: 'namespaces.pod-security-labels',
  title: 'Every namespace enforces the baseline or restricted Pod Security Standard',
  severity: 'medium',
  rationale:
    'The built-in Pod Security admission controller enforces a Pod Security Standard only in namespaces labelled ' +
    "pod-security.kubernetes.io/enforce; without the label (or with 'privileged') it admits any pod, unless the cluster-wide " +
    'AdmissionConfiguration sets a default, which a snapshot cannot see. Every namespace must enforce baseline or restricted. ' +
    'System namespaces (inputs.systemNamespaces, by default kube-system, kube-public and kube-node-lease) are exempt, because ' +
    'control-plane and node components legitimately need privileges there.',
  remediation: 'Label each namespace: kubectl label namespace <name> pod-security.kubernetes.io/enforce=restricted (or baseline), after checking with --dry-run=server which pods would be rejected.',
  reads: ['Namespace'],
  references: {
    cis: ['5.2.1'],
    nsa: ['Kubernetes Pod security: Pod security enforcement'],
  },
  evaluate: ({ index, inputs }) => index.list('Namespace').map((namespace) => findingOf(namespace, inputs.systemNamespaces)),
});
