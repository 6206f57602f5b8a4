import { flagsSet } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.service-account-key-file',
  title: 'The API server verifies service account tokens with a dedicated key',
  severity: 'medium',
  rationale:
    'An explicit --service-account-key-file lets service account signing keys be rotated independently of the ' +
    'serving certificate; without it the API server falls back to its TLS private key.',
  remediation: 'Set --service-account-key-file on kube-apiserver to the public key matching the controller manager\'s --service-account-private-key-file.',
  references: { cis: ['1.2.22'], nsa: ['Authentication and authorization'] },
  component: 'kube-apiserver',
  rule: flagsSet('--service-account-key-file'),
});
