import { describeRef, refOf } from '../../domain/snapshot.js';
import { at, defineCheck } from '../define-check.js';
import { PERSISTENT_VOLUME, specOf } from './_shared.js';

export default defineCheck({
  id: 'storage.pv-reclaim-policy',
  title: 'No PersistentVolume uses the deprecated Recycle reclaim policy',
  severity: 'low',
  rationale:
    'Recycle wipes a released volume with a basic `rm -rf` and hands it to the next claim, possibly in another ' +
    'namespace; it is deprecated because the scrub is not a secure erase and leaves data recoverable.',
  remediation: 'Use persistentVolumeReclaimPolicy Delete (dynamic provisioning) or Retain with a documented wipe procedure.',
  reads: [PERSISTENT_VOLUME],
  references: { other: ['https://kubernetes.io/docs/concepts/storage/persistent-volumes/#recycle'] },
  evaluate: ({ index }) =>
    index.list(PERSISTENT_VOLUME).map((volume) => {
      const resource = refOf(volume);
      const policy = specOf(volume)['persistentVolumeReclaimPolicy'];
      return policy === 'Recycle'
        ? { resource, status: 'fail' as const, message: `${describeRef(resource)} is recycled for reuse after release.`, evidence: [at('spec.persistentVolumeReclaimPolicy', policy, 'Delete or Retain')] }
        : { resource, status: 'pass' as const, message: `${describeRef(resource)} has reclaim policy ${String(policy ?? 'Retain (default for static volumes)')}.`, evidence: [at('spec.persistentVolumeReclaimPolicy', policy)] };
    }),
});
