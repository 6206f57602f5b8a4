import type { Evidence } from '../../domain/finding.js';
import type { JsonObject, JsonValue } from '../../domain/json.js';
import type { KubeObject, Snapshot } from '../../domain/snapshot.js';
import { refOf } from '../../domain/snapshot.js';
import { valueAt } from '../containers.js';
import { at, defineCheck, type CheckDefinition, type FindingDraft } from '../define-check.js';
import { clusterRef } from '../engine.js';
import { KINDS, type SnapshotIndex } from '../snapshot-index.js';

/**
 * Kubelet checks read the configuration each kubelet reports on `/configz`: the `kubeletconfig` object, which
 * the kubelet builds by converting its effective, defaulted configuration to KubeletConfiguration v1beta1
 * (cmd/kubelet/app/server.go, setConfigz). Two consequences drive how absent fields are read:
 *
 * - pointer fields (`authentication.anonymous.enabled`, `makeIPTablesUtilChains`, `eventRecordQPS`) and fields
 *   set by defaulting (`authorization.mode`, `streamingConnectionIdleTimeout`) are always present, so their
 *   absence means the document is not what a kubelet serves, and the verdict is unknown;
 * - plain fields tagged `omitempty` (`readOnlyPort`, `rotateCertificates`, `protectKernelDefaults`,
 *   `tlsCertFile`, `tlsCipherSuites`, `authentication.x509.clientCAFile`) are dropped when zero, so their
 *   absence means the effective value is 0, false, "" or empty.
 *
 * These are effective values: flag, config file and defaults already merged. File defaults (v1beta1) and
 * legacy flag defaults differ (`--anonymous-auth` and `--read-only-port` default to true and 10255 when no
 * config file is used), and configz shows whichever applied.
 */

/** What a rule concludes about one kubelet. */
export interface KubeletVerdict {
  readonly status: 'pass' | 'fail' | 'unknown' | 'not-applicable';
  /** The rest of "The kubelet on node worker-1 …": `has readOnlyPort=10255`. */
  readonly says: string;
  readonly evidence: readonly Evidence[];
}

export type KubeletRule = (config: KubeletConfig) => KubeletVerdict;

/** One kubelet's configz document, read by dotted path (`authentication.anonymous.enabled`). */
export class KubeletConfig {
  constructor(readonly document: JsonObject) {}

  value(path: string): JsonValue | undefined {
    return valueAt(this.document, path.split('.'));
  }

  /** Evidence for a field: `configz.readOnlyPort = 10255`. */
  evidence(path: string, expected?: string): Evidence {
    return at(`configz.${path}`, this.value(path), expected);
  }
}

type KubeletCheckSpec = Omit<CheckDefinition, 'origin' | 'evaluate' | 'reads' | 'needs'> & {
  readonly rule: KubeletRule;
  /** Linux kernel and iptables settings do not exist on Windows nodes: those get `not-applicable`. */
  readonly linuxOnly?: boolean;
};

/**
 * Declares a check over every node's kubelet configuration. A node whose configz could not be read (a
 * `Node/configz` gap) or was not recorded gets `unknown`, never `pass`.
 */
export function defineKubeletCheck(spec: KubeletCheckSpec): CheckDefinition {
  const { rule, linuxOnly = false, ...metadata } = spec;
  return defineCheck({
    ...metadata,
    reads: [KINDS.node],
    evaluate: ({ snapshot, index }) => evaluateNodes({ snapshot, index, rule, linuxOnly }),
  });
}

interface NodeScope {
  readonly snapshot: Snapshot;
  readonly index: SnapshotIndex;
  readonly rule: KubeletRule;
  readonly linuxOnly: boolean;
}

function evaluateNodes(scope: NodeScope): FindingDraft[] {
  const { snapshot, index } = scope;
  if (!index.hasCollected(KINDS.node)) return [];
  const nodes = index.list(KINDS.node);
  if (nodes.length === 0) return [noNodes(snapshot)];
  return nodes.map((node) => evaluateNode(node, scope));
}

