import type { Evidence } from '../../domain/finding.js';
import { describeRef, refOf } from '../../domain/snapshot.js';
import { at, defineCheck } from '../define-check.js';
import { KINDS } from '../snapshot-index.js';
import { examinedRules, judgeEachRole, type RoleRule } from './_shared.js';

export default defineCheck({
  id: 'rbac.wildcard-resources',
  title: 'Roles and ClusterRoles name their resources and API groups instead of using "*"',
  severity: 'medium',
  rationale:
    'A "*" resource or API group covers every resource the cluster serves now or later, Secrets and custom resources ' +
    'included, so the role grants far more than anyone reviewed.',
  remediation: 'Replace "*" in rules[].resources, rules[].apiGroups and rules[].nonResourceURLs with the resources and groups the role needs.',
  reads: [KINDS.role, KINDS.clusterRole],
  references: { cis: ['5.1.3'], nsa: ['Authentication and authorization'] },
  evaluate: ({ index }) =>
    judgeEachRole(index, (role, rules) => {
      const resource = refOf(role);
      const evidence = rules.flatMap(wildcardEvidenceOf);
      return evidence.length === 0
        ? { resource, status: 'pass', message: `${describeRef(resource)} uses no "*" resource or API group.`, evidence: [examinedRules(rules, 'no "*" in resources or apiGroups')] }
        : { resource, status: 'fail', message: `${describeRef(resource)} grants access through "*" in ${evidence.map((line) => line.path).join(', ')}.`, evidence };
    }),
});

/** `*` and `*\/<subresource>` resources, `*` API groups and the `*` non-resource URL. */
function wildcardEvidenceOf(rule: RoleRule): Evidence[] {
  const lines: Evidence[] = [];
  if (rule.apiGroups.includes('*')) lines.push(at(`${rule.path}.apiGroups`, [...rule.apiGroups], 'named API groups'));
  if (rule.resources.some((name) => name === '*' || name.startsWith('*/'))) lines.push(at(`${rule.path}.resources`, [...rule.resources], 'named resources'));
  if (rule.nonResourceURLs.includes('*')) lines.push(at(`${rule.path}.nonResourceURLs`, [...rule.nonResourceURLs], 'named URLs'));
  return lines;
}
