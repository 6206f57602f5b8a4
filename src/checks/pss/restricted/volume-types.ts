import { at, defineCheck } from '../../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../../workload-subjects.js';
import { isUnset, observed, verdictOf, violated, volumesOf, type Observation } from '../_shared.js';
import type { JsonObject } from '../../../domain/json.js';

/**
 * The volume sources the restricted table allows: the core types and those backed by PersistentVolumes (or CSI).
 * The Pod Security admission controller also admits `image` volumes since Kubernetes 1.33; the published table does
 * not list them yet, and this check follows the table.
 */
export const RESTRICTED_VOLUME_TYPES: readonly string[] = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** The source a volume declares: its one key besides `name` (the API allows exactly one). */
function sourcesOf(volume: JsonObject): string[] {
  return Object.keys(volume).filter((key) => key !== 'name' && !isUnset(volume[key]));
}

function observationsOf(workload: WorkloadSubject): Observation[] {
  return volumesOf(workload).map(({ volume, name, path }) => {
    const sources = sourcesOf(volume);
    const allowed = sources.length > 0 && sources.every((source) => RESTRICTED_VOLUME_TYPES.includes(source));
    const evidence = at(path, sources.join(', ') || null, `a volume of type ${RESTRICTED_VOLUME_TYPES.join(', ')}`);
    return allowed ? observed(evidence) : violated(evidence, `volume '${name}' is of type ${sources.join(', ') || 'none'}`);
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
    'only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret in spec.volumes[*].',
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
