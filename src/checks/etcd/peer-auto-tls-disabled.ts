import { booleanFlag, unlessConfigFile } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'etcd.peer-auto-tls-disabled',
  title: 'etcd members do not use self-signed peer certificates',
  severity: 'high',
  rationale: '--peer-auto-tls makes members generate self-signed peer certificates, which cannot be verified and defeat peer authentication.',
  remediation: 'Remove --peer-auto-tls from etcd (or set it to false) and configure --peer-cert-file and --peer-key-file.',
  references: { cis: ['2.6'], nsa: ['Network separation and hardening: Control plane hardening'] },
  component: 'etcd',
  rule: unlessConfigFile('--config-file', booleanFlag({ flag: '--peer-auto-tls', want: false, defaultValue: false })),
});
