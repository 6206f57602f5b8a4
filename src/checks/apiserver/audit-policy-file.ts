import { flagsSet, noting } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.audit-policy-file',
  title: 'The API server has an audit policy',
  severity: 'medium',
  rationale:
    'The API server records audit events only when --audit-policy-file names a policy; without one, ' +
    '--audit-log-path produces nothing. What the policy covers (CIS 3.2.2) is in the file, not in the pod.',
  remediation: 'Write an audit policy (at least Metadata for secrets, configmaps and tokenreviews; pods/exec and friends) and pass it with --audit-policy-file on kube-apiserver.',
  references: { cis: ['3.2.1'], nsa: ['Audit Logging and Threat Detection'] },
  component: 'kube-apiserver',
  rule: noting(flagsSet('--audit-policy-file'), 'the rules in that file cannot be read from the pod (CIS 3.2.2 is a manual review)'),
});
