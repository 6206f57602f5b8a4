import type { Evidence } from '../../domain/finding.js';
import { at, defineCheck, type FindingDraft } from '../define-check.js';
import type { SnapshotIndex } from '../snapshot-index.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../workload-subjects.js';
import { POLICY_KINDS, missingPolicyKinds, namespaceLabelsOf, optional, policyViewLookup, type Direction, type Endpoint, type PolicyView, type PolicyViewLookup } from './_shared.js';

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

export default defineCheck({
  id: 'network.workload-not-selected',
  title: 'Every workload is selected by network policies for ingress and egress',
  severity: 'medium',
  rationale:
    'A pod that no network policy selects for a direction is not isolated in that direction: it accepts connections from, ' +
    'or opens connections to, anything the network can route. Being selected for both directions is what makes a ' +
    'workload segmented. Kubernetes, Calico and Cilium policies all count. A pod on the host network (hostNetwork: true) ' +
    'shares the node\'s network namespace, which pod network policies do not apply to, so it fails: it cannot be segmented.',
  remediation:
    'Give every workload a policy that selects its pod labels with both Ingress and Egress types (a namespace-wide ' +
    'default-deny does this for all of them), and allow the traffic it needs explicitly.',
  reads: WORKLOAD_KINDS,
  needs: POLICY_KINDS,
  references: { cis: ['5.3.2'], nsa: ['Network separation and hardening: Network policies'] },
  evaluate: ({ index }) => {
    const missing = missingPolicyKinds(index);
    const views = policyViewLookup(index);
    return index.workloads.map((workload) => selectionFindingFor(index, views, workload, missing));
  },
});

type Selection = 'selected' | 'not-selected' | 'unclear';

function selectionFindingFor(index: SnapshotIndex, policyViewsFor: PolicyViewLookup, workload: WorkloadSubject, missing: readonly string[]): FindingDraft {
  const base = { resource: workload.ref, related: workload.pods };
  const name = workload.description;
  // Policies apply to the pod network; a hostNetwork pod shares the node's, so no policy can segment it.
  if (workload.podSpec['hostNetwork'] === true) {
    return {
      ...base,
      status: 'fail',
      message: `${name} uses the host network (hostNetwork: true), where network policies cannot restrict its traffic, so it is not segmented.`,
      evidence: [at(`${workload.specPath}.hostNetwork`, true, 'false or unset: network policies only apply to the pod network')],
    };
  }
  const endpoint = endpointOf(index, workload);
  const views = policyViewsFor(workload.namespace);
  const selection = DIRECTIONS.map((direction) => ({ direction, ...selectionFor(views, endpoint, direction) }));
  const evidence: Evidence[] = selection.map(({ direction, by }) => at(`${direction}Policies`, by.map((view) => view.label), 'at least one policy selecting the pod'));
  const open = selection.filter(({ state }) => state !== 'selected').map(({ direction }) => direction);
  if (open.length === 0) {
    return { ...base, status: 'pass', message: `${name} is selected by network policies for ingress and egress.`, evidence };
  }
  const definitelyOpen = selection.some(({ state }) => state === 'not-selected');
  if (!definitelyOpen || missing.length > 0) {
    const why = missing.length > 0 ? `${missing.join(', ')} could not be read` : 'a policy selector could not be evaluated';
    return { ...base, status: 'unknown', message: `${name} is not shown to be selected for ${open.join(' and ')}: ${why}.`, evidence: [...evidence, ...(missing.length > 0 ? [at('gaps', [...missing])] : [])] };
  }
  return { ...base, status: 'fail', message: `${name} is selected by no network policy for ${open.join(' and ')}, so that traffic is not restricted.`, evidence };
}

function selectionFor(views: readonly PolicyView[], endpoint: Endpoint, direction: Direction): { state: Selection; by: PolicyView[] } {
  const isolating = views.filter((view) => view.isolates(direction));
  const by = isolating.filter((view) => view.selects(endpoint) === true);
  if (by.length > 0) return { state: 'selected', by };
  return { state: isolating.some((view) => view.selects(endpoint) === undefined) ? 'unclear' : 'not-selected', by };
}

function endpointOf(index: SnapshotIndex, workload: WorkloadSubject): Endpoint {
  const account = workload.podSpec['serviceAccountName'] ?? workload.podSpec['serviceAccount'];
  return {
    namespace: workload.namespace,
    podLabels: workload.podMeta.labels ?? {},
    serviceAccount: typeof account === 'string' ? account : 'default',
    ...optional('namespaceLabels', namespaceLabelsOf(index, workload.namespace)),
  };
}
