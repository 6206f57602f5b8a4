import { workloadPolicyVersion } from '../_version.js';
import { at, defineCheck } from '../../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../../workload-subjects.js';
import { containersOf, valueAt } from '../../containers.js';
import {
  containerLabel,
  observed,
  podSecurityContextOf,
  podSecurityContextPath,
  shown,
  verdictOf,
  violated,
  windowsExemptionOf,
  type Observation,
} from '../_shared.js';
import type { JsonValue } from '../../../domain/json.js';

const ALLOWED_TYPES: readonly JsonValue[] = ['RuntimeDefault', 'Localhost'];

function isAllowedType(value: JsonValue | undefined): boolean {
  return value !== undefined && ALLOWED_TYPES.includes(value);
}

/**
 * A profile must be explicitly RuntimeDefault or Localhost for every container: on the container, or inherited from a
 * valid pod-level profile. A container's own profile overrides the pod's, and a disallowed pod-level type fails even when
 * every container overrides it.
 */
function observationsOf(workload: WorkloadSubject): Observation[] {
  const podProfile = podSecurityContextOf(workload)['seccompProfile'];
  const podType = valueAt(podSecurityContextOf(workload), ['seccompProfile', 'type']);
  const podPath = `${podSecurityContextPath(workload)}.seccompProfile.type`;
  const podIsValid = isAllowedType(podType);
  const pod: Observation[] =
    podProfile === undefined
      ? []
      : [podIsValid ? observed(at(podPath, podType, 'RuntimeDefault or Localhost')) : violated(at(podPath, podType, 'RuntimeDefault or Localhost'), `the pod sets seccompProfile.type to ${shown(podType)}`)];
  const containers = containersOf(workload).flatMap((entry): Observation[] => {
    const path = `${entry.path}.securityContext.seccompProfile.type`;
    if (entry.securityContext['seccompProfile'] === undefined) {
      return podIsValid ? [] : [violated(at(path, null, `RuntimeDefault or Localhost (here or at ${podPath})`), `${containerLabel(entry)} sets no seccomp profile and the pod sets no allowed one`)];
    }
    const type = valueAt(entry.securityContext, ['seccompProfile', 'type']);
    return [isAllowedType(type) ? observed(at(path, type ?? null, 'RuntimeDefault or Localhost')) : violated(at(path, type, 'RuntimeDefault or Localhost'), `${containerLabel(entry)} sets seccompProfile.type to ${shown(type)}`)];
  });
  return [...pod, ...containers];
}

export default defineCheck({
  id: 'pss.restricted.seccomp',
  title: 'Every container runs with the RuntimeDefault or a Localhost seccomp profile',
  severity: 'medium',
  rationale:
    'Without a seccomp profile a container may call every system call the kernel offers, including those behind many container ' +
    'escapes. The restricted Pod Security Standard (v1.19+) requires seccompProfile.type to be explicitly RuntimeDefault or ' +
    'Localhost: at pod level (spec.securityContext.seccompProfile.type), or in every container, init container and ephemeral ' +
    'container; both Unconfined and the absence of a profile fail. Windows pods (spec.os.name: windows) are exempt.',
  remediation: 'Set spec.securityContext.seccompProfile.type: RuntimeDefault (or Localhost with localhostProfile) and remove any Unconfined override from the containers.',
  reads: WORKLOAD_KINDS,
  references: {
    cis: ['5.7.2'],
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'restricted', control: 'Seccomp' },
  },
  evaluate: ({ index, inputs }) =>
    index.workloads.map(
      (workload) =>
        windowsExemptionOf(workload, 'Seccomp', workloadPolicyVersion(index, inputs, workload)) ??
        verdictOf(workload, observationsOf(workload), { pass: 'runs every container with an allowed seccomp profile', fail: 'runs containers without an allowed seccomp profile' }),
    ),
});
