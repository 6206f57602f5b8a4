import { at, defineCheck } from '../../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../../workload-subjects.js';
import { containersOf, isObject } from '../../containers.js';
import { containerLabel, listAt, observed, shown, verdictOf, violated, type Observation } from '../_shared.js';

/**
 * The capabilities the baseline standard lets a container add: the container runtime's default set, no more.
 * NET_RAW is deliberately absent from the standard's list even though some runtimes grant it by default.
 */
export const BASELINE_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

function observationsOf(workload: WorkloadSubject): Observation[] {
  return containersOf(workload).flatMap((entry) => {
    const capabilities = entry.securityContext['capabilities'];
    const added = isObject(capabilities) ? listAt(capabilities, 'add') : [];
    return added.map((capability, index) => {
      const evidence = at(`${entry.path}.securityContext.capabilities.add[${index}]`, capability, `one of ${BASELINE_CAPABILITIES.join(', ')}`);
      return typeof capability === 'string' && BASELINE_CAPABILITIES.includes(capability)
        ? observed(evidence)
        : violated(evidence, `${containerLabel(entry)} adds ${shown(capability)}`);
    });
  });
}

/** The fields this control reads, named in the evidence of a pass that found none set. */
const EXAMINED: readonly string[] = ['container:securityContext.capabilities.add'];

export default defineCheck({
  id: 'pss.baseline.capabilities',
  title: 'Containers add no capabilities beyond the baseline list',
  severity: 'high',
  rationale:
    'Linux capabilities split root privileges into pieces; several of them (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, ' +
    'NET_RAW...) are enough to escape the container or attack the node and its network. The baseline Pod Security Standard ' +
    'lets a container add only the runtime defaults: AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, ' +
    'NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT, in every container, init container and ephemeral container.',
  remediation:
    'Remove every other capability from securityContext.capabilities.add; where the workload really needs one, run it in a ' +
    'namespace labelled for the privileged level and document the exception as a waiver.',
  reads: WORKLOAD_KINDS,
  references: {
    cis: ['5.2.9'],
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'baseline', control: 'Capabilities' },
  },
  evaluate: ({ index }) =>
    index.workloads.map((workload) =>
      verdictOf(workload, observationsOf(workload), {
        examined: EXAMINED, pass: 'adds no capability beyond the baseline list',
        fail: 'adds capabilities beyond the baseline list',
      }),
    ),
});
