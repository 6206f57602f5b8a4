import { authorizationMode } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.authorization-mode-rbac',
  title: 'The API server authorises requests with RBAC',
  severity: 'high',
  rationale: 'RBAC is what Roles and bindings are enforced by; without it in the authorizer chain, least-privilege RBAC policies have no effect.',
  remediation: 'Include RBAC in --authorization-mode on kube-apiserver, for example --authorization-mode=Node,RBAC.',
  references: { cis: ['1.2.8'], nsa: ['Authentication and authorization'] },
  component: 'kube-apiserver',
  rule: authorizationMode({ mode: 'RBAC', present: true }),
});
