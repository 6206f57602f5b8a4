import { at, defineCheck } from '../../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../../workload-subjects.js';
import { annotationPath, observed, oneOf, podAnnotationsOf, securityContextObservations, verdictOf, violated, type Observation, type SecurityContextRule } from '../_shared.js';

/** The alpha annotations that set seccomp profiles before the seccompProfile field (Kubernetes 1.19). */
const POD_SECCOMP_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_SECCOMP_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/** Annotation values that keep a profile: the runtime default (both spellings) or a profile on the node. */
function isConfinedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

function isSeccompAnnotation(key: string): boolean {
  return key === POD_SECCOMP_ANNOTATION || key.startsWith(CONTAINER_SECCOMP_ANNOTATION_PREFIX);
}

function annotationObservations(workload: WorkloadSubject): Observation[] {
  return Object.entries(podAnnotationsOf(workload))
    .filter(([key]) => isSeccompAnnotation(key))
    .sort(([a], [b]) => a.localeCompare(b, 'en'))
    .map(([key, value]) => {
      const evidence = at(annotationPath(workload, key), value, "'runtime/default', 'docker/default', 'localhost/*' or unset");
      const who = key === POD_SECCOMP_ANNOTATION ? 'the pod annotation' : `the annotation for container '${key.slice(CONTAINER_SECCOMP_ANNOTATION_PREFIX.length)}'`;
      return isConfinedAnnotationValue(value) ? observed(evidence) : violated(evidence, `${who} sets seccomp profile '${value}'`);
    });
}

/** The one field this control restricts, declared once rather than per workload. */
const SECCOMP_TYPE_RULE: SecurityContextRule = {
  field: ['seccompProfile', 'type'],
  isAllowed: oneOf(['RuntimeDefault', 'Localhost'], true),
  expected: 'RuntimeDefault, Localhost or unset',
  levels: ['pod', 'container'],
};

/** The fields this control reads, named in the evidence of a pass that found none set. */
const EXAMINED: readonly string[] = ['pod:securityContext.seccompProfile.type', 'container:securityContext.seccompProfile.type', "meta:annotations['seccomp.security.alpha.kubernetes.io/pod']"];

export default defineCheck({
  id: 'pss.baseline.seccomp',
  title: 'Seccomp is not explicitly disabled',
  severity: 'medium',
  rationale:
    'Seccomp filters the system calls a container may make; the Unconfined profile removes the filter and exposes the whole ' +
    'kernel attack surface. The baseline Pod Security Standard forbids setting it: securityContext.seccompProfile.type at pod ' +
    'level and in every container, init container and ephemeral container must be unset, RuntimeDefault or Localhost. The older ' +
    'annotations (seccomp.security.alpha.kubernetes.io/pod and container.seccomp.security.alpha.kubernetes.io/*) are checked too: ' +
    'the current table names only the fields, but clusters that still honour the annotations run the pod unconfined, so ' +
    "'unconfined' there fails as well.",
  remediation: 'Remove seccompProfile type Unconfined and unconfined seccomp annotations; use RuntimeDefault, or a Localhost profile where the default blocks a needed system call.',
  reads: WORKLOAD_KINDS,
  references: {
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'baseline', control: 'Seccomp' },
  },
  evaluate: ({ index }) =>
    index.workloads.map((workload) =>
      verdictOf(
        workload,
        [
          ...securityContextObservations(workload, SECCOMP_TYPE_RULE),
          ...annotationObservations(workload),
        ],
        { examined: EXAMINED, pass: 'does not disable seccomp', fail: 'disables seccomp' },
      ),
    ),
});
