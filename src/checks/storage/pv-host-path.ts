import { describeRef, refOf } from '../../domain/snapshot.js';
import { isObject } from '../containers.js';
import { at, defineCheck } from '../define-check.js';
import { PERSISTENT_VOLUME, specOf } from './_shared.js';

export default defineCheck({
  id: 'storage.pv-host-path',
  title: 'No PersistentVolume is backed by a hostPath',
  severity: 'medium',
  rationale:
    'A hostPath PersistentVolume exposes a directory of whichever node the pod lands on; a claim on it gives the pod ' +
    'the node\'s files even where policy forbids hostPath volumes in pods, and the data is neither replicated nor fenced.',
  remediation: 'Replace hostPath PersistentVolumes with a storage class backed by a CSI driver, or with local volumes pinned by node affinity for node-local data.',
  reads: [PERSISTENT_VOLUME],
  references: { nsa: ['Kubernetes Pod security'] },
  evaluate: ({ index }) =>
    index.list(PERSISTENT_VOLUME).map((volume) => {
      const resource = refOf(volume);
      const hostPath = specOf(volume)['hostPath'];
      return isObject(hostPath)
        ? { resource, status: 'fail' as const, message: `${describeRef(resource)} is a hostPath volume on ${String(hostPath['path'] ?? '(no path)')}.`, evidence: [at('spec.hostPath.path', hostPath['path'], 'a CSI or network volume source')] }
        : { resource, status: 'pass' as const, message: `${describeRef(resource)} is not backed by a hostPath.`, evidence: [at('spec.hostPath', hostPath ?? null, 'absent')] };
    }),
});
