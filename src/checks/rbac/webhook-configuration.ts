import { defineCheck } from '../define-check.js';
import { RBAC_KINDS, evaluateAccess, permissions } from './_shared.js';

export default defineCheck({
  id: 'rbac.webhook-configuration',
  title: 'Only system identities can change admission webhook configurations',
  severity: 'high',
  rationale:
    'A mutating webhook sees and can rewrite every object it matches, Secrets included; deleting or changing a validating ' +
    'webhook switches off the policy it enforces.',
  remediation: 'Remove create, update, patch and delete on validatingwebhookconfigurations and mutatingwebhookconfigurations from cluster roles bound to ordinary subjects.',
  reads: RBAC_KINDS,
  needs: RBAC_KINDS,
  references: { cis: ['5.1.12'], nsa: ['Authentication and authorization'] },
  evaluate: ({ index }) =>
    evaluateAccess(index, {
      what: 'write access to admission webhook configurations',
      permissions: permissions(['create', 'update', 'patch', 'delete', 'deletecollection'], 'admissionregistration.k8s.io', ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'], true),
    }),
});
