import type { Evidence } from '../../domain/finding.js';
import type { JsonObject, JsonValue } from '../../domain/json.js';
import type { KubeObject, Snapshot } from '../../domain/snapshot.js';
import { refOf } from '../../domain/snapshot.js';
import { isObject } from '../containers.js';
import { at, defineCheck, type CheckDefinition, type FindingDraft } from '../define-check.js';
import { clusterRef } from '../engine.js';
import { KINDS, type SnapshotIndex } from '../snapshot-index.js';
import { basename, CommandLine } from './_flags.js';

/** The control-plane components CIS sections 1 and 2 audit from their static pod command lines. */
export const CONTROL_PLANE_COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd', 'kubelet'] as const;
export type ControlPlaneComponent = (typeof CONTROL_PLANE_COMPONENTS)[number];

/** What a rule concludes about one running instance of a component. */
export interface FlagVerdict {
  readonly status: 'pass' | 'fail' | 'unknown';
  /** The rest of a sentence that starts with "kube-apiserver on node cp-1 ": `runs with --anonymous-auth=true`. */
  readonly says: string;
  readonly evidence: readonly Evidence[];
}

/** Decides one instance from its command line. Pure; the factory adds the subject, node and sentence. */
export type FlagRule = (commandLine: CommandLine) => FlagVerdict;

/** One component process found in the snapshot: its pod, node and parsed command line. */
export interface ComponentInstance {
  readonly pod: KubeObject;
  readonly node: string | null;
  readonly commandLine: CommandLine;
}

type FlagCheckSpec = Omit<CheckDefinition, 'origin' | 'evaluate' | 'reads' | 'needs'> & {
  readonly component: ControlPlaneComponent;
  readonly rule: FlagRule;
};

/**
 * Declares a check over the command line of a control-plane static pod. Each instance (one per control-plane
 * node) gets its own finding. When no instance is visible, which is the normal state of EKS, GKE and AKS, the
 * check says `unknown` once for the cluster: the flags were never seen, so they cannot pass.
 */
export function defineFlagCheck(spec: FlagCheckSpec): CheckDefinition {
  const { component, rule, ...metadata } = spec;
  return defineCheck({
    ...metadata,
    reads: [KINDS.pod],
    evaluate: ({ snapshot, index }) => evaluateInstances(component, rule, { snapshot, index, title: metadata.title }),
  });
}

interface EvaluationScope {
  readonly snapshot: Snapshot;
  readonly index: SnapshotIndex;
  readonly title: string;
}

function evaluateInstances(component: ControlPlaneComponent, rule: FlagRule, scope: EvaluationScope): FindingDraft[] {
  // Pods not collected at all: the engine already reports the gap once for `reads`.
  if (!scope.index.hasCollected(KINDS.pod)) return [];
  const instances = componentInstances(scope.index, component);
  if (instances.length === 0) return [componentNotVisible(component, scope)];
  return instances.map((instance) => findingOf(component, instance, rule(instance.commandLine)));
}

function findingOf(component: ControlPlaneComponent, instance: ComponentInstance, verdict: FlagVerdict): FindingDraft {
  return {
    resource: refOf(instance.pod),
    status: verdict.status,
    message: `${describeInstance(component, instance)} ${verdict.says}.`,
    evidence: verdict.evidence,
  };
}

/** `kube-apiserver on node cp-1`, or the pod name when the pod is not bound to a node. */
export function describeInstance(component: string, instance: ComponentInstance): string {
  const { pod, node } = instance;
  return node === null ? `${component} in pod ${pod.metadata.namespace ?? ''}/${pod.metadata.name}` : `${component} on node ${node}`;
}

/**
 * Every visible instance of a component: kube-system pods the index recognises as its static pods, reduced to
 * those with a container that actually runs the component's binary. The second filter keeps a
 * `etcd-backup-…` CronJob pod, matched by name prefix, from being read as etcd itself.
 */
