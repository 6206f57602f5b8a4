import { at, defineCheck } from '../../define-check.js';
import { userNamespaceRelaxation, workloadPolicyVersion } from '../_version.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../../workload-subjects.js';
import { containersOf } from '../../containers.js';
import {
  containerLabel,
  observed,
  podSecurityContextOf,
  podSecurityContextPath,
  shown,
  verdictOf,
  violated,
  type Observation,
} from '../_shared.js';

/**
 * runAsNonRoot must be true for every container: set on the container, or inherited from the pod. A container that sets
 * it to false overrides a pod-level true, and a pod that sets it to false is a violation in itself.
 */
function observationsOf(workload: WorkloadSubject): Observation[] {
  const podValue = podSecurityContextOf(workload)['runAsNonRoot'];
  const podPath = `${podSecurityContextPath(workload)}.runAsNonRoot`;
  const pod: Observation[] =
    podValue === undefined ? [] : [podValue === true ? observed(at(podPath, true, 'true')) : violated(at(podPath, podValue, 'true'), `the pod sets runAsNonRoot to ${shown(podValue)}`)];
  const containers = containersOf(workload).flatMap((entry): Observation[] => {
    const value = entry.securityContext['runAsNonRoot'];
    const path = `${entry.path}.securityContext.runAsNonRoot`;
    if (value === undefined) {
      return podValue === true ? [] : [violated(at(path, null, `true (or true at ${podPath})`), `${containerLabel(entry)} does not set runAsNonRoot and the pod does not set it to true`)];
    }
    return [value === true ? observed(at(path, true, 'true')) : violated(at(path, value, 'true'), `${containerLabel(entry)} sets runAsNonRoot to ${shown(value)}`)];
  });
  return [...pod, ...containers];
}

export default defineCheck({
  id: 'pss.restricted.running-as-non-root',
  title: 'Containers are required to run as non-root',
  severity: 'high',
  rationale:
    'With runAsNonRoot: true the kubelet refuses to start a container whose user is root (UID 0), whatever the image says; ' +
    'root in a container is one kernel bug away from root on the node. The restricted Pod Security Standard requires ' +
    'spec.securityContext.runAsNonRoot to be true, or every container, init container and ephemeral container to set it to ' +
    'true; no level may set it to false. From policy v1.35 the control does not apply to pods in a user namespace ' +
    '(hostUsers: false), where UID 0 in the container is an unprivileged UID on the node.',
  remediation: 'Set spec.securityContext.runAsNonRoot: true (or in every container), and make sure the image runs as a non-zero UID (USER in the Dockerfile or runAsUser).',
  reads: WORKLOAD_KINDS,
  references: {
    cis: ['5.2.7'],
    nsa: ['Kubernetes Pod security: Non-root containers and rootless container engines'],
    pss: { level: 'restricted', control: 'Running as Non-root' },
  },
  evaluate: ({ index, inputs }) =>
    index.workloads.map((workload) => {
      const policy = workloadPolicyVersion(index, inputs, workload);
      return (
        userNamespaceRelaxation(workload, policy, 'Running as Non-root') ??
        verdictOf(workload, observationsOf(workload), { policy, pass: 'requires every container to run as non-root', fail: 'does not require every container to run as non-root' })
      );
    }),
});
