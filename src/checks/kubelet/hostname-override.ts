import type { KubeObject, Snapshot } from '../../domain/snapshot.js';
import { refOf } from '../../domain/snapshot.js';
import { at, defineCheck, type FindingDraft } from '../define-check.js';
import { flagAbsent } from '../control-plane/_rules.js';
import { componentInstances, describeInstance, type ComponentInstance } from '../control-plane/_shared.js';
import { clusterRef } from '../engine.js';
import { KINDS } from '../snapshot-index.js';

/**
 * --hostname-override exists only as a command-line flag: KubeletConfiguration has no such field, so configz
 * never shows it. The only place a snapshot can show a kubelet's flags is a kubelet that runs as a pod
 * (self-hosted kubelets, such as bootkube's `kubelet` DaemonSet in kube-system). Every other node is unknown.
 */
export default defineCheck({
  id: 'kubelet.hostname-override',
  title: 'Kubelets do not override the node hostname',
  severity: 'low',
  rationale:
    'Overriding the hostname can break TLS between the API server and the kubelet, whose certificate is issued ' +
    'for the real hostname, and makes node identity harder to trace. configz does not report this flag, so it ' +
    'is verified only where the kubelet command line is visible.',
  remediation: 'Remove --hostname-override from the kubelet service arguments (KUBELET_SYSTEM_PODS_ARGS or the systemd drop-in) and restart the kubelet.',
  references: { cis: ['4.2.7'] },
  reads: [KINDS.node, KINDS.pod],
  evaluate: ({ snapshot, index }) => {
    if (!index.hasCollected(KINDS.node)) return [];
    const instances = index.hasCollected(KINDS.pod) ? componentInstances(index, 'kubelet') : [];
    const byNode = new Map(instances.flatMap((instance) => (instance.node === null ? [] : [[instance.node, instance] as const])));
    const nodeFindings = index.list(KINDS.node).map((node) => {
      const instance = byNode.get(node.metadata.name);
      return instance === undefined ? commandLineNotVisible(node) : verdictFor(instance, node);
    });
    const unbound = instances.filter((instance) => instance.node === null).map((instance) => verdictFor(instance, instance.pod));
    const findings = [...nodeFindings, ...unbound];
    return findings.length > 0 ? findings : [noKubeletVisible(snapshot)];
  },
});

const rule = flagAbsent('--hostname-override');

function verdictFor(instance: ComponentInstance, subject: KubeObject): FindingDraft {
  const result = rule(instance.commandLine);
  const podRef = refOf(instance.pod);
  return {
    resource: refOf(subject),
    status: result.status,
    message: `The ${describeInstance('kubelet', instance)} ${result.says}.`,
    evidence: result.evidence.map((item) => ({ ...item, path: `pods[${podRef.namespace ?? ''}/${podRef.name}].${item.path}` })),
    related: [podRef],
  };
}

function noKubeletVisible(snapshot: Snapshot): FindingDraft {
  return {
    resource: clusterRef(snapshot),
    status: 'unknown',
    message: 'No Node objects and no kubelet pods were collected, so no kubelet command line could be examined.',
    evidence: [at('resources[Node]', 0, 'at least one node')],
  };
}

function commandLineNotVisible(node: KubeObject): FindingDraft {
  return {
    resource: refOf(node),
    status: 'unknown',
    message: `The kubelet command line of node ${node.metadata.name} is not visible (--hostname-override is a flag that configz does not report), so it cannot be verified.`,
    evidence: [at('kubelet.command[--hostname-override]', null, 'not set')],
  };
}
