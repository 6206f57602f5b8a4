import { workloadPolicyVersion } from '../_version.js';
import { defineCheck } from '../../define-check.js';
import { WORKLOAD_KINDS } from '../../workload-subjects.js';
import { securityContextObservations, verdictOf, windowsExemptionOf, type SecurityContextRule } from '../_shared.js';

/** The one field this control restricts, declared once rather than per workload. */
const PRIVILEGE_ESCALATION_RULE: SecurityContextRule = {
  field: ['allowPrivilegeEscalation'],
  isAllowed: (value) => value === false,
  expected: 'false',
  levels: ['container'],
};

/** The fields this control reads, named in the evidence of a pass that found none set. */
const EXAMINED: readonly string[] = ['container:securityContext.allowPrivilegeEscalation'];

export default defineCheck({
  id: 'pss.restricted.privilege-escalation',
  title: 'Containers disallow privilege escalation',
  severity: 'high',
  rationale:
    'Unless allowPrivilegeEscalation is false, the no_new_privs flag is not set and a process can gain more privileges than its ' +
    'parent, for example through a set-user-ID binary. The restricted Pod Security Standard requires ' +
    'securityContext.allowPrivilegeEscalation to be explicitly false in every container, init container and ephemeral ' +
    'container; unset fails, because the runtime default is to allow escalation. Windows pods (spec.os.name: windows) are exempt.',
  remediation: 'Set securityContext.allowPrivilegeEscalation: false in every container, init container and ephemeral container.',
  reads: WORKLOAD_KINDS,
  references: {
    cis: ['5.2.6'],
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'restricted', control: 'Privilege Escalation' },
  },
  evaluate: ({ index, inputs }) =>
    index.workloads.map(
      (workload) =>
        windowsExemptionOf(workload, 'Privilege Escalation', workloadPolicyVersion(index, inputs, workload)) ??
        verdictOf(
          workload,
          securityContextObservations(workload, PRIVILEGE_ESCALATION_RULE),
          { examined: EXAMINED, pass: 'disallows privilege escalation in every container', fail: 'allows privilege escalation' },
        ),
    ),
});
