import { defineCheck } from '../../define-check.js';
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
    'unset or Default in every container, init container and ephemeral container. The Pod Security admission controller ' +
    'relaxes this for pods in a user namespace (hostUsers: false) from policy version 1.35; the standard\'s table does not, ' +
    'and this check follows the table.',
  remediation: 'Remove securityContext.procMount, or set it to Default.',
  reads: WORKLOAD_KINDS,
  references: {
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'baseline', control: '/proc Mount Type' },
  },
  evaluate: ({ index }) =>
    index.workloads.map((workload) =>
      verdictOf(
        workload,
        securityContextObservations(workload, PROC_MOUNT_RULE),
        { examined: EXAMINED, pass: 'keeps the default /proc mount in every container', fail: 'unmasks /proc' },
      ),
    ),
});
