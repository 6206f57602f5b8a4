import type { JsonValue } from '../../domain/json.js';
import { containersOf, isObject } from '../containers.js';
import { at, defineCheck, type FindingDraft } from '../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../workload-subjects.js';
import { examinedFieldsEvidence } from '../pss/_shared.js';

/** What a pass without hostPath volumes read. */
const EXAMINED: readonly string[] = ['volume:hostPath'];

export default defineCheck({
  id: 'storage.writable-host-path',
  title: 'hostPath volumes are mounted read-only',
  severity: 'high',
  rationale:
    'A writable hostPath mount lets a container change the node\'s files: plant binaries or cron jobs, alter kubelet ' +
    'or container runtime configuration, or tamper with other pods\' data. Read-only mounts keep what the workload ' +
    'needs to see without handing it the node.',
  remediation: 'Set readOnly: true on every volumeMount of a hostPath volume, or replace the hostPath with a PersistentVolumeClaim, ConfigMap or emptyDir.',
  reads: WORKLOAD_KINDS,
  references: { nsa: ['Kubernetes Pod security'] },
  evaluate: ({ index }) => index.workloads.map(hostPathFindingFor),
});

interface WritableMount {
  /** Evidence path of the mount's readOnly field. */
  readonly path: string;
  readonly container: string;
  readonly volume: string;
  readonly readOnly: JsonValue | undefined;
}

function hostPathFindingFor(workload: WorkloadSubject): FindingDraft {
  const base = { resource: workload.ref, related: workload.pods };
  const name = workload.description;
  const hostPaths = hostPathVolumesOf(workload);
  if (hostPaths.size === 0) return { ...base, status: 'pass', message: `${name} mounts no hostPath volume.`, evidence: examinedFieldsEvidence(workload, EXAMINED) };
  const writable = writableMountsOf(workload, hostPaths);
  if (writable.length === 0) return { ...base, status: 'pass', message: `${name} mounts its hostPath volumes read-only.`, evidence: [...hostPaths].map(([volume, path]) => at(`${workload.specPath}.volumes[name=${volume}].hostPath.path`, path, 'every mount readOnly: true')) };
  const described = writable.map((mount) => `'${mount.volume}' (${hostPaths.get(mount.volume) ?? ''}) in container '${mount.container}'`);
  return {
    ...base,
    status: 'fail',
    message: `${name} mounts hostPath volumes writable: ${described.join(', ')}.`,
    evidence: writable.map((mount) => at(mount.path, mount.readOnly, 'true')),
  };
}

/** hostPath volume name → node path (configuration, not a secret: safe to show). */
function hostPathVolumesOf(workload: WorkloadSubject): Map<string, string> {
  const volumes = Array.isArray(workload.podSpec['volumes']) ? workload.podSpec['volumes'] : [];
  const found = new Map<string, string>();
  for (const volume of volumes) {
    if (isObject(volume) && isObject(volume['hostPath']) && typeof volume['name'] === 'string') found.set(volume['name'], String(volume['hostPath']['path'] ?? ''));
  }
  return found;
}

/** Mounts of hostPath volumes, in every container kind, that do not say readOnly: true. */
function writableMountsOf(workload: WorkloadSubject, hostPaths: ReadonlyMap<string, string>): WritableMount[] {
  return containersOf(workload).flatMap(({ container, name, path }) => {
    const mounts = Array.isArray(container['volumeMounts']) ? container['volumeMounts'] : [];
    return mounts.flatMap((mount, index) =>
      isObject(mount) && typeof mount['name'] === 'string' && hostPaths.has(mount['name']) && mount['readOnly'] !== true
        ? [{ path: `${path}.volumeMounts[${index}].readOnly`, container: name, volume: mount['name'], readOnly: mount['readOnly'] }]
        : [],
    );
  });
}
