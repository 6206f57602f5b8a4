import { integerAtLeast } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'controller-manager.terminated-pod-gc-threshold',
  title: 'The controller manager garbage-collects terminated pods at a chosen threshold',
  severity: 'low',
  rationale:
    'Terminated pods are kept until their number reaches --terminated-pod-gc-threshold; the default of 12500 ' +
    'can exhaust etcd and API server resources on small clusters, and a value of 0 or less disables collection. ' +
    'CIS asks for a threshold chosen for the cluster, so the default does not pass.',
  remediation: 'Set --terminated-pod-gc-threshold on kube-controller-manager to a positive value sized for the cluster (for example 10).',
  references: { cis: ['1.3.1'] },
  component: 'kube-controller-manager',
  rule: integerAtLeast({ flag: '--terminated-pod-gc-threshold', min: 1, defaultValue: 12500, explicit: true }),
});
