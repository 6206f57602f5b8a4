import { defineCheck } from '../../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../../workload-subjects.js';
import { isUnsetOrEmpty, oneOf, securityContextObservations, verdictOf, type Observation, type SecurityContextRule } from '../_shared.js';

/**
 * SELinux types the baseline standard allows besides undefined/"": the container types of the container-selinux policy.
 * container_engine_t was added in Kubernetes 1.31 (for nested container engines).
 */
export const ALLOWED_SELINUX_TYPES: readonly string[] = ['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];

const isAllowedType = oneOf(ALLOWED_SELINUX_TYPES, false);

/** The type must be unset, '' or an allowed container type; user and role must be unset or ''. Declared once, not per workload. */
const SELINUX_RULES: readonly SecurityContextRule[] = [
  {
    field: ['seLinuxOptions', 'type'],
    isAllowed: (value) => isUnsetOrEmpty(value) || isAllowedType(value),
    expected: `unset, '' or one of ${ALLOWED_SELINUX_TYPES.join(', ')}`,
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

function observationsOf(workload: WorkloadSubject): Observation[] {
  return SELINUX_RULES.flatMap((rule) => securityContextObservations(workload, rule));
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
    "'', container_t, container_init_t, container_kvm_t or container_engine_t, and forbids seLinuxOptions.user and .role, at " +
    'pod level and in every container, init container and ephemeral container.',
  remediation: 'Remove seLinuxOptions.user and .role, and set seLinuxOptions.type only to one of the allowed container types (or leave it unset so the runtime assigns one).',
  reads: WORKLOAD_KINDS,
  references: {
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'baseline', control: 'SELinux' },
  },
  evaluate: ({ index }) =>
    index.workloads.map((workload) =>
      verdictOf(workload, observationsOf(workload), { examined: EXAMINED, pass: 'sets no disallowed SELinux option', fail: 'sets disallowed SELinux options' }),
    ),
});