export function componentInstances(index: SnapshotIndex, component: ControlPlaneComponent): ComponentInstance[] {
  return index
    .staticPods(component)
    .filter(isNotOwnedByJob)
    .flatMap((pod) => {
      const commandLine = commandLineOf(pod, component);
      return commandLine === undefined ? [] : [{ pod, node: nodeNameOf(pod), commandLine }];
    });
}

// Backups and defragmentation jobs share the component's name prefix but are not the component.
function isNotOwnedByJob(pod: KubeObject): boolean {
  return !(pod.metadata.ownerReferences ?? []).some((owner) => owner.kind === 'Job');
}

function nodeNameOf(pod: KubeObject): string | null {
  const spec = podSpecOf(pod);
  const node = isObject(spec) ? spec['nodeName'] : undefined;
  return typeof node === 'string' && node.length > 0 ? node : null;
}

function podSpecOf(pod: KubeObject): JsonObject | undefined {
  const spec = pod['spec'] as JsonValue | undefined;
  return isObject(spec) ? spec : undefined;
}

/** The command line of the pod's container that runs the component, if any. */
function commandLineOf(pod: KubeObject, component: ControlPlaneComponent): CommandLine | undefined {
  const spec = podSpecOf(pod);
  const containers = isObject(spec) ? spec['containers'] : undefined;
  if (!Array.isArray(containers)) return undefined;
  // etcd accepts every flag as an ETCD_* environment variable too.
  const envPrefix = component === 'etcd' ? 'ETCD_' : undefined;
  for (const [position, container] of containers.entries()) {
    if (!isObject(container)) continue;
    const commandLine = CommandLine.ofContainer(container, `spec.containers[${position}]`, envPrefix);
    if (runsComponent(container, commandLine, component)) return commandLine;
  }
  return undefined;
}

/**
 * A container runs the component when its program is the component's binary (`kube-apiserver`,
 * `/usr/local/bin/etcd`, or the old `hyperkube kube-apiserver` form). When the container sets no program and
 * relies on the image entrypoint, the container name or the image name has to say it.
 */
function runsComponent(container: JsonObject, commandLine: CommandLine, component: ControlPlaneComponent): boolean {
  const program = commandLine.executable;
  if (program !== null) {
    const name = basename(program);
    return name === component || (name === 'hyperkube' && hyperkubeRuns(commandLine, component));
  }
  const image = typeof container['image'] === 'string' ? imageName(container['image']) : '';
  return container['name'] === component || isComponentImage(image, component);
}

/**
 * `etcd`, `kube-apiserver-amd64`: the component's own image, possibly with an architecture suffix. Not any
 * image that merely starts with the name (`kubelet-csr-approver` is not the kubelet).
 */
function isComponentImage(image: string, component: ControlPlaneComponent): boolean {
  return image === component || new RegExp(`^${component}-(amd64|arm64|arm|ppc64le|s390x)$`).test(image);
}

function hyperkubeRuns(commandLine: CommandLine, component: ControlPlaneComponent): boolean {
  const sub = commandLine.subcommand;
  return sub !== null && (sub === component || `kube-${sub}` === component || sub === component.replace('kube-', ''));
}

/** `registry.k8s.io/etcd:3.5.12-0` → `etcd`; `k8s.gcr.io/etcd-amd64@sha256:…` → `etcd-amd64`. */
function imageName(image: string): string {
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  return lastSegment.split(/[:@]/)[0] ?? '';
}

function componentNotVisible(component: ControlPlaneComponent, scope: EvaluationScope): FindingDraft {
  const gaps = scope.index.gapsFor(KINDS.pod).filter((gap) => gap.namespace === undefined || gap.namespace === 'kube-system');
  const why =
    gaps.length > 0
      ? `pods in kube-system could not be read (${[...new Set(gaps.map((gap) => gap.reason))].join(', ')})`
      : 'the control plane is managed or not exposed';
  return {
    resource: clusterRef(scope.snapshot),
    status: 'unknown',
    message: `No ${component} static pod is visible in kube-system: ${why}, so "${scope.title}" could not be verified.`,
    evidence: [at(`pods[kube-system][component=${component}]`, 0, `a running ${component} static pod`)],
  };
}
