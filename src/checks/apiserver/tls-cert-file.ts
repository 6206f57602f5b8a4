import { flagsSet } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.tls-cert-file',
  title: 'The API server serves TLS with a configured certificate',
  severity: 'high',
  rationale: 'Without --tls-cert-file and --tls-private-key-file the API server generates a self-signed certificate that clients cannot verify.',
  remediation: 'Set --tls-cert-file and --tls-private-key-file on kube-apiserver to a certificate signed by the cluster CA.',
  references: { cis: ['1.2.24'], nsa: ['Network separation and hardening: Encryption'] },
  component: 'kube-apiserver',
  rule: flagsSet('--tls-cert-file', '--tls-private-key-file'),
});
