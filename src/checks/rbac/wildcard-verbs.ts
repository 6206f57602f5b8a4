import { describeRef, refOf } from '../../domain/snapshot.js';
import { at, defineCheck } from '../define-check.js';
import { KINDS } from '../snapshot-index.js';
import { examinedRules, judgeEachRole } from './_shared.js';

export default defineCheck({
  id: 'rbac.wildcard-verbs',
  title: 'Roles and ClusterRoles name their verbs instead of using "*"',
  severity: 'medium',
  rationale:
    'A "*" verb grants every verb the API has or will have, including escalate, bind, impersonate and deletecollection, ' +
    'so the role silently gains power as the API grows and its holders can usually grant themselves more.',
  remediation: 'Replace "*" in rules[].verbs with the verbs the role needs (for example get, list, watch).',
  reads: [KINDS.role, KINDS.clusterRole],
  references: { cis: ['5.1.3'], nsa: ['Authentication and authorization'] },
  evaluate: ({ index }) =>
    judgeEachRole(index, (role, rules) => {
      const resource = refOf(role);
      const wildcards = rules.filter((rule) => rule.verbs.includes('*'));
      return wildcards.length === 0
        ? { resource, status: 'pass', message: `${describeRef(resource)} uses no "*" verb.`, evidence: [examinedRules(rules, 'no "*" in verbs')] }
        : {
            resource,
            status: 'fail',
            message: `${describeRef(resource)} grants "*" verbs in ${wildcards.map((rule) => rule.path).join(', ')}.`,
            evidence: wildcards.map((rule) => at(`${rule.path}.verbs`, [...rule.verbs], 'named verbs, no "*"')),
          };
    }),
});
