import { describeRef, refOf } from '../../domain/snapshot.js';
import { at, defineCheck } from '../define-check.js';
import { fieldOf } from './_shared.js';

const CONFIG_MAP = 'ConfigMap';

export default defineCheck({
  id: 'secrets.configmap-secret-keys',
  title: 'ConfigMaps hold no credential-looking values',
  severity: 'high',
  rationale:
    'ConfigMaps are not treated as secret: they are readable by roles that exclude Secrets, shown in full by tooling and ' +
    'often committed to version control. A credential in a ConfigMap is exposed to all of them.',
  remediation: 'Move the value into a Secret (or an external secret store), reference it from the workload, and rotate the credential.',
  reads: [CONFIG_MAP],
  references: { nsa: ['Network separation and hardening: Secrets'] },
  // Values never reach the snapshot: collection keeps the keys and marks the credential-looking ones (collect/redact.ts).
  evaluate: ({ index }) =>
    index.list(CONFIG_MAP).map((configMap) => {
      const resource = refOf(configMap);
      const suspicious = fieldOf(configMap, 'secretLookingKeys');
      // Collection records both lists whenever the ConfigMap had data; neither means it had none.
      if (suspicious === undefined && fieldOf(configMap, 'dataKeys') === undefined) {
        return { resource, status: 'pass' as const, message: `${describeRef(resource)} holds no data.`, evidence: [at('data', null)] };
      }
      if (!Array.isArray(suspicious)) {
        return { resource, status: 'unknown' as const, message: `${describeRef(resource)} was stored without the credential scan made at collection, so its values could not be judged.`, evidence: [at('secretLookingKeys', null, 'the list computed at collection')] };
      }
      return suspicious.length === 0
        ? { resource, status: 'pass' as const, message: `${describeRef(resource)} holds no credential-looking value.`, evidence: [at('dataKeys', fieldOf(configMap, 'dataKeys'))] }
        : {
            resource,
            status: 'fail' as const,
            message: `${describeRef(resource)} holds credential-looking values under ${suspicious.map((key) => `'${String(key)}'`).join(', ')}.`,
            evidence: suspicious.map((key) => at(`data["${String(key)}"]`, '<redacted>', 'no credential in a ConfigMap')),
          };
    }),
});
