import { defineCheck } from '../../define-check.js';
import { notYetInPolicy, userNamespaceRelaxation, workloadPolicyVersion } from '../_version.js';
import { WORKLOAD_KINDS } from '../../workload-subjects.js';
import { isUnset, securityContextObservations, verdictOf, type SecurityContextRule } from '../_shared.js';

/** The one field this control restricts, declared once rather than per workload. */
const RUN_AS_USER_RULE: SecurityContextRule = {
  field: ['runAsUser'],
  isAllowed: (value) => isUnset(value) || value !== 0,
  expected: 'non-zero or unset',
  levels: ['pod', 'container'],
};

/** The fields this control reads, named in the evidence of a pass that found none set. */
const EXAMINED: readonly string[] = ['pod:securityContext.runAsUser', 'container:securityContext.runAsUser'];

export default defineCheck({
  id: 'pss.restricted.running-as-non-root-user',
  title: 'Containers do not set runAsUser to 0',
  severity: 'high',
  rationale:
    'runAsUser: 0 runs the container as root regardless of the image. The restricted Pod Security Standard (v1.23+) forbids ' +
    'it: spec.securityContext.runAsUser and runAsUser in every container, init container and ephemeral container must be ' +
    'unset or non-zero. From policy v1.35 it does not apply to pods in a user namespace (hostUsers: false).',
  remediation: 'Remove runAsUser: 0, or set a non-zero UID; combine with runAsNonRoot: true so an image that defaults to root is refused.',
  reads: WORKLOAD_KINDS,
  references: {
    cis: ['5.2.7'],
    nsa: ['Kubernetes Pod security: Non-root containers and rootless container engines'],
    pss: { level: 'restricted', control: 'Running as Non-root user' },
  },
  evaluate: ({ index, inputs }) =>
    index.workloads.map((workload) => {
      const policy = workloadPolicyVersion(index, inputs, workload);
      return (
        notYetInPolicy(workload, policy, 'Running as Non-root user', 23) ??
        userNamespaceRelaxation(workload, policy, 'Running as Non-root user') ??
        verdictOf(workload, securityContextObservations(workload, RUN_AS_USER_RULE), { examined: EXAMINED, policy, pass: 'sets no container to run as UID 0', fail: 'runs containers as UID 0' })
      );
    }),
});
