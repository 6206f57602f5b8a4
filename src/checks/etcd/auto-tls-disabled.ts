import { booleanFlag, unlessConfigFile } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'etcd.auto-tls-disabled',
  title: 'etcd does not serve clients with self-signed certificates',
  severity: 'high',
  rationale: '--auto-tls makes etcd generate self-signed certificates, which clients cannot verify and which do not support client authentication.',
  remediation: 'Remove --auto-tls from etcd (or set it to false) and configure --cert-file and --key-file.',
  references: { cis: ['2.3'], nsa: ['Network separation and hardening: Control plane hardening'] },
  component: 'etcd',
  rule: unlessConfigFile('--config-file', booleanFlag({ flag: '--auto-tls', want: false, defaultValue: false })),
});
