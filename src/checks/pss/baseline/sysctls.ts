import { at, defineCheck } from '../../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../../workload-subjects.js';
import { isObject } from '../../containers.js';
import { workloadPolicyVersion, type PolicyVersion } from '../_version.js';
import { listAt, observed, podSecurityContextOf, podSecurityContextPath, shown, verdictOf, violated, type Observation } from '../_shared.js';

/**
 * The "safe" sysctls of the baseline standard, namespaced in the pod and isolated from other pods on the node, by the
 * policy version that first allows them (upstream `sysctlsAllowedV1Dot<minor>` in check_sysctls.go).
 */
export const SAFE_SYSCTLS_SINCE: readonly { readonly minor: number; readonly names: readonly string[] }[] = [
  { minor: 0, names: ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range'] },
  { minor: 27, names: ['net.ipv4.ip_local_reserved_ports'] },
  { minor: 29, names: ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'] },
  { minor: 32, names: ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'] },
  { minor: 37, names: ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'] },
];

/** Every safe sysctl at the newest version. */
export const SAFE_SYSCTLS: readonly string[] = SAFE_SYSCTLS_SINCE.flatMap((step) => step.names);

/** The safe sysctls at a policy version. */
export function safeSysctlsAt(minor: number): readonly string[] {
  let names = SAFE_BY_MINOR.get(minor);
  if (names === undefined) {
    names = SAFE_SYSCTLS_SINCE.filter((step) => step.minor <= minor).flatMap((step) => step.names);
    SAFE_BY_MINOR.set(minor, names);
  }
  return names;
}

const SAFE_BY_MINOR = new Map<number, readonly string[]>();

function observationsOf(workload: WorkloadSubject, policy: PolicyVersion): Observation[] {
  const safe = safeSysctlsAt(policy.minor);
  return listAt(podSecurityContextOf(workload), 'sysctls').map((sysctl, index) => {
    const name = isObject(sysctl) ? sysctl['name'] : undefined;
    const evidence = at(`${podSecurityContextPath(workload)}.sysctls[${index}].name`, name, `a safe sysctl at policy v1.${policy.minor}`);
    if (typeof name === 'string' && safe.includes(name)) return observed(evidence);
    const later = typeof name === 'string' ? SAFE_SYSCTLS_SINCE.find((step) => step.names.includes(name)) : undefined;
    const why = later === undefined ? '' : ` (safe only from policy v1.${later.minor})`;
    return violated(evidence, `the pod sets sysctl ${shown(name)}${why}`);
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
    'only the safe subset in spec.securityContext.sysctls[*].name, which grew with the policy version: kernel.shm_rmid_forced, ' +
    'net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies and net.ipv4.ping_group_range; ' +
    'net.ipv4.ip_local_reserved_ports from v1.27; net.ipv4.tcp_keepalive_time, tcp_fin_timeout, tcp_keepalive_intvl and ' +
    'tcp_keepalive_probes from v1.29; net.ipv4.tcp_rmem and tcp_wmem from v1.32; net.ipv4.tcp_slow_start_after_idle and ' +
    'tcp_notsent_lowat from v1.37. The version is the namespace\'s pod-security.kubernetes.io/enforce-version label (latest by default).',
  remediation: 'Remove other sysctls from spec.securityContext.sysctls; tune node-level kernel parameters on the nodes themselves, not from pods.',
  references: {
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'baseline', control: 'Sysctls' },
  },
  reads: WORKLOAD_KINDS,
  evaluate: ({ index, inputs }) =>
    index.workloads.map((workload) => {
      const policy = workloadPolicyVersion(index, inputs, workload);
      return verdictOf(workload, observationsOf(workload, policy), { examined: EXAMINED, policy, pass: 'sets only safe sysctls', fail: 'sets unsafe sysctls' });
    }),
});
