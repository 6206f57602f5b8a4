import { flagsSet, unlessConfigFile } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'etcd.peer-cert-file',
  title: 'etcd members talk to each other over TLS',
  severity: 'high',
  rationale: 'Without --peer-cert-file and --peer-key-file, replication traffic between etcd members, carrying the whole cluster state, is plain text.',
  remediation: 'Set --peer-cert-file and --peer-key-file on every etcd member.',
  references: { cis: ['2.4'], nsa: ['Network separation and hardening: Control plane hardening'] },
  component: 'etcd',
  rule: unlessConfigFile('--config-file', flagsSet('--peer-cert-file', '--peer-key-file')),
});
