import { defineCheck } from '../define-check.js';
import { RBAC_KINDS, evaluateAccess, permissions } from './_shared.js';

export default defineCheck({
  id: 'rbac.csr-approval',
  title: 'Only system identities can approve CertificateSigningRequests',
  severity: 'high',
  rationale:
    'Whoever can update the approval subresource of certificatesigningrequests can approve a client certificate for any ' +
    'user or group, including system:masters, and so authenticate as anyone.',
  remediation: 'Remove update and patch on certificatesigningrequests/approval from cluster roles bound to users and service accounts.',
  reads: RBAC_KINDS,
  needs: RBAC_KINDS,
  references: { cis: ['5.1.11'], nsa: ['Authentication and authorization'] },
  evaluate: ({ index }) =>
    evaluateAccess(index, {
      what: 'update on certificatesigningrequests/approval',
      permissions: permissions(['update', 'patch'], 'certificates.k8s.io', ['certificatesigningrequests/approval'], true),
    }),
});