function evaluateNode(node: KubeObject, scope: NodeScope): FindingDraft {
  const name = node.metadata.name;
  if (scope.linuxOnly && isWindowsNode(node)) {
    return { resource: refOf(node), status: 'not-applicable', message: `Node ${name} runs Windows, where this kubelet setting does not apply.`, evidence: [at('metadata.labels[kubernetes.io/os]', 'windows')] };
  }
  const config = scope.index.nodeConfig(name);
  if (config === undefined) return configNotRead(node, scope.snapshot);
  const verdict = scope.rule(new KubeletConfig(config.kubeletConfig));
  return { resource: refOf(node), status: verdict.status, message: `The kubelet on node ${name} ${verdict.says}.`, evidence: verdict.evidence };
}

export function isWindowsNode(node: KubeObject): boolean {
  return node.metadata.labels?.['kubernetes.io/os'] === 'windows';
}

/** A node without configuration: why, from its `Node/configz` gap when there is one. */
export function configNotRead(node: KubeObject, snapshot: Snapshot): FindingDraft {
  const name = node.metadata.name;
  const gap = snapshot.gaps.find((candidate) => candidate.kind === 'Node/configz' && candidate.node === name);
  const why = gap === undefined ? 'no configuration was recorded for it' : `its configz endpoint could not be read (${gap.reason}: ${gap.detail})`;
  return {
    resource: refOf(node),
    status: 'unknown',
    message: `The kubelet configuration of node ${name} is unknown: ${why}.`,
    evidence: [at(`gaps[Node/configz][${name}]`, gap?.reason ?? 'not-collected')],
  };
}

function noNodes(snapshot: Snapshot): FindingDraft {
  return {
    resource: clusterRef(snapshot),
    status: 'unknown',
    message: 'No Node objects were collected, so no kubelet configuration could be examined.',
    evidence: [at('resources[Node]', 0, 'at least one node')],
  };
}

function verdict(status: KubeletVerdict['status'], says: string, evidence: readonly Evidence[]): KubeletVerdict {
  return { status, says, evidence };
}

/** `readOnlyPort=10255`; `tlsCipherSuites=[…]` for lists. */
function shown(path: string, value: JsonValue | undefined): string {
  return `${path}=${Array.isArray(value) ? `[${value.join(', ')}]` : JSON.stringify(value ?? null)}`;
}

export interface KubeletBooleanOptions {
  readonly path: string;
  readonly want: boolean;
  /**
   * What an absent field means: `false` for plain `omitempty` booleans (dropped when false); undefined for
   * pointer booleans, which configz always serves, so absence makes the verdict unknown.
   */
  readonly absentMeans?: boolean;
}

/** A boolean setting must be `want`. */
export function kubeletBoolean({ path, want, absentMeans }: KubeletBooleanOptions): KubeletRule {
  return (config) => {
    const value = config.value(path);
    const evidence = [config.evidence(path, String(want))];
    if (typeof value === 'boolean') return verdict(value === want ? 'pass' : 'fail', `has ${shown(path, value)}`, evidence);
    if (value === undefined && absentMeans !== undefined) {
      return verdict(absentMeans === want ? 'pass' : 'fail', `leaves ${path} unset, which means ${String(absentMeans)}`, evidence);
    }
    return verdict('unknown', `reports ${value === undefined ? `no ${path}` : shown(path, value)}, which is not a boolean`, evidence);
  };
}

/** A string setting (a file path) must be non-empty; configz drops empty strings, so absent means unset. */
export function kubeletPathsSet(...paths: readonly string[]): KubeletRule {
  return (config) => {
    const evidence = paths.map((path) => config.evidence(path, 'a file path'));
    const missing = paths.filter((path) => !isNonEmptyString(config.value(path)));
    if (missing.length === 0) return verdict('pass', `has ${paths.map((path) => shown(path, config.value(path))).join(' and ')}`, evidence);
    return verdict('fail', `does not set ${missing.join(' or ')}`, evidence);
  };
}

export function isNonEmptyString(value: JsonValue | undefined): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** A number the check needs present (pointer fields); unknown when configz does not report it. */
export function kubeletNumber(config: KubeletConfig, path: string): number | undefined {
  const value = config.value(path);
  return typeof value === 'number' ? value : undefined;
}

export { shown as shownSetting, verdict as kubeletVerdict };
