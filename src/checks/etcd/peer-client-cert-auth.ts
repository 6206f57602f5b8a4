import { booleanFlag, unlessConfigFile } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'etcd.peer-client-cert-auth',
  title: 'etcd accepts only peers with a trusted certificate',
  severity: 'high',
  rationale: 'With --peer-client-cert-auth off (the etcd default), anything that reaches the peer port can join or talk to the etcd cluster as a member.',
  remediation: 'Set --peer-client-cert-auth=true on every etcd member, with --peer-trusted-ca-file naming the peer CA.',
  references: { cis: ['2.5'], nsa: ['Network separation and hardening: Control plane hardening'] },
  component: 'etcd',
  rule: unlessConfigFile('--config-file', booleanFlag({ flag: '--peer-client-cert-auth', want: true, defaultValue: false })),
});
