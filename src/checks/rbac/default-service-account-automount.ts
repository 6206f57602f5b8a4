import { describeRef, refOf } from '../../domain/snapshot.js';
import { at, defineCheck } from '../define-check.js';
import { KINDS } from '../snapshot-index.js';
import { fieldOf } from './_shared.js';

export default defineCheck({
  id: 'rbac.default-service-account-automount',
  title: 'Default service accounts do not automount API tokens',
  severity: 'medium',
  rationale:
    'Unless the `default` service account sets automountServiceAccountToken: false, every pod that names no account gets ' +
    'an API token mounted, whether it talks to the API or not; a compromised container then holds a credential for free.',
  remediation: 'Set automountServiceAccountToken: false on the default ServiceAccount of every namespace, and give workloads that need the API their own account.',
  reads: [KINDS.serviceAccount],
  references: { cis: ['5.1.5'], nsa: ['Authentication and authorization'] },
  evaluate: ({ index }) =>
    index
      .list(KINDS.serviceAccount)
      .filter((account) => account.metadata.name === 'default')
      .map((account) => {
        const resource = refOf(account);
        const automount = fieldOf(account, 'automountServiceAccountToken');
        return automount === false
          ? { resource, status: 'pass' as const, message: `${describeRef(resource)} does not automount its token.`, evidence: [at('automountServiceAccountToken', false)] }
          : {
              resource,
              status: 'fail' as const,
              message: `${describeRef(resource)} automounts its token into every pod that uses it (automountServiceAccountToken is ${automount === undefined ? 'unset' : String(automount)}).`,
              evidence: [at('automountServiceAccountToken', automount, 'false')],
            };
      }),
});
