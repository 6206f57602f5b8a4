import { flagsSet, unlessConfigFile } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'etcd.cert-file',
  title: 'etcd serves clients over TLS',
  severity: 'high',
  rationale: 'Without --cert-file and --key-file etcd serves clients in plain text, and every object of the cluster, Secrets included, crosses that connection.',
  remediation: 'Set --cert-file and --key-file on etcd to its server certificate and key.',
  references: { cis: ['2.1'], nsa: ['Network separation and hardening: Control plane hardening'] },
  component: 'etcd',
  rule: unlessConfigFile('--config-file', flagsSet('--cert-file', '--key-file')),
});
