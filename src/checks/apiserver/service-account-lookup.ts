import { booleanFlag } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.service-account-lookup',
  title: 'The API server checks that service account tokens still exist',
  severity: 'high',
  rationale: 'Without the lookup, a token keeps working after its service account or secret is deleted, so revoking a leaked token does not revoke access.',
  remediation: 'Remove --service-account-lookup=false from kube-apiserver (the default is true).',
  references: { cis: ['1.2.21'], nsa: ['Authentication and authorization'] },
  component: 'kube-apiserver',
  rule: booleanFlag({ flag: '--service-account-lookup', want: true, defaultValue: true }),
});
