import { at, defineCheck } from '../../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../../workload-subjects.js';
import { isUnset, verdictOf, violated, volumesOf, type Observation } from '../_shared.js';

function observationsOf(workload: WorkloadSubject): Observation[] {
  return volumesOf(workload).flatMap(({ volume, name, path }) => {
    const hostPath = volume['hostPath'];
    if (isUnset(hostPath)) return [];
    return [violated(at(`${path}.hostPath`, hostPath, 'unset'), `volume '${name}' mounts a hostPath`)];
  });
}

/** The fields this control reads, named in the evidence of a pass that found none set. */
const EXAMINED: readonly string[] = ['volume:hostPath'];

export default defineCheck({
  id: 'pss.baseline.hostpath-volumes',
  title: 'Pods mount no hostPath volumes',
  severity: 'high',
  rationale:
    "A hostPath volume exposes part of the node's filesystem to the pod: kubelet credentials, other pods' data, container " +
    'runtime sockets or /etc, depending on the path. The baseline Pod Security Standard forbids them: spec.volumes[*].hostPath must be unset.',
  remediation: 'Replace hostPath volumes with emptyDir, ConfigMap, Secret, projected or PersistentVolumeClaim volumes; node agents that need host files belong in a namespace labelled for the privileged level.',
  reads: WORKLOAD_KINDS,
  references: {
    cis: ['5.2.12'],
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'baseline', control: 'HostPath Volumes' },
  },
  evaluate: ({ index }) =>
    index.workloads.map((workload) => verdictOf(workload, observationsOf(workload), { examined: EXAMINED, pass: 'mounts no hostPath volume', fail: 'mounts hostPath volumes' })),
});
