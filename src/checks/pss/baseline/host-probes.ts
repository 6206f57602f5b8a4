import { at, defineCheck } from '../../define-check.js';
import { notYetInPolicy, workloadPolicyVersion } from '../_version.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../../workload-subjects.js';
import { containersOf, valueAt } from '../../containers.js';
import { containerLabel, isUnsetOrEmpty, shown, verdictOf, violated, type Observation } from '../_shared.js';

/** Every handler with a `host` field: the three probes and the two lifecycle hooks, each as httpGet or tcpSocket. */
const HOST_FIELDS: readonly (readonly string[])[] = ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle.postStart', 'lifecycle.preStop'].flatMap(
  (handler) => ['httpGet', 'tcpSocket'].map((action) => [...handler.split('.'), action, 'host']),
);

function observationsOf(workload: WorkloadSubject): Observation[] {
  return containersOf(workload).flatMap((entry) =>
    HOST_FIELDS.flatMap((field): Observation[] => {
      const host = valueAt(entry.container, field);
      if (isUnsetOrEmpty(host)) return [];
      return [violated(at(`${entry.path}.${field.join('.')}`, host, "unset or ''"), `${containerLabel(entry)} points ${field.slice(0, -1).join('.')} at host ${shown(host)}`)];
    }),
  );
}

/** The fields this control reads, named in the evidence of a pass that found none set. */
const EXAMINED: readonly string[] = ['container:livenessProbe.httpGet.host', 'container:livenessProbe.tcpSocket.host', 'container:readinessProbe.httpGet.host', 'container:readinessProbe.tcpSocket.host', 'container:startupProbe.httpGet.host', 'container:startupProbe.tcpSocket.host', 'container:lifecycle.postStart.httpGet.host', 'container:lifecycle.postStart.tcpSocket.host', 'container:lifecycle.preStop.httpGet.host', 'container:lifecycle.preStop.tcpSocket.host'];

export default defineCheck({
  id: 'pss.baseline.host-probes',
  title: 'Probes and lifecycle hooks do not set a host',
  severity: 'medium',
  rationale:
    'The kubelet, not the container, runs HTTP and TCP probes and lifecycle hooks; a `host` field makes it connect from the node ' +
    'to any address (node loopback, cloud metadata service, other tenants), a server-side request forgery path. The baseline Pod ' +
    'Security Standard (v1.34+) requires the host field of liveness, readiness and startup probes and of postStart and preStop ' +
    'hooks (httpGet and tcpSocket) to be unset or empty in every container, init container and ephemeral container.',
  remediation: "Remove `host` from probes and lifecycle hooks: they then target the pod's own IP. Use an httpHeaders Host entry if the application needs a virtual host name.",
  reads: WORKLOAD_KINDS,
  references: {
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'baseline', control: 'Host Probes / Lifecycle Hooks' },
  },
  evaluate: ({ index, inputs }) =>
    index.workloads.map((workload) => {
      const policy = workloadPolicyVersion(index, inputs, workload);
      return (
        notYetInPolicy(workload, policy, 'Host Probes / Lifecycle Hooks', 34) ??
        verdictOf(workload, observationsOf(workload), { examined: EXAMINED, policy, pass: 'points no probe or lifecycle hook at another host', fail: 'points probes or lifecycle hooks at other hosts' })
      );
    }),
});
