import { authorizationMode } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.authorization-mode-not-always-allow',
  title: 'The API server does not authorise every request',
  severity: 'critical',
  rationale:
    'The AlwaysAllow authorizer grants every authenticated request; it is the kube-apiserver default when ' +
    '--authorization-mode is absent, and with it RBAC is bypassed entirely.',
  remediation: 'Set --authorization-mode on kube-apiserver to a chain without AlwaysAllow, for example Node,RBAC.',
  references: { cis: ['1.2.6'], nsa: ['Authentication and authorization'] },
  component: 'kube-apiserver',
  rule: authorizationMode({ mode: 'AlwaysAllow', present: false }),
});
