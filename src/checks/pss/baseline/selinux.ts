import { defineCheck } from '../../define-check.js';
import { workloadPolicyVersion, type PolicyVersion } from '../_version.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../../workload-subjects.js';
import { isUnsetOrEmpty, oneOf, securityContextObservations, verdictOf, type Observation, type SecurityContextRule } from '../_shared.js';

/**
 * SELinux types the baseline standard allows besides undefined/"": the container types of the container-selinux policy,
 * by first policy version (container_engine_t, for nested container engines, from v1.31).
 */
export const ALLOWED_SELINUX_TYPES_SINCE: readonly { readonly minor: number; readonly types: readonly string[] }[] = [
  { minor: 0, types: ['container_t', 'container_init_t', 'container_kvm_t'] },
  { minor: 31, types: ['container_engine_t'] },
];
export const ALLOWED_SELINUX_TYPES: readonly string[] = ALLOWED_SELINUX_TYPES_SINCE.flatMap((step) => step.types);

/** The type must be unset, '' or an allowed container type; user and role must be unset or ''. One rule set per version. */
function selinuxRulesAt(minor: number): readonly SecurityContextRule[] {
  let rules = RULES_BY_MINOR.get(minor);
  if (rules === undefined) {
    const types = ALLOWED_SELINUX_TYPES_SINCE.filter((step) => step.minor <= minor).flatMap((step) => step.types);
    const isAllowedType = oneOf(types, false);
    rules = [
      {
        field: ['seLinuxOptions', 'type'],
        isAllowed: (value) => isUnsetOrEmpty(value) || isAllowedType(value),
        expected: `unset, '' or one of ${types.join(', ')} (policy v1.${minor})`,
        levels: ['pod', 'container'],
      },
      ...(['user', 'role'] as const).map(
        (field): SecurityContextRule => ({
          field: ['seLinuxOptions', field],
          isAllowed: isUnsetOrEmpty,
          expected: "unset or ''",
          levels: ['pod', 'container'],
        }),
      ),
    ];
    RULES_BY_MINOR.set(minor, rules);
  }
  return rules;
}

const RULES_BY_MINOR = new Map<number, readonly SecurityContextRule[]>();

function observationsOf(workload: WorkloadSubject, policy: PolicyVersion): Observation[] {
  return selinuxRulesAt(policy.minor).flatMap((rule) => securityContextObservations(workload, rule));
}

/** The fields this control reads, named in the evidence of a pass that found none set. */
const EXAMINED: readonly string[] = ['pod:securityContext.seLinuxOptions', 'container:securityContext.seLinuxOptions'];

export default defineCheck({
  id: 'pss.baseline.selinux',
  title: 'Pods set no custom SELinux user or role, and only allowed SELinux types',
  severity: 'medium',
  rationale:
    'SELinux labels decide what a container process may touch on an SELinux-enforcing node; a custom type, user or role can ' +
    'lift that confinement (spc_t runs unconfined). The baseline Pod Security Standard restricts seLinuxOptions.type to unset, ' +
    "'', container_t, container_init_t, container_kvm_t or (from policy v1.31) container_engine_t, and forbids seLinuxOptions.user and .role, at " +
    'pod level and in every container, init container and ephemeral container.',
  remediation: 'Remove seLinuxOptions.user and .role, and set seLinuxOptions.type only to one of the allowed container types (or leave it unset so the runtime assigns one).',
  reads: WORKLOAD_KINDS,
  references: {
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'baseline', control: 'SELinux' },
  },
  evaluate: ({ index, inputs }) =>
    index.workloads.map((workload) => {
      const policy = workloadPolicyVersion(index, inputs, workload);
      return verdictOf(workload, observationsOf(workload, policy), { examined: EXAMINED, policy, pass: 'sets no disallowed SELinux option', fail: 'sets disallowed SELinux options' });
    }),
});
