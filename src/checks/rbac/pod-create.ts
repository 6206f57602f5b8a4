import { defineCheck } from '../define-check.js';
import { RBAC_KINDS, evaluateAccess, permissions } from './_shared.js';

/** Creating a pod, or any controller that creates pods for you, is the same power. */
export const POD_CREATORS = [
  ...permissions(['create'], '', ['pods', 'replicationcontrollers']),
  ...permissions(['create'], 'apps', ['deployments', 'replicasets', 'statefulsets', 'daemonsets']),
  ...permissions(['create'], 'batch', ['jobs', 'cronjobs']),
];

export default defineCheck({
  id: 'rbac.pod-create',
  title: 'Only system identities can create pods or workload controllers',
  severity: 'medium',
  rationale:
    'Whoever can create a pod in a namespace can run it as any service account of that namespace, mount its Secrets and, ' +
    'unless admission policy forbids it, run it privileged on a node. Creating a Deployment, Job or other controller is ' +
    'the same power one step removed.',
  remediation:
    'Remove create on pods, replicationcontrollers, deployments, replicasets, statefulsets, daemonsets, jobs and cronjobs ' +
    'from roles bound to subjects that do not deploy workloads; let a deployment pipeline hold that right.',
  reads: RBAC_KINDS,
  needs: RBAC_KINDS,
  references: { cis: ['5.1.4'], nsa: ['Authentication and authorization'] },
  evaluate: ({ index }) => evaluateAccess(index, { what: 'create on pods or workload controllers', permissions: POD_CREATORS }),
});
