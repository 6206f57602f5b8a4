import { METHODOLOGY, type MethodologySection } from '../../catalog/methodology.js';
import { REQUIREMENT_WEIGHT, SEVERITY_WEIGHT } from './remediation.js';

/**
 * The methodology appendix: the catalogue stage's status and score rules (catalog/methodology.ts, which
 * derive-results.ts and score.ts implement) followed by the report's own rules for the remediation plan and the
 * attack surface (remediation.ts and signals.ts implement those; change text and code together).
 */
const weights = Object.entries(SEVERITY_WEIGHT)
  .map(([severity, weight]) => `${severity} ${weight}`)
  .join(', ');

export const REMEDIATION_RULES: MethodologySection = {
  heading: 'Prioritised remediation',
  paragraphs: [
    'A fix is one check\'s remediation applied to one resource group: a namespace, all cluster-scoped objects, or ' +
      'all nodes. Only unwaived failures call for a fix; waived failures are accepted risks and unknown findings ' +
      'need evidence rather than change.',
    `priority = severity weight × (1 + exposure) × (1 + blast radius) + ${REQUIREMENT_WEIGHT} × requirements closed.`,
    `Severity weight: ${weights}.`,
    'Exposure: 2 when a resource of the fix is an entry point from outside the cluster (a Service of type ' +
      'LoadBalancer or NodePort, an Ingress, a pod using hostNetwork or a hostPort) or a backend such an entry ' +
      'point lists; 1 when it only shares a namespace with an entry point; 0 otherwise.',
    'Blast radius: how many of these the fix\'s resources show, 0 to 4 — privileged containers, hostPath volumes, ' +
      'cluster-wide RBAC (a ClusterRole or ClusterRoleBinding flagged by an RBAC check), and access to Secrets.',
    'Requirements closed: framework requirements that fail now and would pass once the fix is applied, because ' +
      'every unwaived failure behind them belongs to the fix and none of their findings is unknown or waived.',
    'Exposure and blast radius are read from the findings and their evidence only: a signal exists where a check ' +
      'observed it (for example spec.type = "NodePort" on a Service, securityContext.privileged = true on a ' +
      'container). A cluster whose checks did not run, or could not read a kind, shows fewer signals, not fewer risks.',
    'Threat model, first match wins: checks about identities and their secrets (RBAC, secrets, service-account ' +
      'tokens, anonymous access) → compromised credentials; fixes on a resource reachable from outside, and network ' +
      'checks → external attacker; everything else limits what an attacker inside a container can do → compromised ' +
      'container. Ties in priority go to the higher severity, then the fix touching more resources.',
  ],
};

const ATTACK_SURFACE_RULES: MethodologySection = {
  heading: 'Attack surface',
  paragraphs: [
    'Exposed endpoints: distinct resources that are entry points from outside (as above). Privileged workloads and ' +
      'hostPath workloads: distinct resources with that signal. Identities with cluster-wide power: distinct ' +
      'ClusterRoles and ClusterRoleBindings flagged by an RBAC check. Secrets access: distinct roles and bindings ' +
      'whose rules grant it. Counts include waived failures, which remain true of the cluster.',
  ],
};

export function packMethodology(): readonly MethodologySection[] {
  return [...METHODOLOGY, REMEDIATION_RULES, ATTACK_SURFACE_RULES];
}
