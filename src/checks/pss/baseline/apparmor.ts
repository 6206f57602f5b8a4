import { at, defineCheck } from '../../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../../workload-subjects.js';
import { annotationPath, observed, oneOf, podAnnotationsOf, securityContextObservations, verdictOf, violated, type Observation, type SecurityContextRule } from '../_shared.js';

/** The per-container annotation that predates the appArmorProfile field (still honoured, still checked by the standard). */
const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** Annotation values the standard allows: runtime/default and localhost/<profile>; undefined or empty means "runtime default". */
function isAllowedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

function annotationObservations(workload: WorkloadSubject): Observation[] {
  return Object.entries(podAnnotationsOf(workload))
    .filter(([key]) => key.startsWith(APPARMOR_ANNOTATION_PREFIX))
    .sort(([a], [b]) => a.localeCompare(b, 'en'))
    .map(([key, value]) => {
      const evidence = at(annotationPath(workload, key), value, "'runtime/default', 'localhost/*' or unset");
      const container = key.slice(APPARMOR_ANNOTATION_PREFIX.length);
      return isAllowedAnnotationValue(value) ? observed(evidence) : violated(evidence, `the annotation for container '${container}' sets AppArmor profile '${value}'`);
    });
}

/** The one field this control restricts, declared once rather than per workload. */
const APPARMOR_PROFILE_RULE: SecurityContextRule = {
  field: ['appArmorProfile', 'type'],
  isAllowed: oneOf(['RuntimeDefault', 'Localhost'], true),
  expected: 'RuntimeDefault, Localhost or unset',
  levels: ['pod', 'container'],
};

/** The fields this control reads, named in the evidence of a pass that found none set. */
const EXAMINED: readonly string[] = ['pod:securityContext.appArmorProfile.type', 'container:securityContext.appArmorProfile.type', "meta:annotations['container.apparmor.security.beta.kubernetes.io/*']"];

export default defineCheck({
  id: 'pss.baseline.apparmor',
  title: 'AppArmor is not disabled or overridden with a disallowed profile',
  severity: 'medium',
  rationale:
    "On hosts with AppArmor, the container runtime's default profile confines every container. The baseline Pod Security " +
    'Standard forbids overriding or disabling it: securityContext.appArmorProfile.type on the pod and on every container, ' +
    'init container and ephemeral container must be unset, RuntimeDefault or Localhost, and the older per-container ' +
    "annotations container.apparmor.security.beta.kubernetes.io/* must be unset, 'runtime/default' or 'localhost/*'. " +
    'Unconfined, in either form, fails.',
  remediation:
    'Remove appArmorProfile type Unconfined (and the annotation value unconfined); use RuntimeDefault, or a Localhost profile ' +
    'loaded on every node, for workloads that need a custom profile.',
  reads: WORKLOAD_KINDS,
  references: {
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'baseline', control: 'AppArmor' },
  },
  evaluate: ({ index }) =>
    index.workloads.map((workload) =>
      verdictOf(
        workload,
        [
          ...securityContextObservations(workload, APPARMOR_PROFILE_RULE),
          ...annotationObservations(workload),
        ],
        { examined: EXAMINED, pass: 'keeps an allowed AppArmor profile on every container', fail: 'disables or overrides AppArmor' },
      ),
    ),
});
