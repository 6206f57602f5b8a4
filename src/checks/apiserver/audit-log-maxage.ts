import { integerAtLeast } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.audit-log-maxage',
  title: 'The API server keeps audit logs for at least 30 days',
  severity: 'medium',
  rationale: 'Audit logs must be kept long enough to investigate incidents found weeks later; CIS asks for at least 30 days on the node.',
  remediation: 'Set --audit-log-maxage=30 (or more) on kube-apiserver.',
  references: { cis: ['1.2.17'], nsa: ['Audit Logging and Threat Detection'] },
  component: 'kube-apiserver',
  // Default 0: files are never removed for age, but neither is a retention period set, which is what CIS audits.
  rule: integerAtLeast({ flag: '--audit-log-maxage', min: 30, defaultValue: 0 }),
});
