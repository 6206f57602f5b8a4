import { booleanFlag } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'controller-manager.use-service-account-credentials',
  title: 'Each controller runs with its own service account',
  severity: 'medium',
  rationale:
    'By default (false) all controllers share the controller manager\'s own, very broad identity; with ' +
    'individual service accounts each controller gets only the RBAC permissions of its system:controller role.',
  remediation: 'Set --use-service-account-credentials=true on kube-controller-manager.',
  references: { cis: ['1.3.3'], nsa: ['Authentication and authorization'] },
  component: 'kube-controller-manager',
  rule: booleanFlag({ flag: '--use-service-account-credentials', want: true, defaultValue: false }),
});
