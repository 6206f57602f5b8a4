import { defineCheck } from '../define-check.js';
import { RBAC_KINDS, evaluateAccess, permissions } from './_shared.js';

export default defineCheck({
  id: 'rbac.persistent-volume-create',
  title: 'Only system identities can create PersistentVolumes',
  severity: 'medium',
  rationale:
    'A PersistentVolume can point at any hostPath on a node; whoever can create one and claim it can mount the node\'s ' +
    'file system into a pod, escaping the restrictions that forbid hostPath volumes in pods.',
  remediation: 'Remove create on persistentvolumes from cluster roles bound to users and service accounts; let dynamic provisioning create volumes.',
  reads: RBAC_KINDS,
  needs: RBAC_KINDS,
  references: { cis: ['5.1.9'], nsa: ['Authentication and authorization'] },
  evaluate: ({ index }) => evaluateAccess(index, { what: 'create on persistentvolumes', permissions: permissions(['create'], '', ['persistentvolumes'], true) }),
});
