import { flagsSet, noting } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.encryption-provider-config',
  title: 'The API server encrypts resources at rest',
  severity: 'high',
  rationale:
    'Without an encryption configuration, Secrets are stored in etcd (and its backups) as base64 plain text. ' +
    'The flag shows that a configuration is in use; which providers it lists (CIS 1.2.28: aescbc, kms or ' +
    'secretbox, not identity first) is in a file on the node that the pod does not show.',
  remediation:
    'Write an EncryptionConfiguration that encrypts at least secrets with kms, aescbc or secretbox, and pass it with --encryption-provider-config on kube-apiserver.',
  references: { cis: ['1.2.27'], nsa: ['Network separation and hardening: Secrets'] },
  component: 'kube-apiserver',
  rule: noting(flagsSet('--encryption-provider-config'), 'the providers in that file cannot be read from the pod and need a manual review (CIS 1.2.28)'),
});
