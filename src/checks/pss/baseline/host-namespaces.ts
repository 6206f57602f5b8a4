import { at, defineCheck } from '../../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../../workload-subjects.js';
import { isUnset, observed, shown, verdictOf, violated, type Observation } from '../_shared.js';

/** The three pod fields that share a host namespace, and what sharing it exposes. */
const HOST_NAMESPACE_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

function observationsOf(workload: WorkloadSubject): Observation[] {
  return HOST_NAMESPACE_FIELDS.flatMap((field): Observation[] => {
    const value = workload.podSpec[field];
    if (value === undefined) return [];
    const evidence = at(`${workload.specPath}.${field}`, value, 'false or unset');
    return [isUnset(value) || value === false ? observed(evidence) : violated(evidence, `the pod sets ${field} to ${shown(value)}`)];
  });
}

/** The fields this control reads, named in the evidence of a pass that found none set. */
const EXAMINED: readonly string[] = ['pod:hostNetwork', 'pod:hostPID', 'pod:hostIPC'];

export default defineCheck({
  id: 'pss.baseline.host-namespaces',
  title: 'Pods do not share the host network, PID or IPC namespaces',
  severity: 'high',
  rationale:
    "Sharing the host's network namespace lets a pod bind host ports, sniff node traffic and reach services bound to the " +
    "node's loopback; sharing its PID namespace lets it see and signal every process on the node; sharing its IPC namespace " +
    'lets it read shared memory of host processes. The baseline Pod Security Standard requires spec.hostNetwork, spec.hostPID ' +
    'and spec.hostIPC to be unset or false.',
  remediation: 'Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false); expose the workload through a Service instead of the host network.',
  reads: WORKLOAD_KINDS,
  references: {
    cis: ['5.2.3', '5.2.4', '5.2.5'],
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'baseline', control: 'Host Namespaces' },
  },
  evaluate: ({ index }) =>
    index.workloads.map((workload) =>
      verdictOf(workload, observationsOf(workload), { examined: EXAMINED, pass: 'shares no host namespace', fail: 'shares host namespaces' }),
    ),
});
