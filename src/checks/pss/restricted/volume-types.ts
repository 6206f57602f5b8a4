import { at, defineCheck } from '../../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../../workload-subjects.js';
import { isUnset, observed, verdictOf, violated, volumesOf, type Observation } from '../_shared.js';
import type { JsonObject } from '../../../domain/json.js';

/**
 * The volume sources the restricted standard allows: the core types, those backed by PersistentVolumes (or CSI), and
 * read-only OCI `image` volumes, which the admission controller allows at every policy version since Kubernetes 1.33
 * (upstream amended its 1.0 rule in place; the published table still lists eight).
 */
export const RESTRICTED_VOLUME_TYPES: readonly string[] = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];

/** The source a volume declares: its one key besides `name` (the API allows exactly one). */
function sourcesOf(volume: JsonObject): string[] {
  return Object.keys(volume).filter((key) => key !== 'name' && !isUnset(volume[key]));
}

function observationsOf(workload: WorkloadSubject): Observation[] {
  return volumesOf(workload).map(({ volume, name, path }) => {
    const sources = sourcesOf(volume);
    // A volume with only a name is an emptyDir: the API server fills in that default before admission sees it.
    if (sources.length === 0) return observed(at(path, 'emptyDir (defaulted: the volume names no source)', `a volume of type ${RESTRICTED_VOLUME_TYPES.join(', ')}`));
    const allowed = sources.every((source) => RESTRICTED_VOLUME_TYPES.includes(source));
    const evidence = at(path, sources.join(', '), `a volume of type ${RESTRICTED_VOLUME_TYPES.join(', ')}`);
    return allowed ? observed(evidence) : violated(evidence, `volume '${name}' is of type ${sources.join(', ')}`);
  });
}

/** The fields this control reads, named in the evidence of a pass that found none set. */
const EXAMINED: readonly string[] = ['pod:volumes'];

export default defineCheck({
  id: 'pss.restricted.volume-types',
  title: 'Pods use only the volume types the restricted standard allows',
  severity: 'medium',
  rationale:
    'Besides hostPath, inline volume sources such as nfs, iscsi, rbd, gitRepo or flexVolume let a pod reach storage and ' +
    'drivers on the node or the network outside the control of PersistentVolumes. The restricted Pod Security Standard allows ' +
    'only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret in spec.volumes[*]; ' +
    'a volume that names no source is an emptyDir (the API server defaults it).',
  remediation: 'Move other storage behind a PersistentVolume and claim it with a persistentVolumeClaim (or a generic ephemeral volume); replace gitRepo with an init container that clones into an emptyDir.',
  reads: WORKLOAD_KINDS,
  references: {
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'restricted', control: 'Volume Types' },
  },
  evaluate: ({ index }) =>
    index.workloads.map((workload) =>
      verdictOf(workload, observationsOf(workload), { examined: EXAMINED, pass: 'uses only restricted volume types', fail: 'uses volume types outside the restricted list' }),
    ),
});
