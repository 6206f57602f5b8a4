import { at, defineCheck } from '../../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../../workload-subjects.js';
import { containersOf, isObject } from '../../containers.js';
import { containerLabel, isUnset, listAt, shown, verdictOf, violated, type Observation } from '../_shared.js';

function observationsOf(workload: WorkloadSubject): Observation[] {
  return containersOf(workload).flatMap((entry) =>
    listAt(entry.container, 'ports').flatMap((port, index): Observation[] => {
      const hostPort = isObject(port) ? port['hostPort'] : undefined;
      if (isUnset(hostPort) || hostPort === 0) return [];
      return [violated(at(`${entry.path}.ports[${index}].hostPort`, hostPort, '0 or unset'), `${containerLabel(entry)} binds host port ${shown(hostPort)}`)];
    }),
  );
}

/** The fields this control reads, named in the evidence of a pass that found none set. */
const EXAMINED: readonly string[] = ['container:ports[*].hostPort'];

export default defineCheck({
  id: 'pss.baseline.host-ports',
  title: 'Containers bind no host ports',
  severity: 'medium',
  rationale:
    "A host port publishes the container directly on the node's network interfaces, bypassing Services and most network " +
    'policies, and pins the pod to nodes where the port is free. The baseline Pod Security Standard says host ports should be ' +
    'disallowed entirely (recommended) or restricted to a known list; the built-in Pod Security admission controller, and this ' +
    'check, allow only 0 or unset in spec.containers[*], initContainers[*] and ephemeralContainers[*].ports[*].hostPort.',
  remediation: 'Remove hostPort from the container ports and expose the workload through a Service (ClusterIP, or a LoadBalancer/Ingress where it must be reachable from outside).',
  reads: WORKLOAD_KINDS,
  references: {
    cis: ['5.2.13'],
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'baseline', control: 'Host Ports' },
  },
  evaluate: ({ index }) =>
    index.workloads.map((workload) => verdictOf(workload, observationsOf(workload), { examined: EXAMINED, pass: 'binds no host port', fail: 'binds host ports' })),
});
