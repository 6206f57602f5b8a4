import { defineCheck } from '../../define-check.js';
import { userNamespaceRelaxation, workloadPolicyVersion } from '../_version.js';
import { WORKLOAD_KINDS } from '../../workload-subjects.js';
import { oneOf, securityContextObservations, verdictOf, type SecurityContextRule } from '../_shared.js';

/** The one field this control restricts, declared once rather than per workload. */
const PROC_MOUNT_RULE: SecurityContextRule = {
  field: ['procMount'],
  isAllowed: oneOf(['Default'], true),
  expected: 'Default or unset',
  levels: ['container'],
};

/** The fields this control reads, named in the evidence of a pass that found none set. */
const EXAMINED: readonly string[] = ['container:securityContext.procMount'];

export default defineCheck({
  id: 'pss.baseline.proc-mount',
  title: 'Containers keep the default /proc mount masks',
  severity: 'medium',
  rationale:
    'The container runtime masks and makes read-only the sensitive parts of /proc (kcore, sysrq-trigger, keys...). ' +
    'procMount: Unmasked removes those masks. The baseline Pod Security Standard requires securityContext.procMount to be ' +
    'unset or Default in every container, init container and ephemeral container. From policy v1.35 the baseline ' +
    'level allows any value for pods in a user namespace (hostUsers: false), where the unmasked /proc belongs to the pod\'s ' +
    'own user namespace; the restricted level still requires Default. The version is the namespace\'s ' +
    'pod-security.kubernetes.io/enforce-version label (latest by default).',
  remediation: 'Remove securityContext.procMount, or set it to Default.',
  reads: WORKLOAD_KINDS,
  references: {
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'baseline', control: '/proc Mount Type' },
  },
  evaluate: ({ index, inputs }) =>
    index.workloads.map((workload) => {
      const policy = workloadPolicyVersion(index, inputs, workload);
      return (
        userNamespaceRelaxation(workload, policy, 'baseline /proc Mount Type') ??
        verdictOf(workload, securityContextObservations(workload, PROC_MOUNT_RULE), { examined: EXAMINED, policy, pass: 'keeps the default /proc mount in every container', fail: 'unmasks /proc' })
      );
    }),
});
