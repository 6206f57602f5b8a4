import { defineCheck } from '../define-check.js';
import { RBAC_KINDS, evaluateAccess, permissions } from './_shared.js';

/**
 * Changing a workload controller's pod template (update or patch) makes the controller start pods of the changer's
 * choosing: any image, any service account of the namespace, privileged where admission allows. Patching a pod
 * swaps its image. Kubernetes' RBAC good practices list these beside pod creation.
 */
export const WORKLOAD_WRITERS = [
  ...permissions(['update', 'patch'], '', ['pods', 'replicationcontrollers']),
  ...permissions(['update', 'patch'], 'apps', ['deployments', 'replicasets', 'statefulsets', 'daemonsets']),
  ...permissions(['update', 'patch'], 'batch', ['jobs', 'cronjobs']),
];

export default defineCheck({
  id: 'rbac.workload-controller-write',
  title: 'Only system identities can update or patch pods and workload controllers',
  severity: 'medium',
  rationale:
    'Whoever can update or patch a Deployment, DaemonSet, StatefulSet, ReplicaSet, Job, CronJob or ReplicationController ' +
    'rewrites its pod template, and the controller then runs pods of their choosing: any image, as any service account of ' +
    'the namespace, mounting its Secrets, privileged where admission allows. Patching a pod swaps its image. This is the ' +
    'same power as creating pods (Kubernetes RBAC good practices, "Workload creation").',
  remediation:
    'Remove update and patch on pods, replicationcontrollers, deployments, replicasets, statefulsets, daemonsets, jobs and ' +
    'cronjobs from roles bound to subjects that do not deploy workloads; let a deployment pipeline hold that right, and ' +
    'enforce Pod Security admission so the pods it can start stay restricted.',
  reads: RBAC_KINDS,
  needs: RBAC_KINDS,
  references: {
    cis: ['5.1.4'],
    nsa: ['Authentication and authorization'],
    other: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation'],
  },
  evaluate: ({ index }) => evaluateAccess(index, { what: 'update or patch on pods or workload controllers', permissions: WORKLOAD_WRITERS }),
});
