import { flagsSet } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.audit-log-path',
  title: 'The API server writes an audit log',
  severity: 'medium',
  rationale: 'Without an audit log there is no record of who did what in the cluster, which incident response and most compliance frameworks require.',
  remediation: 'Set --audit-log-path on kube-apiserver (for example /var/log/kubernetes/audit/audit.log) together with --audit-policy-file.',
  references: { cis: ['1.2.16'], nsa: ['Audit Logging and Threat Detection'] },
  component: 'kube-apiserver',
  rule: flagsSet('--audit-log-path'),
});
