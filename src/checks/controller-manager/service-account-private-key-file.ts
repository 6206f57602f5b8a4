import { flagsSet } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'controller-manager.service-account-private-key-file',
  title: 'The controller manager signs service account tokens with a dedicated key',
  severity: 'medium',
  rationale: 'A dedicated --service-account-private-key-file is what lets service account signing keys be rotated on their own.',
  remediation: 'Set --service-account-private-key-file on kube-controller-manager to the private key matching the API server\'s --service-account-key-file.',
  references: { cis: ['1.3.4'], nsa: ['Authentication and authorization'] },
  component: 'kube-controller-manager',
  rule: flagsSet('--service-account-private-key-file'),
});
