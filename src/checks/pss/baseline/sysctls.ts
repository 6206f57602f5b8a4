import { at, defineCheck } from '../../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../../workload-subjects.js';
import { isObject } from '../../containers.js';
import { listAt, observed, podSecurityContextOf, podSecurityContextPath, shown, verdictOf, violated, type Observation } from '../_shared.js';

/**
 * The "safe" sysctls of the baseline standard's table: namespaced in the pod and isolated from other pods on the node.
 * The last five were added in Kubernetes 1.27 and 1.29. (The Pod Security admission controller also admits
 * net.ipv4.tcp_rmem and net.ipv4.tcp_wmem from policy 1.32; the published table does not list them yet, and this
 * check follows the table.)
 */
export const SAFE_SYSCTLS: readonly string[] = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];

function observationsOf(workload: WorkloadSubject): Observation[] {
  return listAt(podSecurityContextOf(workload), 'sysctls').map((sysctl, index) => {
    const name = isObject(sysctl) ? sysctl['name'] : undefined;
    const evidence = at(`${podSecurityContextPath(workload)}.sysctls[${index}].name`, name, `one of ${SAFE_SYSCTLS.join(', ')}`);
    return typeof name === 'string' && SAFE_SYSCTLS.includes(name) ? observed(evidence) : violated(evidence, `the pod sets sysctl ${shown(name)}`);
  });
}

/** The fields this control reads, named in the evidence of a pass that found none set. */
const EXAMINED: readonly string[] = ['pod:securityContext.sysctls'];

export default defineCheck({
  id: 'pss.baseline.sysctls',
  title: 'Pods set only safe sysctls',
  severity: 'medium',
  rationale:
    'Sysctls can disable security mechanisms or affect every container on the node. The baseline Pod Security Standard allows ' +
    'only the safe subset in spec.securityContext.sysctls[*].name: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, ' +
    'net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports, ' +
    'net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl and net.ipv4.tcp_keepalive_probes.',
  remediation: 'Remove other sysctls from spec.securityContext.sysctls; tune node-level kernel parameters on the nodes themselves, not from pods.',
  reads: WORKLOAD_KINDS,
  references: {
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'baseline', control: 'Sysctls' },
  },
  evaluate: ({ index }) =>
    index.workloads.map((workload) => verdictOf(workload, observationsOf(workload), { examined: EXAMINED, pass: 'sets only safe sysctls', fail: 'sets unsafe sysctls' })),
});
