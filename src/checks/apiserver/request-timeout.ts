import { positiveDuration } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.request-timeout',
  title: 'The API server times out requests',
  severity: 'low',
  rationale:
    'A global request timeout bounds how long a request can hold API server resources. The default (60s) is ' +
    'appropriate for most clusters; a zero, negative or unparseable value is not.',
  remediation: 'Remove --request-timeout from kube-apiserver, or set it to a positive duration suited to your clients (for example 300s).',
  references: { cis: ['1.2.20'] },
  component: 'kube-apiserver',
  rule: positiveDuration({ flag: '--request-timeout', defaultValue: '1m0s' }),
});
