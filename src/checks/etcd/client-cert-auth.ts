import { booleanFlag, unlessConfigFile } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'etcd.client-cert-auth',
  title: 'etcd accepts only clients with a trusted certificate',
  severity: 'critical',
  rationale: 'With --client-cert-auth off (the etcd default), anyone who reaches the client port can read and write the whole cluster state without credentials.',
  remediation: 'Set --client-cert-auth=true on etcd, with --trusted-ca-file naming the CA of its clients.',
  references: { cis: ['2.2'], nsa: ['Network separation and hardening: Control plane hardening'] },
  component: 'etcd',
  rule: unlessConfigFile('--config-file', booleanFlag({ flag: '--client-cert-auth', want: true, defaultValue: false })),
});
